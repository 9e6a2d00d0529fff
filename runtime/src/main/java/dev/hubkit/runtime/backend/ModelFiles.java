package dev.hubkit.runtime.backend;

import dev.hubkit.core.source.ModelSources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which runnable files a model ships, found through {@link ModelSources} (local folder or hub repo).
 *
 * @param model       the model as the user named it
 * @param onnx        the first ONNX file found, if any
 * @param torchScript the first TorchScript file found, if any
 * @param looked      every file name tried, per engine, in order
 */
public record ModelFiles(String model, Optional<Path> onnx, Optional<Path> torchScript,
                         Map<BackendKind, List<String>> looked) {

    /** ONNX file names tried, in order (transformers.js / optimum layouts). */
    public static final List<String> ONNX_NAMES = List.of("model.onnx", "onnx/model.onnx");
    /** TorchScript file names tried, in order. */
    public static final List<String> TORCHSCRIPT_NAMES = List.of("model.pt", "traced_model.pt", "torchscript.pt",
            "model.torchscript");

    /** Looks for every known file name of {@code model}. */
    public static ModelFiles find(String model) {
        Map<BackendKind, List<String>> looked = new LinkedHashMap<>();
        looked.put(BackendKind.ONNX, ONNX_NAMES);
        looked.put(BackendKind.PYTORCH, TORCHSCRIPT_NAMES);
        return new ModelFiles(model, first(model, ONNX_NAMES), first(model, TORCHSCRIPT_NAMES), Map.copyOf(looked));
    }

    private static Optional<Path> first(String model, List<String> names) {
        for (String n : names) {
            Optional<Path> p = ModelSources.tryResolve(model, n);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** The file for {@code kind}, if the model ships one. */
    public Optional<Path> file(BackendKind kind) {
        return kind == BackendKind.ONNX ? onnx : torchScript;
    }
}
