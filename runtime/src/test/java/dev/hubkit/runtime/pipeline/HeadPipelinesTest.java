package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.TestModels;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.tokenizers.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classification, token-classification and fill-mask pipelines on the tiny BERT with three heads
 * (scripts/make-tiny-torch-bert.py). Each result is checked against the same model output computed
 * by running the backend on one unpadded input and applying the textbook formula.
 */
class HeadPipelinesTest {
    private static final List<String> TEXTS = List.of("hello world", "the computer network is a system of data",
            "good", "people find water and food in the city");
    private static AutoModel model;

    @BeforeAll
    static void load() {
        model = AutoModel.fromPretrained(TestModels.resource("tiny-bert-heads").toString());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Runs one text alone (no padding) and returns the named output. */
    private static FloatTensor direct(String text, String output) {
        Encoding e = model.tokenizer().encode(text, true);
        int n = e.length();
        long[] ids = new long[n];
        long[] mask = new long[n];
        long[] types = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = e.ids()[i];
            mask[i] = 1;
        }
        Map<String, LongTensor> in = new LinkedHashMap<>();
        in.put("input_ids", LongTensor.of(ids, 1, n));
        in.put("attention_mask", LongTensor.of(mask, 1, n));
        in.put("token_type_ids", LongTensor.of(types, 1, n));
        NamedTensors out = model.run(NamedTensors.of(in));
        return (FloatTensor) out.get(output);
    }

    private static double[] softmax(float[] v, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[off + i]);
        }
        double[] p = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(v[off + i] - max);
            s += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= s;
        }
        return p;
    }

    @Test
    void textClassificationSoftmaxTopKInInputOrder() {
        TextClassificationPipeline p = TextClassificationPipeline.create(model,
                PipelineOptions.defaults().withOutputName("sequence_logits").withBatchSize(3), 0);
        List<List<Label>> results = p.run(TEXTS);
        assertThat(results).hasSize(TEXTS.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            double[] expected = softmax(direct(TEXTS.get(i), "sequence_logits").data(), 0, 5);
            List<Label> labels = results.get(i);
            assertThat(labels).hasSize(5);
            assertThat(labels.stream().mapToDouble(Label::score).sum()).isCloseTo(1.0, within(1e-6));
            for (int k = 1; k < labels.size(); k++) {
                assertThat(labels.get(k).score()).isLessThanOrEqualTo(labels.get(k - 1).score());
            }
            for (Label l : labels) {
                int id = model.config().label2id().get(l.label());
                assertThat(l.score()).isCloseTo(expected[id], within(1e-5));
            }
        }
        TextClassificationPipeline top1 = TextClassificationPipeline.create(model,
                PipelineOptions.defaults().withOutputName("sequence_logits"), 1);
        assertThat(top1.run(List.of(TEXTS.get(1))).get(0)).singleElement()
                .isEqualTo(results.get(1).get(0));
        assertThat(top1.toJson(results.get(0)).toString()).startsWith("{\"labels\":[{\"label\":");
    }

    @Test
    void multiLabelProblemTypeUsesSigmoid(@TempDir Path tmp) throws IOException {
        Path src = TestModels.resource("tiny-bert-heads");
        for (String f : new String[] {"model.onnx", "tokenizer.json"}) {
            Files.copy(src.resolve(f), tmp.resolve(f));
        }
        Files.writeString(tmp.resolve("config.json"), Files.readString(src.resolve("config.json"))
                .replaceFirst("\\{", "{\"problem_type\": \"multi_label_classification\","));
        try (AutoModel m = AutoModel.fromPretrained(tmp.toString())) {
            TextClassificationPipeline p = TextClassificationPipeline.create(m,
                    PipelineOptions.defaults().withOutputName("sequence_logits"), 0);
            List<Label> labels = p.run(List.of("hello world")).get(0);
            float[] logits = direct("hello world", "sequence_logits").data();
            for (Label l : labels) {
                int id = m.config().label2id().get(l.label());
                assertThat(l.score()).isCloseTo(1 / (1 + Math.exp(-logits[id])), within(1e-5));
            }
            assertThat(labels.stream().mapToDouble(Label::score).sum()).isNotCloseTo(1.0, within(1e-3));
        }
    }

    @Test
    void tokenClassificationNoneMatchesPerTokenArgmax() {
        TokenClassificationPipeline p = TokenClassificationPipeline.create(model,
                PipelineOptions.defaults().withOutputName("token_logits"), Aggregation.NONE);
        List<List<Entity>> results = p.run(TEXTS);
        int nonO = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            String text = TEXTS.get(i);
            Encoding e = model.tokenizer().encode(text, true);
            float[] logits = direct(text, "token_logits").data();
            int expectedEntities = 0;
            for (int t = 0; t < e.length(); t++) {
                if (e.specialTokensMask()[t] == 1) {
                    continue;
                }
                double[] s = softmax(logits, t * 5, 5);
                int best = ScoreFunction.topK(s, 1)[0];
                if (best != 0) {
                    Entity got = results.get(i).get(expectedEntities++);
                    assertThat(got.index()).isEqualTo(t);
                    assertThat(got.label()).isEqualTo(model.config().id2label().get(best));
                    assertThat(got.score()).isCloseTo(s[best], within(1e-5));
                    assertThat(text.substring(got.start(), got.end())).isEqualToIgnoringCase(got.word());
                }
            }
            assertThat(results.get(i)).hasSize(expectedEntities);
            nonO += expectedEntities;
        }
        assertThat(nonO).as("random heads label some tokens").isPositive();
        // Grouped strategies run end to end and produce entity groups without B-/I- prefixes.
        for (Aggregation a : new Aggregation[] {Aggregation.SIMPLE, Aggregation.FIRST, Aggregation.AVERAGE, Aggregation.MAX}) {
            List<List<Entity>> grouped = TokenClassificationPipeline.create(model,
                    PipelineOptions.defaults().withOutputName("token_logits"), a).run(TEXTS);
            assertThat(grouped).hasSize(TEXTS.size());
            grouped.forEach(es -> es.forEach(en -> assertThat(en.label()).isIn("PER", "LOC")));
        }
    }

    @Test
    void fillMaskTopKMatchesSoftmaxAtTheMask() {
        FillMaskPipeline p = FillMaskPipeline.create(model, PipelineOptions.defaults().withOutputName("mlm_logits"), 3);
        assertThat(p.maskToken()).isEqualTo("[MASK]");
        String text = "the [MASK] is good";
        List<MaskPrediction> preds = p.run(List.of("hello world [MASK]", text)).get(1);
        Encoding e = model.tokenizer().encode(text, true);
        int pos = java.util.Arrays.stream(e.tokens()).toList().indexOf("[MASK]");
        FloatTensor logits = direct(text, "mlm_logits");
        int vocab = logits.dim(2);
        double[] s = softmax(logits.data(), pos * vocab, vocab);
        int[] best = ScoreFunction.topK(s, 3);
        assertThat(preds).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(preds.get(k).token()).isEqualTo(best[k]);
            assertThat(preds.get(k).score()).isCloseTo(s[best[k]], within(1e-5));
            assertThat(preds.get(k).sequence()).doesNotContain("[MASK]");
        }
        assertThatThrownBy(() -> p.run(List.of("no mask here"))).isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("has no [MASK]");
        assertThatThrownBy(() -> p.run(List.of("[MASK] and [MASK]"))).isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("more than one");
    }

    @Test
    void modelWithoutTheTaskHeadIsAClearError() {
        try (AutoModel base = AutoModel.fromPretrained(TestModels.tinyBert().toString())) {
            FillMaskPipeline p = FillMaskPipeline.create(base, PipelineOptions.defaults(), 3);
            assertThatThrownBy(() -> p.run(List.of("the [MASK] is good"))).isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("32 values per token").hasMessageContaining("vocabulary (vocab_size) has 1000")
                    .hasMessageContaining("no matching head");
        }
        TokenClassificationPipeline wrongOutput = TokenClassificationPipeline.create(model,
                PipelineOptions.defaults().withOutputName("mlm_logits"), Aggregation.NONE);
        assertThatThrownBy(() -> wrongOutput.run(List.of("hello"))).isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("1000 values per token").hasMessageContaining("id2label has 5");
    }

    @Test
    void namedOutputThatDoesNotExistIsAClearError() {
        TextClassificationPipeline p = TextClassificationPipeline.create(model,
                PipelineOptions.defaults().withOutputName("logits_typo"), 1);
        assertThatThrownBy(() -> p.run(List.of("hello"))).isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("no tensor named 'logits_typo'").hasMessageContaining("sequence_logits");
    }
}
