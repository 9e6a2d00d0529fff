package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import java.util.List;

/**
 * A task pipeline: texts in, one result per text out, in input order. Implementations are
 * thread-safe; one instance serves concurrent callers.
 *
 * @param <R> result type of one input
 */
public sealed interface Pipeline<R> extends AutoCloseable
        permits FeatureExtractionPipeline, TextClassificationPipeline, TokenClassificationPipeline, FillMaskPipeline {

    /** Runs every text (length-sorted micro-batches, dynamic padding) and returns results in input order. */
    List<R> run(List<String> texts);

    /** One result as the JSON object {@code hubkit run} prints per line. */
    ObjectNode toJson(R result);

    /** The model this pipeline runs. */
    AutoModel model();

    /** Closes the model. */
    @Override
    default void close() {
        model().close();
    }
}
