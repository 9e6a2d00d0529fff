package dev.hubkit.runtime.backend;

import java.util.Locale;
import java.util.Optional;

/** Which engine the user wants: one in particular, or whichever fits ({@code auto}). */
public enum BackendPreference {
    /** ONNX Runtime first when the model ships ONNX, otherwise PyTorch. */
    AUTO(null),
    /** Only ONNX Runtime. */
    ONNX(BackendKind.ONNX),
    /** Only the PyTorch engine. */
    PYTORCH(BackendKind.PYTORCH);

    private final BackendKind kind;

    BackendPreference(BackendKind kind) {
        this.kind = kind;
    }

    /** The engine asked for, empty for auto. */
    public Optional<BackendKind> kind() {
        return Optional.ofNullable(kind);
    }

    /** Parses "auto", "onnx", "pytorch" (or "torch"), case-insensitive. */
    public static BackendPreference parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> AUTO;
            case "onnx", "onnxruntime", "ort" -> ONNX;
            case "pytorch", "torch", "torchscript" -> PYTORCH;
            default -> throw new IllegalArgumentException("unknown backend '" + s + "'; use auto, onnx or pytorch");
        };
    }
}
