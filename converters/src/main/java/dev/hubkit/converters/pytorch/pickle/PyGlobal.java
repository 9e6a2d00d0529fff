package dev.hubkit.converters.pytorch.pickle;

/** A reference to a Python global ({@code module.name}) that was allowed; never executed. */
public record PyGlobal(String module, String name) {
    /** {@code module.name}. */
    public String qualified() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
