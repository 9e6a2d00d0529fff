package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.tensor.FloatTensor;
import java.util.List;

/**
 * Sentence embeddings: the model's token vectors pooled (cls, mask-aware mean, or max) and
 * optionally L2-normalised. Pooling comes from sentence-transformers' {@code modules.json} /
 * {@code 1_Pooling/config.json} when the model has them.
 */
public final class FeatureExtractionPipeline implements Pipeline<float[]> {
    private final AutoModel model;
    private final PoolingConfig pooling;
    private final PipelineOptions options;
    private final Batcher batcher;

    private FeatureExtractionPipeline(AutoModel model, PoolingConfig pooling, PipelineOptions options) {
        this.model = model;
        this.pooling = pooling;
        this.options = options;
        int max = Limits.maxLength(model, options, pooling.maxSeqLength());
        this.batcher = new Batcher(model.tokenizer(), model.backend(), max, model.config().vocabSize(),
                Limits.padId(model), options, "last_hidden_state");
    }

    /** Uses the model's sentence-transformers settings, or mean pooling without normalisation. */
    public static FeatureExtractionPipeline create(AutoModel model, PipelineOptions options) {
        return new FeatureExtractionPipeline(model,
                PoolingConfig.read(model.source(), PoolingConfig.of(Pooling.MEAN, false)), options);
    }

    /** Uses the given pooling, ignoring the model's sentence-transformers files. */
    public static FeatureExtractionPipeline create(AutoModel model, PoolingConfig pooling, PipelineOptions options) {
        return new FeatureExtractionPipeline(model, pooling, options);
    }

    /** The pooling in effect. */
    public PoolingConfig pooling() {
        return pooling;
    }

    /** Token limit in effect. */
    public int maxLength() {
        return batcher.maxLength();
    }

    /** Embeds one text. */
    public float[] embed(String text) {
        return run(List.of(text)).get(0);
    }

    @Override
    public List<float[]> run(List<String> texts) {
        return batcher.run(texts, (out, row, enc, index) -> {
            FloatTensor h = Outputs.pick(out, options.outputName(), "last_hidden_state", 3);
            int seq = h.dim(1);
            int hidden = h.dim(2);
            float[] v = pooling.pooling().pool(h.data(), row * seq * hidden, enc.length(), enc.attentionMask(), hidden);
            return pooling.normalize() ? Pooling.l2Normalize(v) : v;
        });
    }

    @Override
    public ObjectNode toJson(float[] embedding) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode a = o.putArray("embedding");
        for (float f : embedding) {
            a.add(f);
        }
        return o;
    }

    @Override
    public AutoModel model() {
        return model;
    }
}
