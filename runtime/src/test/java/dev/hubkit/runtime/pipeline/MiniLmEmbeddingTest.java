package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.MiniLm;
import dev.hubkit.runtime.backend.BackendKind;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our sentence embeddings on the real all-MiniLM-L6-v2 agree with langchain4j's in-process model. */
class MiniLmEmbeddingTest {
    private static AutoModel model;
    private static FeatureExtractionPipeline pipeline;
    private static List<String> sentences;

    @BeforeAll
    static void load() {
        model = AutoModel.fromPretrained(MiniLm.dir().toString());
        pipeline = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(16));
        sentences = MiniLm.europarlSentences(300);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void readsSentenceTransformersSettingsAndPicksOnnx() {
        assertThat(model.backend().kind()).isEqualTo(BackendKind.ONNX);
        assertThat(pipeline.pooling().pooling()).isEqualTo(Pooling.MEAN);
        assertThat(pipeline.pooling().normalize()).isTrue();
        assertThat(model.explanation().render()).contains("onnx", "model.onnx");
    }

    @Test
    void agreesWithLangchain4jOnEuroparlSentences() {
        assertThat(sentences).hasSize(300);
        List<float[]> ours = pipeline.run(sentences);
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        var theirs = reference.embedAll(segments).content();
        double worst = 1;
        for (int i = 0; i < sentences.size(); i++) {
            float[] a = ours.get(i);
            assertThat(a).hasSize(384);
            double c = cosine(a, theirs.get(i).vector());
            worst = Math.min(worst, c);
            assertThat(c).as("sentence %d: %s", i, sentences.get(i)).isGreaterThanOrEqualTo(0.99999);
        }
        // Distinct sentences give distinct embeddings (the comparison is not vacuous).
        assertThat(cosine(ours.get(0), ours.get(1))).isLessThan(0.99);
        assertThat(worst).isGreaterThanOrEqualTo(0.99999);
    }

    @Test
    void batchingDoesNotChangeResultsAndKeepsInputOrder() {
        List<String> some = sentences.subList(0, 40);
        List<float[]> batched = pipeline.run(some);
        FeatureExtractionPipeline single = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(1));
        List<float[]> one = single.run(some);
        for (int i = 0; i < some.size(); i++) {
            assertThat(cosine(batched.get(i), one.get(i))).isGreaterThan(0.99999);
        }
    }

    @Test
    void tokenBudgetSplitsLargeBatchesWithoutChangingResults() {
        List<String> some = sentences.subList(100, 130);
        FeatureExtractionPipeline single = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(1));
        List<float[]> one = single.run(some);
        for (int budget : new int[] {1, 64, 100_000}) {
            FeatureExtractionPipeline big = FeatureExtractionPipeline.create(model,
                    PipelineOptions.defaults().withBatchSize(128).withTokenBudget(budget));
            List<float[]> got = big.run(some);
            for (int i = 0; i < some.size(); i++) {
                assertThat(cosine(got.get(i), one.get(i))).as("budget %d, sentence %d", budget, i).isGreaterThan(0.99999);
            }
        }
    }

    @Test
    void poolingInPlaceGivesExactlyWhatPoolingTheReturnedOutputGives() {
        // The pipeline pools the hidden states where ONNX Runtime wrote them (reused buffers); the
        // same micro-batches run the ordinary way and pooled from the returned arrays must agree bit for bit.
        List<String> some = sentences.subList(0, 40);
        for (int batch : new int[] {1, 7}) {
            FeatureExtractionPipeline p = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(batch));
            List<float[]> got = p.run(some);
            Batcher ordinary = new Batcher(model.tokenizer(), model.backend(), p.maxLength(), model.config().vocabSize(),
                    0, PipelineOptions.defaults().withBatchSize(batch), "last_hidden_state");
            List<float[]> expected = ordinary.run(some, (out, row, enc, index) -> {
                dev.hubkit.runtime.tensor.FloatTensor h = (dev.hubkit.runtime.tensor.FloatTensor) out.get("last_hidden_state");
                int seq = h.dim(1);
                return Pooling.l2Normalize(Pooling.MEAN.pool(h.data(), row * seq * 384, enc.length(), enc.attentionMask(), 384));
            });
            for (int i = 0; i < some.size(); i++) {
                assertThat(got.get(i)).as("batch %d, sentence %d", batch, i).containsExactly(expected.get(i));
            }
        }
        // Results are fresh arrays: a second run does not touch the first one's.
        List<float[]> first = pipeline.run(some);
        float[] copy = first.get(0).clone();
        pipeline.run(sentences.subList(100, 140));
        assertThat(first.get(0)).containsExactly(copy);
    }

    @Test
    void cpuSessionRunsOneSingleThreadedCallPerCore() {
        assertThat(model.backend().device()).isEqualTo("cpu");
        assertThat(model.backend().parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(model.explanation().render()).contains("concurrent call(s) x 1 intra-op thread(s)");
    }

    @Test
    void oneInstanceServesConcurrentCallers() throws Exception {
        List<String> some = sentences.subList(40, 88);
        List<float[]> expected = pipeline.run(some);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int from = t * 12;
                Callable<List<float[]>> job = () -> pipeline.run(some.subList(from, from + 12));
                futures.add(pool.submit(job));
            }
            for (int t = 0; t < 4; t++) {
                List<float[]> got = futures.get(t).get();
                for (int i = 0; i < 12; i++) {
                    assertThat(cosine(got.get(i), expected.get(t * 12 + i))).isGreaterThan(0.99999);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
