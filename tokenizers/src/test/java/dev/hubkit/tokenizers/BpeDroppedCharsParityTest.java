package dev.hubkit.tokenizers;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BPE without unk_token drops characters it has no token for; the Rust library then lays the remaining
 * symbols end to end by their UTF-8 lengths, so later offsets move left by the dropped bytes. hubkit gives
 * the same offsets.
 */
class BpeDroppedCharsParityTest {
    @TempDir
    Path dir;

    @Test
    void offsetsAfterADroppedCharacterMatchTheRustLibrary() throws Exception {
        for (String extra : new String[] {"", ",\"continuing_subword_prefix\":\"##\""}) {
            boolean prefix = !extra.isEmpty();
            String p = prefix ? "##" : "";
            String json = "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":null,"
                    + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,\"decoder\":null,"
                    + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"fuse_unk\":false,"
                    + "\"byte_fallback\":true,\"vocab\":{\"a\":0,\"b\":1,\"c\":2,\"" + p + "a\":3,\"" + p + "b\":4,\""
                    + p + "c\":5,\"" + p + "\u00e9\":6,\"<0xE2>\":7,\"<0x82>\":8,\"<0xAC>\":9,\"a" + p.replace("#", "")
                    + "b\":10}" + extra + ",\"merges\":[]}}";
            try (DjlOracle o = new DjlOracle(DjlOracle.writeJson(json, dir), false)) {
                // é has a token only as a continuation (with ##), € through byte fallback; 漢, ж and 😀 have none
                for (String text : new String[] {"a\u6f22b", "\u0436abc", "ab\u0436\u0436c a\u00e9b\u20acc",
                    "\ud83d\ude00c\u6f22a\u00e9", "c\u20ac\u0436b", "\u6f22\u6f22ab"}) {
                    o.check(text, false);
                }
            }
        }
    }
}
