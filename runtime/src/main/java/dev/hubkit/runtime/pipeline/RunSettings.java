package dev.hubkit.runtime.pipeline;

import dev.hubkit.runtime.backend.BackendOptions;

/**
 * Everything {@code hubkit run} needs to build a pipeline.
 *
 * @param task        the task
 * @param model       local folder or hub repo id
 * @param backend     backend and device choice
 * @param pipeline    batching and length options
 * @param topK        labels / candidates per input (text-classification: 0 = all; fill-mask: >= 1)
 * @param aggregation token-classification strategy
 * @param pooling     feature-extraction pooling; null uses the model's sentence-transformers settings (mean otherwise)
 * @param normalize   feature-extraction L2 normalisation; null uses the model's settings
 */
public record RunSettings(Task task, String model, BackendOptions backend, PipelineOptions pipeline, int topK,
                          Aggregation aggregation, Pooling pooling, Boolean normalize) {

    /** Defaults for {@code task} on {@code model}: auto backend, batch 32, top-k 1 (5 for fill-mask). */
    public static RunSettings defaults(Task task, String model) {
        return new RunSettings(task, model, BackendOptions.defaults(), PipelineOptions.defaults(),
                task == Task.FILL_MASK ? 5 : 1, Aggregation.NONE, null, null);
    }
}
