package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Fill-mask: softmax over the vocabulary at the single mask token ({@code [MASK]} or {@code <mask>}),
 * best {@code topK} candidates first.
 */
public final class FillMaskPipeline implements Pipeline<List<MaskPrediction>> {
    private final AutoModel model;
    private final PipelineOptions options;
    private final int topK;
    private final Batcher batcher;
    private final int maskId;
    private final String maskToken;

    private FillMaskPipeline(AutoModel model, PipelineOptions options, int topK) {
        this.model = model;
        this.options = options;
        this.topK = topK;
        this.batcher = new Batcher(model.tokenizer(), model.backend(), Limits.maxLength(model, options, OptionalInt.empty()),
                model.config().vocabSize(), Limits.padId(model), options, "logits");
        String found = null;
        int id = -1;
        for (String candidate : new String[] {"[MASK]", "<mask>"}) {
            id = model.tokenizer().tokenToId(candidate);
            if (id >= 0) {
                found = candidate;
                break;
            }
        }
        if (found == null) {
            throw new RuntimeBackendException("the tokenizer of '" + model.source()
                    + "' has no mask token ([MASK] or <mask>); fill-mask needs a masked-language model");
        }
        this.maskId = id;
        this.maskToken = found;
    }

    /** @param topK candidates per input (>= 1) */
    public static FillMaskPipeline create(AutoModel model, PipelineOptions options, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be >= 1 for fill-mask, got " + topK);
        }
        return new FillMaskPipeline(model, options, topK);
    }

    /** The mask token inputs must contain exactly once. */
    public String maskToken() {
        return maskToken;
    }

    @Override
    public List<List<MaskPrediction>> run(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new RuntimeBackendException("empty batch: give at least one input text");
        }
        Encoding[] enc = new Encoding[texts.size()];
        int[] maskPos = new int[texts.size()];
        for (int i = 0; i < enc.length; i++) {
            enc[i] = batcher.encode(texts.get(i), i);
            maskPos[i] = maskPosition(enc[i], i);
        }
        return batcher.runEncoded(enc, (out, row, e, index) -> {
            FloatTensor logits = Outputs.pickLogits(out, options.outputName(), "logits", 3,
                    model.config().vocabSize(), "the vocabulary (vocab_size)");
            int seq = logits.dim(1);
            int vocab = logits.dim(2);
            double[] p = ScoreFunction.SOFTMAX.apply(logits.data(), (row * seq + maskPos[index]) * vocab, vocab);
            int[] ids = e.ids();
            List<MaskPrediction> preds = new ArrayList<>();
            for (int k : ScoreFunction.topK(p, topK)) {
                ids[maskPos[index]] = k;
                preds.add(new MaskPrediction(p[k], k, model.tokenizer().decode(new int[] {k}, false),
                        model.tokenizer().decode(ids, true)));
            }
            return preds;
        });
    }

    private int maskPosition(Encoding e, int index) {
        int[] ids = e.ids();
        int pos = -1;
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] == maskId) {
                if (pos >= 0) {
                    throw new RuntimeBackendException("input " + index + " has more than one " + maskToken
                            + "; fill-mask predicts exactly one masked token per input");
                }
                pos = t;
            }
        }
        if (pos < 0) {
            throw new RuntimeBackendException("input " + index + " has no " + maskToken + " token (or it was truncated away);"
                    + " put " + maskToken + " where the word to predict goes");
        }
        return pos;
    }

    @Override
    public ObjectNode toJson(List<MaskPrediction> preds) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode a = o.putArray("predictions");
        for (MaskPrediction p : preds) {
            a.addObject().put("score", p.score()).put("token", p.token()).put("token_str", p.tokenStr())
                    .put("sequence", p.sequence());
        }
        return o;
    }

    @Override
    public AutoModel model() {
        return model;
    }
}
