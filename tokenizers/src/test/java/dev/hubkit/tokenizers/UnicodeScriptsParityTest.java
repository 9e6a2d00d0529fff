package dev.hubkit.tokenizers;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UnicodeScripts pre-tokenizer splits where the Rust library's script table (Unicode 9.0) says scripts
 * change, also for the code points whose script Unicode changed since (Java 17 knows Unicode 13).
 */
class UnicodeScriptsParityTest {
    @TempDir
    Path dir;

    @Test
    void codePointsWhoseScriptChangedSinceUnicode9SplitAsInTheRustLibrary() throws Exception {
        String json = "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"UnicodeScripts\"},\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0,\"\u0589\":1,\"\u061c\":2},\"unk_token\":\"[UNK]\"}}";
        try (DjlOracle o = new DjlOracle(DjlOracle.writeJson(json, dir), false)) {
            // U+0589 ARMENIAN FULL STOP and U+061C ARABIC LETTER MARK were Common; U+0953/U+0954 Devanagari
            for (String text : new String[] {"\u056f\u0580\u0578\u0576\u0561\u056f\u0561\u0576\u0589 \u0578\u0582",
                "a\u0589b", "\u0639\u0631\u0628\u064a\u061c\u0646\u0635", "x\u061c1", "\u0915\u0953\u0916\u0954",
                "a\u0953b\u0300\u0954"}) {
                o.check(text, false);
            }
        }
    }
}
