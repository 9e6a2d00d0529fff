package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.tokenizers.Encoding;
import java.nio.FloatBuffer;
import java.util.Arrays;
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
        String output = options.outputName() != null ? options.outputName() : "last_hidden_state";
        if (!model.backend().outputNames().contains(output)) {
            // Output names unknown before a call (TorchScript), or the usual one is absent: read the outputs as they come.
            return batcher.run(texts, (out, row, enc, index) -> {
                FloatTensor h = Outputs.pick(out, options.outputName(), "last_hidden_state", 3);
                return pool(FloatBuffer.wrap(h.data()), h.shape(), row, enc);
            });
        }
        // The hidden states are pooled where the backend wrote them (a reused buffer on CPU ONNX
        // Runtime); every result is a new array, so nothing of that buffer leaves this method.
        return batcher.runReading(texts, output, (h, shape, row, enc, index) -> {
            if (shape.length != 3) {
                throw new RuntimeBackendException("expected a float output of rank 3 (" + output
                        + ") but the model gives " + output + ": float" + Arrays.toString(shape)
                        + "; choose another output with the output-name option");
            }
            return pool(h, shape, row, enc);
        });
    }

    private float[] pool(FloatBuffer h, long[] shape, int row, Encoding enc) {
        int seq = Math.toIntExact(shape[1]);
        int hidden = Math.toIntExact(shape[2]);
        float[] v = pooling.pooling().pool(h, row * seq * hidden, enc.length(), enc.attentionMask(), hidden);
        return pooling.normalize() ? Pooling.l2Normalize(v) : v;
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
