package dev.hubkit.converters.mapping;

import dev.hubkit.core.HubkitException;
import java.util.List;

/** Some tensor names map to nothing under the chosen architecture; the message lists them. */
public class UnmappedNamesException extends HubkitException {
    private static final long serialVersionUID = 1L;
    private final List<String> names;

    public UnmappedNamesException(String architecture, List<String> names) {
        super(names.size() + " tensor name(s) do not map under architecture '" + architecture + "': "
                + String.join(", ", names.subList(0, Math.min(names.size(), 50)))
                + (names.size() > 50 ? ", ..." : "")
                + "; pick the right --arch, or pass --allow-unmapped to keep them under their own names");
        this.names = List.copyOf(names);
    }

    /** The names fit another architecture than the chosen one; {@code message} says which. */
    public UnmappedNamesException(String message) {
        super(message);
        this.names = List.of();
    }

    /** The names that did not map. */
    public List<String> names() {
        return names;
    }
}
