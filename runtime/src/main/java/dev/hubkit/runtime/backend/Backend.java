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

    @Override
    void close();
}
