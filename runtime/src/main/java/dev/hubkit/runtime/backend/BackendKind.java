package dev.hubkit.runtime.backend;

/** Inference engines hubkit can use. */
public enum BackendKind {
    /** ONNX Runtime, for {@code .onnx} graphs. */
    ONNX("onnx"),
    /** DJL's PyTorch engine (libtorch), for TorchScript {@code .pt} files. */
    PYTORCH("pytorch");

    private final String cliName;

    BackendKind(String cliName) {
        this.cliName = cliName;
    }

    /** Name used on the command line. */
    public String cliName() {
        return cliName;
    }
}
