package dev.hubkit.converters.convert;

/** Told after each tensor is written. */
@FunctionalInterface
public interface ProgressListener {
    /** {@code done} of {@code total} bytes written; {@code name} was the last tensor. */
    void progress(String name, long done, long total);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (n, d, t) -> {
        };
    }
}
