package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.quickstart.BundledModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenize/decode CLI contract, checked against the Rust tokenizers library (DJL) on the bundled model. */
class TokenizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LINES = List.of(
            "Hello world, the quick brown fox!",
            "Café déjà vu: naïve résumé \uD83E\uDEE0 你好 مرحبا",
            "carriage\rreturn inside a line",
            "",
            "   leading and trailing spaces   ",
            "[CLS] looks special [SEP] [MASK]",
            "supercalifragilisticexpialidocious and 1234567 numbers");

    @TempDir
    Path dir;
    Path model;
    Path tokenizerJson;

    @BeforeEach
    void installModel() throws IOException {
        model = BundledModel.tinyBert().install(dir.resolve("tiny-bert"));
        tokenizerJson = model.resolve("tokenizer.json");
    }

    @Test
    void singleLinesMatchTheRustLibrary() throws Exception {
        List<JsonNode> out = tokenize(String.join("\n", LINES) + "\n");
        assertThat(out).hasSize(LINES.size());
        try (HuggingFaceTokenizer oracle = oracle(Map.of())) {
            for (int i = 0; i < LINES.size(); i++) {
                assertSame(out.get(i), oracle.encode(LINES.get(i)), LINES.get(i));
            }
        }
    }

    @Test
    void pairsTruncationAndNoSpecialTokens() throws Exception {
        String input = "first part here\tand the second part\nshort\tan even longer second sentence here\n";
        List<JsonNode> pairs = tokenize(input, "--pairs", "--max-length", "9", "--truncation", "longest_first");
        List<JsonNode> bare = tokenize(String.join("\n", LINES), "--no-special-tokens");
        try (HuggingFaceTokenizer truncating = oracle(Map.of("truncation", "true", "maxLength", "9"));
             HuggingFaceTokenizer plain = oracle(Map.of("addSpecialTokens", "false"))) {
            assertSame(pairs.get(0), truncating.encode("first part here", "and the second part"), "pair 1");
            assertSame(pairs.get(1), truncating.encode("short", "an even longer second sentence here"), "pair 2");
            for (int i = 0; i < LINES.size(); i++) {
                assertSame(bare.get(i), plain.encode(LINES.get(i)), LINES.get(i));
            }
        }
    }

    @Test
    void paddingLongestMakesTheWholeInputOneBatch() throws Exception {
        List<JsonNode> out = tokenize("a\nthe quick brown fox jumps\nb c\n", "--padding", "longest");
        int longest = out.get(1).get("ids").size();
        for (JsonNode line : out) {
            assertThat(line.get("ids").size()).isEqualTo(longest);
        }
        assertThat(out.get(0).get("attention_mask").toString()).endsWith(",0]");
        assertThat(out.get(0).get("word_ids").get(longest - 1).isNull()).isTrue();
    }

    @Test
    void decodeGivesWhatTheRustLibraryGives() throws Exception {
        List<JsonNode> encoded = tokenize(String.join("\n", LINES));
        StringBuilder idsLines = new StringBuilder();
        for (JsonNode line : encoded) {
            idsLines.append("{\"ids\": ").append(line.get("ids")).append("}\n");
        }
        Path in = Files.writeString(dir.resolve("ids.jsonl"), idsLines);
        for (boolean skip : new boolean[] {false, true}) {
            Path out = dir.resolve("text-" + skip + ".jsonl");
            List<String> args = new ArrayList<>(List.of("decode", "-t", tokenizerJson.toString(),
                    "-i", in.toString(), "-o", out.toString()));
            if (skip) {
                args.add("--skip-special-tokens");
            }
            assertThat(CliRunner.run(args.toArray(String[]::new)).exitCode()).isZero();
            List<String> texts = Files.readAllLines(out, StandardCharsets.UTF_8);
            try (HuggingFaceTokenizer oracle = oracle(Map.of())) {
                for (int i = 0; i < encoded.size(); i++) {
                    long[] ids = new long[encoded.get(i).get("ids").size()];
                    for (int j = 0; j < ids.length; j++) {
                        ids[j] = encoded.get(i).get("ids").get(j).asLong();
                    }
                    assertThat(JSON.readTree(texts.get(i)).get("text").asText())
                            .isEqualTo(oracle.decode(ids, skip));
                }
            }
        }
    }

    @Test
    void badInputIsAUserError() throws Exception {
        Path in = Files.writeString(dir.resolve("bad.txt"), "no tab on this line\n");
        CliRunner.Result r = CliRunner.run("tokenize", "-t", tokenizerJson.toString(), "--pairs",
                "-i", in.toString(), "-o", dir.resolve("o.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("line 1").contains("TAB");
        Path ids = Files.writeString(dir.resolve("ids.jsonl"), "{\"nope\": 1}\n");
        r = CliRunner.run("decode", "-t", tokenizerJson.toString(), "-i", ids.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
    }

    private List<JsonNode> tokenize(String input, String... options) throws IOException {
        return CliRunner.tokenize(dir, model, input, options);
    }

    private HuggingFaceTokenizer oracle(Map<String, String> extra) throws IOException {
        Map<String, String> options = new java.util.HashMap<>(Map.of(
                "addSpecialTokens", "true", "truncation", "false", "padding", "false"));
        options.putAll(extra);
        return HuggingFaceTokenizer.newInstance(tokenizerJson, options);
    }

    private static void assertSame(JsonNode actual, Encoding expected, String what) {
        assertThat(longs(actual.get("ids"))).as("ids of %s", what).containsExactly(expected.getIds());
        assertThat(strings(actual.get("tokens"))).as("tokens of %s", what).containsExactly(expected.getTokens());
        assertThat(longs(actual.get("type_ids"))).as("type ids of %s", what).containsExactly(expected.getTypeIds());
        assertThat(longs(actual.get("attention_mask"))).as("mask of %s", what)
                .containsExactly(expected.getAttentionMask());
        assertThat(longs(actual.get("special_tokens_mask"))).as("special mask of %s", what)
                .containsExactly(expected.getSpecialTokenMask());
        long[] words = expected.getWordIds();
        JsonNode wordIds = actual.get("word_ids");
        for (int i = 0; i < words.length; i++) {
            if (words[i] < 0) {
                assertThat(wordIds.get(i).isNull()).as("word id %d of %s", i, what).isTrue();
            } else {
                assertThat(wordIds.get(i).asLong()).as("word id %d of %s", i, what).isEqualTo(words[i]);
            }
        }
        CharSpan[] spans = expected.getCharTokenSpans();
        JsonNode offsets = actual.get("offsets");
        for (int i = 0; i < spans.length; i++) {
            int start = spans[i] == null ? 0 : spans[i].getStart();
            int end = spans[i] == null ? 0 : spans[i].getEnd();
            assertThat(offsets.get(i).get(0).asInt()).as("start %d of %s", i, what).isEqualTo(start);
            assertThat(offsets.get(i).get(1).asInt()).as("end %d of %s", i, what).isEqualTo(end);
        }
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static String[] strings(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asText();
        }
        return out;
    }
}
