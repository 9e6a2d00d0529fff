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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code hubkit run TASK -m MODEL}: one input per line in, one JSON object per line out
 * ({@code {"embedding": [...]}}, {@code {"labels": [...]}}, {@code {"entities": [...]}},
 * {@code {"predictions": [...]}}). All behaviour lives in {@link TaskRunner}.
 */
public final class RunCommand implements Callable<Integer> {

    private final PositionalParamSpec taskArg = Specs.positional("0", String.class, "TASK",
            "feature-extraction, text-classification, token-classification or fill-mask.");
    private final OptionSpec modelArg = Specs.required("-m", "--model", String.class, "MODEL",
            "A model directory or a hub repo id (needs config.json, tokenizer.json and model.onnx, onnx/model.onnx or a TorchScript .pt).");
    private final OptionSpec backendArg = withDefault("--backend", String.class, "auto", "auto|onnx|pytorch",
            "Inference engine (default: ${DEFAULT-VALUE}: by the files the model ships and the libraries that load).");
    private final OptionSpec deviceArg = withDefault("--device", String.class, "auto", "auto|cpu|cuda",
            "Where to run (default: ${DEFAULT-VALUE}: CUDA when a device and a CUDA build are present).");
    private final OptionSpec batchSizeArg = withDefault("--batch-size", int.class, "32", "N",
            "Most inputs per model call (default: ${DEFAULT-VALUE}); inputs are sorted by length and cut into micro-batches within the token budget.");
    private final OptionSpec tokenBudgetArg = withDefault("--token-budget", int.class, "0", "N",
            "Most padded tokens per model call (default: 0 = automatic: 512 on CPU, none on CUDA).");
    private final OptionSpec inputArg = Specs.option("-i", "--input", Path.class, "IN",
            "Input file (default: standard input).");
    private final OptionSpec outputArg = Specs.option("-o", "--output", Path.class, "OUT",
            "Output file, written atomically (default: standard output).");
    private final OptionSpec explainArg = Specs.flag("--explain",
            "Print to standard error why the backend and device were chosen.");
    private final OptionSpec topKArg = Specs.option("--top-k", Integer.class, "K",
            "Labels (text-classification, 0 = all; default 1) or candidates (fill-mask; default 5) per input.");
    private final OptionSpec aggregationArg = withDefault("--aggregation", String.class, "none",
            "none|simple|first|average|max",
            "token-classification grouping, as transformers defines it (default: ${DEFAULT-VALUE}).");
    private final OptionSpec poolingArg = Specs.option("--pooling", String.class, "cls|mean|max",
            "feature-extraction pooling (default: the model's sentence-transformers setting, else mean).");
    private final OptionSpec normalizeArg = OptionSpec.builder("--normalize").type(Boolean.class).negatable(true)
            .description("L2-normalise embeddings (default: the model's sentence-transformers setting, else off).")
            .build();
    private final OptionSpec maxLengthArg = withDefault("--max-length", int.class, "0", "N",
            "Token limit (default: the model's).");
    private final OptionSpec strictArg = Specs.flag("--strict",
            "Fail on inputs longer than the model allows instead of truncating them with a warning.");
    private final OptionSpec threadsArg = withDefault("--threads", int.class, "0", "N",
            "Intra-op threads per model call (default: 0 = one thread per call and one concurrent call per core on CPU).");
    private final OptionSpec allowNativeDownloadArg = Specs.flag("--allow-native-download",
            "Let DJL download libtorch when no natives jar is on the classpath.");

    private final CommandSpec spec = Specs.command(this, "run",
            "Run a task pipeline over text, one input per line, writing one JSON object per line.",
            "TASK: feature-extraction (sentence-embeddings), text-classification, token-classification (ner), fill-mask.")
            .addPositional(taskArg).addOption(modelArg).addOption(backendArg).addOption(deviceArg)
            .addOption(batchSizeArg).addOption(tokenBudgetArg).addOption(inputArg).addOption(outputArg)
            .addOption(explainArg).addOption(topKArg).addOption(aggregationArg).addOption(poolingArg)
            .addOption(normalizeArg).addOption(maxLengthArg).addOption(strictArg).addOption(threadsArg)
            .addOption(allowNativeDownloadArg);

    /** The model of a new {@code run} command. */
    public static CommandSpec spec() {
        return new RunCommand().spec;
    }

    private static OptionSpec withDefault(String name, Class<?> type, String defaultValue, String label,
            String description) {
        return OptionSpec.builder(name).type(type).defaultValue(defaultValue).paramLabel(label)
                .description(description).build();
    }

    @Override
    public Integer call() {
        String task = taskArg.getValue();
        String model = modelArg.getValue();
        String backend = backendArg.getValue();
        String device = deviceArg.getValue();
        int batchSize = batchSizeArg.getValue();
        int tokenBudget = tokenBudgetArg.getValue();
        Integer topK = topKArg.getValue();
        String aggregation = aggregationArg.getValue();
        String pooling = poolingArg.getValue();
        Boolean normalize = normalizeArg.getValue();
        int maxLength = maxLengthArg.getValue();
        boolean strict = Specs.isSet(strictArg);
        int threads = threadsArg.getValue();
        boolean allowNativeDownload = Specs.isSet(allowNativeDownloadArg);
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
        try {
            TaskRunner.execute(s, inputArg.getValue(), outputArg.getValue(), System.in, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), Specs.isSet(explainArg));
        } catch (UncheckedIOException e) {
            throw withoutRunPrefix(e);
        }
        return ExitCodes.OK;
    }

    /** TaskRunner's context prefix, which repeats the program's name on the error line. */
    static final String RUN_PREFIX = "hubkit run: ";

    /**
     * {@code e} without TaskRunner's {@value #RUN_PREFIX} prefix: where the rest only repeats the cause's message
     * the error line is the cause's alone; any other context (a model file that could not be read, and from where)
     * stays.
     */
    static UncheckedIOException withoutRunPrefix(UncheckedIOException e) {
        String message = e.getMessage();
        if (message == null || !message.startsWith(RUN_PREFIX)) {
            return e;
        }
        String rest = message.substring(RUN_PREFIX.length());
        UncheckedIOException stripped = rest.equals(String.valueOf(e.getCause().getMessage()))
                ? new UncheckedIOException(e.getCause()) : new UncheckedIOException(rest, e.getCause());
        stripped.setStackTrace(e.getStackTrace());
        return stripped;
    }
}
