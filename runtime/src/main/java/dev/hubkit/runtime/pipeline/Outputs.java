package dev.hubkit.runtime.pipeline;

import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.runtime.tensor.Tensor;

/** Picks the model output a pipeline reads. */
final class Outputs {
    private Outputs() {
    }

    /** The user's output when named, else {@code usual} when present, else the first output; must be float. */
    static FloatTensor pick(NamedTensors out, String requested, String usual, int rank) {
        Tensor t = requested != null ? out.get(requested) : out.find(usual).orElseGet(() -> out.get(0));
        if (!(t instanceof FloatTensor f) || f.rank() != rank) {
            throw new RuntimeBackendException("expected a float output of rank " + rank + " ("
                    + (requested != null ? requested : usual) + ") but the model gives " + out.describe()
                    + "; choose another output with the output-name option");
        }
        return f;
    }

    /** Like {@link #pick} and checks the last dimension is {@code expected} ({@code what} names it for the message). */
    static FloatTensor pickLogits(NamedTensors out, String requested, String usual, int rank, int expected, String what) {
        FloatTensor f = pick(out, requested, usual, rank);
        int last = f.dim(rank - 1);
        if (last != expected) {
            throw new RuntimeBackendException("the model output used as logits has " + last + " values per "
                    + (rank == 3 ? "token" : "input") + " but " + what + " has " + expected
                    + ": this model has no matching head (outputs: " + out.describe()
                    + "); use a model exported for this task or pick the right output");
        }
        return f;
    }
}
