package dev.hubkit.tokenizers.tiktoken;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports single-thread throughput against JTokkit on Europarl; informational, no timing thresholds. */
class TiktokenThroughputTest {
    private static final Logger LOG = LoggerFactory.getLogger(TiktokenThroughputTest.class);

    @Test
    void reportsThroughputVsJtokkit() {
        List<String> lines = TiktokenParityTest.europarl(4_000);
        long bytes = 0;
        for (String l : lines) {
            bytes += l.getBytes(StandardCharsets.UTF_8).length;
        }
        TiktokenEncoding ours = TiktokenParityTest.ours(TiktokenParityTest.Standard.CL100K);
        Encoding theirs = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        long oursTokens = 0;
        long theirsTokens = 0;
        long oursNs = Long.MAX_VALUE;
        long theirsNs = Long.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            long n = 0;
            for (String l : lines) {
                n += ours.encode(l).length;
            }
            long t1 = System.nanoTime();
            long m = 0;
            for (String l : lines) {
                m += theirs.encodeOrdinary(l).size();
            }
            long t2 = System.nanoTime();
            oursNs = Math.min(oursNs, t1 - t0);
            theirsNs = Math.min(theirsNs, t2 - t1);
            oursTokens = n;
            theirsTokens = m;
        }
        assertThat(oursTokens).isEqualTo(theirsTokens);
        double mb = bytes / 1e6;
        LOG.warn(String.format("cl100k on %.1f MB Europarl: hubkit %.1f MB/s, JTokkit %.1f MB/s (ratio %.2f)",
                mb, mb / (oursNs / 1e9), mb / (theirsNs / 1e9), (double) theirsNs / oursNs));
    }
}
