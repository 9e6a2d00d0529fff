package dev.hubkit.runtime.backend;

import java.util.Locale;

/** Where the user wants the model to run. */
public enum DevicePreference {
    /** CUDA when a device and a CUDA build of the engine are present, CPU otherwise. */
    AUTO,
    /** Always the CPU. */
    CPU,
    /** CUDA, or an error saying what is missing. */
    CUDA;

    /** Parses "auto", "cpu" or "cuda" (case-insensitive). */
    public static DevicePreference parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device '" + s + "'; use auto, cpu or cuda", e);
        }
    }
}
