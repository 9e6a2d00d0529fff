package dev.hubkit.runtime.backend;

import dev.hubkit.runtime.tensor.NamedTensors;
import java.util.List;

/**
 * A loaded model on one inference engine. {@link #run} is thread-safe: one backend serves
 * concurrent callers. Close it to free native memory.
 */
public sealed interface Backend extends AutoCloseable permits OnnxBackend, TorchBackend {

    /** Which engine runs the model. */
    BackendKind kind();

    /** Where it runs, e.g. "cpu" or "cuda:0". */
    String device();

    /** Input names in the order the model declares them. */
    List<String> inputNames();

    /** Output names in the order the model produces them. */
    List<String> outputNames();

    /**
     * Runs the model. Inputs are matched by name; inputs the model does not declare are ignored,
     * and a declared input that is missing is an error.
     *
     * @return every output of the model, in declared order
     */
    NamedTensors run(NamedTensors inputs);

    /**
     * Runs the model and returns only the named outputs (engines that cannot skip outputs compute
     * them all and drop the rest). Unknown names are ignored; an empty set returns every output.
     */
    default NamedTensors run(NamedTensors inputs, java.util.Set<String> outputs) {
        NamedTensors all = run(inputs);
        if (outputs.isEmpty() || all.names().stream().noneMatch(outputs::contains)) {
            return all;
        }
        java.util.Map<String, dev.hubkit.runtime.tensor.Tensor> kept = new java.util.LinkedHashMap<>();
        all.asMap().forEach((k, v) -> {
            if (outputs.contains(k)) {
                kept.put(k, v);
            }
        });
        return NamedTensors.of(kept);
    }

    /**
     * How many {@link #run} calls may usefully run at once: the pipelines run this many
     * micro-batches concurrently. 1 when the engine parallelises inside one call (or on a GPU).
     */
    default int parallelism() {
        return 1;
    }

    @Override
    void close();
}
