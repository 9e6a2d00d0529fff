package dev.hubkit.tokenizers.tiktoken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.parity.ParityCorpus;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One encoding shared by several threads (its piece cache filled and replaced concurrently) encodes as a fresh one. */
class SharedPieceCacheTest {

    private static TiktokenEncoding load() throws Exception {
        try (InputStream in = SharedPieceCacheTest.class.getClassLoader()
                .getResourceAsStream("com/knuddels/jtokkit/o200k_base.tiktoken")) {
            assertThat(in).as("o200k_base.tiktoken from jtokkit").isNotNull();
            return TiktokenEncoding.read(in, "o200k_base", SplitPattern.O200K.pattern(), Map.of());
        }
    }

    @Test
    void sharedEncodingGivesTheSameIdsOnManyThreads() throws Exception {
        List<String> texts = ParityCorpus.sample(1_500);
        TiktokenEncoding reference = load();
        List<int[]> expected = new ArrayList<>();
        for (String t : texts) {
            expected.add(reference.encode(t));
        }
        TiktokenEncoding shared = load();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 131;
                runs.add(pool.submit(() -> {
                    int bad = 0;
                    for (int k = 0; k < texts.size() * 2; k++) {
                        int i = (k + offset) % texts.size();
                        if (!Arrays.equals(shared.encode(texts.get(i)), expected.get(i))) {
                            bad++;
                        }
                    }
                    return bad;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
