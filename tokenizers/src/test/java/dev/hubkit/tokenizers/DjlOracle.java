package dev.hubkit.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helper: compares hubkit with the Rust library (through DJL) on the same tokenizer.json. */
final class DjlOracle implements AutoCloseable {
    final HuggingFaceTokenizer djl;
    final Tokenizer ours;

    DjlOracle(Path json, boolean addSpecial) throws IOException {
        djl = HuggingFaceTokenizer.newInstance(json, Map.of("addSpecialTokens", Boolean.toString(addSpecial),
                "truncation", "false", "padding", "false"));
        ours = Tokenizer.fromFile(json).withTruncation(null).withPadding(null);
    }

    static Path resourceToFile(String resource, Path dir) throws IOException {
        try (InputStream in = DjlOracle.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Path p = dir.resolve("tokenizer.json");
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    static Path writeJson(String json, Path dir) throws IOException {
        Path p = dir.resolve("tokenizer-" + Math.abs(json.hashCode()) + ".json");
        Files.writeString(p, json, StandardCharsets.UTF_8);
        return p;
    }

    void check(String text, boolean addSpecial) {
        ai.djl.huggingface.tokenizers.Encoding d = djl.encode(text, addSpecial, false);
        Encoding e = ours.encode(text, addSpecial);
        String ctx = "text=" + text;
        assertThat(e.tokens()).as(ctx).containsExactly(d.getTokens());
        assertThat(toInt(d.getIds())).as(ctx).containsExactly(e.ids());
        assertThat(toInt(d.getTypeIds())).as(ctx).containsExactly(e.typeIds());
        assertThat(toInt(d.getSpecialTokenMask())).as(ctx).containsExactly(e.specialTokensMask());
        CharSpan[] spans = d.getCharTokenSpans();
        int[][] cps = e.codePointOffsets(text, null);
        for (int i = 0; i < spans.length; i++) {
            if (spans[i] == null) {
                assertThat(cps[i]).as(ctx + " token " + i).containsExactly(0, 0);
            } else {
                assertThat(cps[i]).as(ctx + " offsets of token " + i + " " + e.tokens()[i])
                        .containsExactly(spans[i].getStart(), spans[i].getEnd());
            }
        }
        String dd = djl.decode(d.getIds(), false);
        assertThat(ours.decode(e.ids(), false)).as(ctx + " decode").isEqualTo(dd);
        assertThat(ours.decode(e.ids(), true)).as(ctx + " decode skip").isEqualTo(djl.decode(d.getIds(), true));
    }

    void checkPair(String a, String b) {
        ai.djl.huggingface.tokenizers.Encoding d = djl.encode(a, b);
        Encoding e = ours.encode(a, b, true);
        String ctx = "pair=" + a + " | " + b;
        assertThat(e.tokens()).as(ctx).containsExactly(d.getTokens());
        assertThat(toInt(d.getIds())).as(ctx).containsExactly(e.ids());
        assertThat(toInt(d.getTypeIds())).as(ctx).containsExactly(e.typeIds());
        assertThat(toInt(d.getSpecialTokenMask())).as(ctx).containsExactly(e.specialTokensMask());
    }

    static int[] toInt(long[] a) {
        return Arrays.stream(a).mapToInt(x -> (int) x).toArray();
    }

    @Override
    public void close() {
        djl.close();
    }
}
