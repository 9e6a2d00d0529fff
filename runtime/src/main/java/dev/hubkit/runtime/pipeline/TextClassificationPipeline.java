package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Text classification: the model's {@code [batch, labels]} logits through softmax or sigmoid
 * (by the config's {@code problem_type}), labels from {@code id2label}, best {@code topK} first.
 */
public final class TextClassificationPipeline implements Pipeline<List<Label>> {
    private final AutoModel model;
    private final PipelineOptions options;
    private final int topK;
    private final Batcher batcher;
    private final Map<Integer, String> id2label;

    private TextClassificationPipeline(AutoModel model, PipelineOptions options, int topK) {
        this.model = model;
        this.options = options;
        this.topK = topK;
        this.id2label = model.config().id2label();
        this.batcher = new Batcher(model.tokenizer(), model.backend(), Limits.maxLength(model, options, OptionalInt.empty()),
                model.config().vocabSize(), Limits.padId(model), options, "logits");
    }

    /**
     * @param topK labels per input, best first; 0 returns every label
     */
    public static TextClassificationPipeline create(AutoModel model, PipelineOptions options, int topK) {
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = all labels), got " + topK);
        }
        return new TextClassificationPipeline(model, options, topK);
    }

    @Override
    public List<List<Label>> run(List<String> texts) {
        return batcher.run(texts, (out, row, enc, index) -> {
            FloatTensor logits = Outputs.pickLogits(out, options.outputName(), "logits", 2, id2label.size(),
                    "config.json's id2label");
            int n = logits.dim(1);
            ScoreFunction fn = ScoreFunction.forConfig(model.config(), n);
            double[] scores = fn.apply(logits.data(), row * n, n);
            List<Label> labels = new ArrayList<>();
            for (int i : ScoreFunction.topK(scores, topK)) {
                labels.add(new Label(label(i), scores[i]));
            }
            return labels;
        });
    }

    private String label(int i) {
        String l = id2label.get(i);
        if (l == null) {
            throw new RuntimeBackendException("the model outputs class " + i + " but config.json's id2label has only "
                    + id2label.size() + " labels; fix id2label/num_labels in config.json");
        }
        return l;
    }

    @Override
    public ObjectNode toJson(List<Label> labels) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode a = o.putArray("labels");
        for (Label l : labels) {
            a.addObject().put("label", l.label()).put("score", l.score());
        }
        return o;
    }

    @Override
    public AutoModel model() {
        return model;
    }
}
