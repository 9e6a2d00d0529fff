package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.runtime.backend.BackendOptions;
import dev.hubkit.runtime.backend.BackendPreference;
import dev.hubkit.runtime.backend.DevicePreference;
import dev.hubkit.runtime.pipeline.Aggregation;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import dev.hubkit.runtime.pipeline.Pooling;
import dev.hubkit.runtime.pipeline.RunSettings;
import dev.hubkit.runtime.pipeline.Task;
import dev.hubkit.runtime.pipeline.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubkit run TASK -m MODEL}: one input per line in, one JSON object per line out
 * ({@code {"embedding": [...]}}, {@code {"labels": [...]}}, {@code {"entities": [...]}},
 * {@code {"predictions": [...]}}). All behaviour lives in {@link TaskRunner}.
 */
@Command(name = "run",
        description = {"Run a task pipeline over text, one input per line, writing one JSON object per line.",
                "TASK: feature-extraction (sentence-embeddings), text-classification, token-classification (ner), fill-mask."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "feature-extraction, text-classification, token-classification or fill-mask.")
    String task;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "A model directory or a hub repo id (needs config.json, tokenizer.json and model.onnx, onnx/model.onnx or a TorchScript .pt).")
    String model;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|onnx|pytorch",
            description = "Inference engine (default: ${DEFAULT-VALUE}: by the files the model ships and the libraries that load).")
    String backend;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "Where to run (default: ${DEFAULT-VALUE}: CUDA when a device and a CUDA build are present).")
    String device;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Most inputs per model call (default: ${DEFAULT-VALUE}); inputs are sorted by length and cut into micro-batches within the token budget.")
    int batchSize;

    @Option(names = "--token-budget", defaultValue = "0", paramLabel = "N",
            description = "Most padded tokens per model call (default: 0 = automatic: 512 on CPU, none on CUDA).")
    int tokenBudget;

    @Option(names = {"-i", "--input"}, paramLabel = "IN", description = "Input file (default: standard input).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file, written atomically (default: standard output).")
    Path output;

    @Option(names = "--explain", description = "Print to standard error why the backend and device were chosen.")
    boolean explain;

    @Option(names = "--top-k", paramLabel = "K", description = "Labels (text-classification, 0 = all; default 1) or candidates (fill-mask; default 5) per input.")
    Integer topK;

    @Option(names = "--aggregation", defaultValue = "none", paramLabel = "none|simple|first|average|max",
            description = "token-classification grouping, as transformers defines it (default: ${DEFAULT-VALUE}).")
    String aggregation;

    @Option(names = "--pooling", paramLabel = "cls|mean|max", description = "feature-extraction pooling (default: the model's sentence-transformers setting, else mean).")
    String pooling;

    @Option(names = "--normalize", negatable = true, description = "L2-normalise embeddings (default: the model's sentence-transformers setting, else off).")
    Boolean normalize;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N", description = "Token limit (default: the model's).")
    int maxLength;

    @Option(names = "--strict", description = "Fail on inputs longer than the model allows instead of truncating them with a warning.")
    boolean strict;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Intra-op threads per model call (default: 0 = one thread per call and one concurrent call per core on CPU).")
    int threads;

    @Option(names = "--allow-native-download", description = "Let DJL download libtorch when no natives jar is on the classpath.")
    boolean allowNativeDownload;

    @Override
    public Integer call() {
        RunSettings s;
        try {
            Task t = Task.parse(task);
            BackendOptions b = new BackendOptions(BackendPreference.parse(backend), DevicePreference.parse(device),
                    threads, 0, allowNativeDownload);
            PipelineOptions p = new PipelineOptions(batchSize, strict, maxLength, null, tokenBudget);
            RunSettings defaults = RunSettings.defaults(t, model);
            s = new RunSettings(t, model, b, p, topK != null ? topK : defaults.topK(),
                    Aggregation.parse(aggregation), pooling != null ? Pooling.parse(pooling) : null, normalize);
        } catch (IllegalArgumentException e) {
            // Bad option values are the user's to fix: exit code 1 with the message, not an internal error.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TaskRunner.execute(s, input, output, System.in, spec.commandLine().getOut(), spec.commandLine().getErr(), explain);
        return ExitCodes.OK;
    }
}
