package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Token classification (NER): per-token softmax over the {@code [batch, seq, labels]} logits, then
 * aggregation (none/simple/first/average/max) as transformers defines it; label "O" is dropped.
 * A token continues a word (is a sub-word) when the tokenizer assigns it the previous token's word id.
 */
public final class TokenClassificationPipeline implements Pipeline<List<Entity>> {
    private final AutoModel model;
    private final PipelineOptions options;
    private final Aggregation aggregation;
    private final Batcher batcher;
    private final TokenAggregator aggregator;

    private TokenClassificationPipeline(AutoModel model, PipelineOptions options, Aggregation aggregation) {
        this.model = model;
        this.options = options;
        this.aggregation = aggregation;
        this.batcher = new Batcher(model.tokenizer(), model.backend(), Limits.maxLength(model, options, OptionalInt.empty()),
                model.config().vocabSize(), Limits.padId(model), options);
        this.aggregator = new TokenAggregator(model.config().id2label(),
                ids -> model.tokenizer().decode(ids, true), Set.of("O"));
    }

    /** A pipeline with the given aggregation strategy. */
    public static TokenClassificationPipeline create(AutoModel model, PipelineOptions options, Aggregation aggregation) {
        return new TokenClassificationPipeline(model, options, aggregation == null ? Aggregation.NONE : aggregation);
    }

    @Override
    public List<List<Entity>> run(List<String> texts) {
        return batcher.run(texts, (out, row, enc, index) -> {
            FloatTensor logits = Outputs.pickLogits(out, options.outputName(), "logits", 3,
                    model.config().id2label().size(), "config.json's id2label");
            return aggregator.aggregate(tokens(logits, row, enc), aggregation);
        });
    }

    private static List<TokenAggregator.Token> tokens(FloatTensor logits, int row, Encoding enc) {
        int seq = logits.dim(1);
        int n = logits.dim(2);
        int[] ids = enc.ids();
        int[] special = enc.specialTokensMask();
        int[] words = enc.wordIds();
        int[][] offsets = enc.offsets();
        List<TokenAggregator.Token> tokens = new ArrayList<>();
        int prevWord = Integer.MIN_VALUE;
        for (int t = 0; t < ids.length; t++) {
            if (special[t] == 1) {
                prevWord = Integer.MIN_VALUE;
                continue;
            }
            double[] scores = ScoreFunction.SOFTMAX.apply(logits.data(), (row * seq + t) * n, n);
            boolean subword = words[t] >= 0 && words[t] == prevWord;
            tokens.add(new TokenAggregator.Token(t, ids[t], offsets[t][0], offsets[t][1], scores, subword));
            prevWord = words[t];
        }
        return tokens;
    }

    @Override
    public ObjectNode toJson(List<Entity> entities) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode a = o.putArray("entities");
        for (Entity e : entities) {
            ObjectNode n = a.addObject();
            n.put(aggregation == Aggregation.NONE ? "entity" : "entity_group", e.label());
            n.put("score", e.score()).put("word", e.word()).put("start", e.start()).put("end", e.end());
            if (e.index() >= 0) {
                n.put("index", e.index());
            }
        }
        return o;
    }

    @Override
    public AutoModel model() {
        return model;
    }
}
