package dev.hubkit.runtime.backend;

import dev.hubkit.runtime.RuntimeBackendException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks and loads the backend for a model: by what the model ships ({@code model.onnx},
 * {@code onnx/model.onnx}, a TorchScript {@code .pt}), what the machine has (which native
 * libraries load, CUDA) and the user's preference. A backend whose native library fails to load
 * is reported in the explanation and skipped when another can serve.
 */
public final class BackendSelector {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    /** A loaded backend together with the reasons it was chosen. */
    public record Selection(Backend backend, Explanation explanation) {
    }

    private BackendSelector() {
    }

    /**
     * Selects and loads a backend for {@code model} (a local folder or hub repo id).
     *
     * @throws RuntimeBackendException listing what was looked for and what is missing when nothing fits
     */
    public static Selection select(String model, BackendOptions options) {
        return select(ModelFiles.find(model), options);
    }

    /** Selects among already located files. */
    public static Selection select(ModelFiles files, BackendOptions options) {
        List<String> reasons = new ArrayList<>();
        reasons.add("model ships: " + describe(files));
        List<BackendKind> order = candidates(files, options, reasons);
        List<String> failures = new ArrayList<>();
        for (BackendKind kind : order) {
            Path file = files.file(kind).orElseThrow();
            NativeProbe.Availability av = availability(kind, options);
            if (!av.loaded()) {
                reasons.add(kind.cliName() + " skipped: " + av.detail());
                failures.add(kind.cliName() + ": " + av.detail());
                LOG.warn("{} backend unavailable, trying the next one: {}", kind.cliName(), av.detail());
                continue;
            }
            reasons.add(av.detail());
            Backend backend = kind == BackendKind.ONNX ? OnnxBackend.load(file, options)
                    : TorchBackend.load(file, options);
            reasons.addAll(kind == BackendKind.ONNX ? ((OnnxBackend) backend).notes()
                    : ((TorchBackend) backend).notes());
            reasons.add("chose " + kind.cliName() + " for " + file.getFileName());
            return new Selection(backend, new Explanation(kind, file, backend.device(), reasons));
        }
        throw new RuntimeBackendException("no backend can run '" + files.model() + "': "
                + String.join("; ", failures) + ". Reasons: " + String.join("; ", reasons));
    }

    private static NativeProbe.Availability availability(BackendKind kind, BackendOptions options) {
        return kind == BackendKind.ONNX ? NativeProbe.onnx().availability()
                : NativeProbe.torch(options.allowNativeDownload());
    }

    private static List<BackendKind> candidates(ModelFiles files, BackendOptions options, List<String> reasons) {
        Optional<BackendKind> wanted = options.backend().kind();
        if (wanted.isPresent()) {
            BackendKind k = wanted.get();
            if (files.file(k).isEmpty()) {
                throw new RuntimeBackendException("--backend " + k.cliName() + " asked for, but '" + files.model()
                        + "' has no " + fileKind(k) + " file: looked for " + files.looked().get(k)
                        + "; the model ships " + describe(files) + ". "
                        + (k == BackendKind.ONNX ? "Export it with optimum-cli export onnx"
                        : "Export it with torch.jit.trace + torch.jit.save") + ", or use --backend auto.");
            }
            reasons.add("--backend " + k.cliName() + " requested");
            return List.of(k);
        }
        List<BackendKind> order = new ArrayList<>();
        for (BackendKind k : BackendKind.values()) {
            if (files.file(k).isPresent()) {
                order.add(k);
            }
        }
        if (order.isEmpty()) {
            throw new RuntimeBackendException("'" + files.model() + "' has no file hubkit can run: looked for "
                    + files.looked().get(BackendKind.ONNX) + " (ONNX Runtime) and "
                    + files.looked().get(BackendKind.PYTORCH) + " (TorchScript for PyTorch), found none."
                    + " Export the model to ONNX (optimum-cli export onnx) or TorchScript (torch.jit.trace),"
                    + " or convert its weights first.");
        }
        if (options.device() != DevicePreference.CPU && order.size() > 1 && CudaDevices.detect().present()) {
            // A CUDA device and both files shipped: prefer the engine that can actually use the device
            // (libtorch is only loaded to find out when ONNX Runtime cannot).
            boolean onnxCuda = NativeProbe.onnx().availability().cuda();
            Optional<String> torchCpuOnly = onnxCuda ? Optional.empty() : NativeProbe.torchCpuOnly();
            boolean torchCuda = !onnxCuda && torchCpuOnly.isEmpty()
                    && NativeProbe.torch(options.allowNativeDownload()).cuda();
            if (torchCuda) {
                order = List.of(BackendKind.PYTORCH, BackendKind.ONNX);
                reasons.add("auto: pytorch first because only libtorch can use the CUDA device");
                return order;
            }
            if (!onnxCuda) {
                reasons.add("pytorch cannot use the CUDA device either: " + torchCpuOnly.orElseGet(
                        () -> NativeProbe.torch(options.allowNativeDownload()).detail()));
            }
        }
        reasons.add("auto: " + (order.size() > 1 ? "onnx preferred (faster on CPU), pytorch as fallback"
                : "only " + order.get(0).cliName() + " files present"));
        return order;
    }

    private static String fileKind(BackendKind k) {
        return k == BackendKind.ONNX ? "ONNX" : "TorchScript";
    }

    private static String describe(ModelFiles files) {
        List<String> parts = new ArrayList<>();
        files.onnx().ifPresent(p -> parts.add("ONNX " + p.getFileName()));
        files.torchScript().ifPresent(p -> parts.add("TorchScript " + p.getFileName()));
        return parts.isEmpty() ? "nothing runnable" : String.join(", ", parts);
    }
}
