package dev.hubkit.tokenizers;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FixedLength pre-tokenizer (chunks of N code points) as the Rust library applies it. */
class FixedLengthParityTest {
    @TempDir
    Path dir;

    @Test
    void chunksOfCodePointsAfterOtherPreTokenizers() throws Exception {
        for (int length : new int[] {1, 3, 5}) {
            String json = "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":{\"type\":\"NFKC\"},"
                    + "\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"},"
                    + "{\"type\":\"FixedLength\",\"length\":" + length + "}]},\"post_processor\":null,\"decoder\":null,"
                    + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0,\"abc\":1,\"a\":2,\"de\":3,\"abcde\":4},"
                    + "\"unk_token\":\"[UNK]\"}}";
            try (DjlOracle o = new DjlOracle(DjlOracle.writeJson(json, dir), false)) {
                for (String text : new String[] {"abcdefgh ab", "\ud83d\ude00\ud83d\ude00abc\u00e9\u0301de", "\ufb01ne abcde",
                    "", "   ", "a"}) {
                    o.check(text, false);
                }
            }
        }
    }
}
