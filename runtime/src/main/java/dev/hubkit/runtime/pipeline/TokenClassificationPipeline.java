package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.models.WordPiece;
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
    private final boolean wordAware;
    private final int unkId;

    private TokenClassificationPipeline(AutoModel model, PipelineOptions options, Aggregation aggregation) {
        this.model = model;
        this.options = options;
        this.aggregation = aggregation;
        this.batcher = new Batcher(model.tokenizer(), model.backend(), Limits.maxLength(model, options, OptionalInt.empty()),
                model.config().vocabSize(), Limits.padId(model), options, "logits");
        Tokenizer tok = model.tokenizer();
        this.aggregator = new TokenAggregator(model.config().id2label(), tokens -> tok.decoder()
                .map(d -> d.decode(tokens)).orElseGet(() -> String.join(" ", tokens)), Set.of("O"));
        this.wordAware = tok.model() instanceof WordPiece wp && !wp.continuingSubwordPrefix().isEmpty();
        this.unkId = tok.model() instanceof WordPiece wp ? tok.tokenToId(wp.unkToken()) : -1;
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
            return aggregator.aggregate(tokens(logits, row, enc, texts.get(index)), aggregation);
        });
    }

    /**
     * transformers' {@code gather_pre_entities}: non-special tokens with their scores; a token
     * continues a word when the tokenizer is word-aware (a continuing-subword prefix such as "##")
     * and the token's text differs in length from the span it covers, else (heuristic) when it starts
     * after position 0 with no space just before or at its start. The unknown token takes the text
     * it covers and never continues a word.
     */
    private List<TokenAggregator.Token> tokens(FloatTensor logits, int row, Encoding enc, String sentence) {
        int seq = logits.dim(1);
        int n = logits.dim(2);
        int[] ids = enc.ids();
        int[] special = enc.specialTokensMask();
        int[][] offsets = enc.offsets();
        List<TokenAggregator.Token> tokens = new ArrayList<>();
        for (int t = 0; t < ids.length; t++) {
            if (special[t] == 1) {
                continue;
            }
            double[] scores = ScoreFunction.SOFTMAX.apply(logits.data(), (row * seq + t) * n, n);
            int start = Math.min(offsets[t][0], sentence.length());
            int end = Math.min(Math.max(offsets[t][1], start), sentence.length());
            String word = model.tokenizer().idToToken(ids[t]);
            String ref = sentence.substring(start, end);
            boolean subword;
            if (wordAware) {
                subword = word == null || word.codePointCount(0, word.length()) != ref.codePointCount(0, ref.length());
            } else {
                subword = start > 0 && sentence.substring(start - 1, Math.min(start + 1, sentence.length())).indexOf(' ') < 0;
            }
            if (ids[t] == unkId || word == null) {
                word = ref;
                subword = false;
            }
            tokens.add(new TokenAggregator.Token(t, word, start, end, scores, subword));
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
