package dev.hubkit.runtime.backend;

import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.runtime.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Set;

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
     * Runs the model for its float output {@code output} and lets {@code reader} read it where it
     * lies: the buffer (row-major, absolute positions {@code 0..n-1}) may be reused by the backend for
     * a later call once {@code reader} returns, so the reader must copy whatever it keeps and must not
     * hand the buffer on. Backends that cannot write outputs into reused memory run normally and wrap
     * the output array.
     *
     * @return what {@code reader} returned
     * @throws RuntimeBackendException as {@link #run} does, or when the model has no float output called {@code output}
     */
    default <R> R runReading(NamedTensors inputs, String output, FloatReader<R> reader) {
        Tensor t = run(inputs, Set.of(output)).get(output);
        if (!(t instanceof FloatTensor f)) {
            throw new RuntimeBackendException("output '" + output + "' is a " + t.dtype()
                    + " tensor, not float; choose a float output");
        }
        return reader.read(FloatBuffer.wrap(f.data()).asReadOnlyBuffer(), f.shape());
    }

    /** Reads one float output during {@link #runReading}. */
    @FunctionalInterface
    interface FloatReader<R> {
        /**
         * @param data  the output, row-major; valid only during this call
         * @param shape its dimensions, outermost first
         */
        R read(FloatBuffer data, long[] shape);
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
