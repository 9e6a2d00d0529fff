package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.cli.quickstart.BundledModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenize --max-length N --stride S}: the overflowing windows are written in an {@code "overflowing"}
 * array, equal (ids, tokens, offsets, type ids) to the Rust library's {@code get_overflowing()} (DJL).
 */
class TokenizeOverflowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> SINGLES = List.of(
            "the world in the world or the other world, and then the world turned in on itself again and again",
            "Hello world, the quick brown fox jumps over the lazy dog near the riverbank today in the morning sun",
            "Café déjà vu: naïve résumé in the world of the worldly weather, where the wind blows in winter",
            "short one");

    private static final List<String[]> PAIRS = List.of(
            new String[] {"the world in the world or the other world and then some more words in it",
                "and the second part of the pair is also long enough to overflow the window here"},
            new String[] {"Hello world, the quick brown fox jumps over the lazy dog again and again today",
                "a pair sentence with commas, and tokenization, and the world in the world"},
            new String[] {"short", "pair"});

    @TempDir
    Path dir;

    @Test
    void wordPieceOverflowingWindowsMatchTheRustLibrary() throws Exception {
        Path tokenizer = BundledModel.tinyBert().install(dir.resolve("tiny-bert")).resolve("tokenizer.json");
        compareWithRust(tokenizer);
    }

    @Test
    void byteLevelBpeOverflowingWindowsMatchTheRustLibrary() throws Exception {
        compareWithRust(byteLevelBpe());
    }

    @Test
    void nothingOverflowingWritesNoOverflowingField() throws Exception {
        Path tokenizer = BundledModel.tinyBert().install(dir.resolve("tiny-bert")).resolve("tokenizer.json");
        for (JsonNode line : tokenize(tokenizer, "short one\nanother\n", "--max-length", "16", "--stride", "4")) {
            assertThat(line.has("overflowing")).isFalse();
            assertThat(fieldNames(line)).containsExactly("ids", "tokens", "offsets", "type_ids", "attention_mask",
                    "special_tokens_mask", "word_ids");
        }
    }

    private void compareWithRust(Path tokenizer) throws IOException {
        String singles = String.join("\n", SINGLES) + "\n";
        StringBuilder pairs = new StringBuilder();
        for (String[] p : PAIRS) {
            pairs.append(p[0]).append('\t').append(p[1]).append('\n');
        }
        List<JsonNode> single = tokenize(tokenizer, singles, "--max-length", "16", "--stride", "4");
        List<JsonNode> pair = tokenize(tokenizer, pairs.toString(), "--pairs", "--max-length", "16", "--stride", "4");
        int windows = 0;
        try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.newInstance(tokenizer, Map.of(
                "addSpecialTokens", "true", "truncation", "longest_first", "maxLength", "16", "stride", "4",
                "padding", "false"))) {
            for (int i = 0; i < SINGLES.size(); i++) {
                windows += assertSameWithOverflow(single.get(i), rust.encode(SINGLES.get(i), true, true),
                        "single " + i);
            }
            for (int i = 0; i < PAIRS.size(); i++) {
                windows += assertSameWithOverflow(pair.get(i),
                        rust.encode(PAIRS.get(i)[0], PAIRS.get(i)[1], true, true), "pair " + i);
            }
        }
        assertThat(windows).as("overflowing windows compared").isGreaterThan(10);
    }

    /** Compares the main encoding and each overflowing window (nested ones too); returns the number of windows. */
    private static int assertSameWithOverflow(JsonNode actual, Encoding expected, String what) {
        assertSame(actual, expected, what);
        Encoding[] over = expected.getOverflowing();
        int n = over == null ? 0 : over.length;
        if (n == 0) {
            assertThat(actual.has("overflowing")).as("no overflowing field for %s", what).isFalse();
            return 0;
        }
        JsonNode parts = actual.get("overflowing");
        assertThat(parts).as("overflowing of %s", what).isNotNull();
        assertThat(parts.size()).as("overflowing count of %s", what).isEqualTo(n);
        int windows = n;
        for (int k = 0; k < n; k++) {
            windows += assertSameWithOverflow(parts.get(k), over[k], what + " window " + (k + 1));
        }
        return windows;
    }

    private static void assertSame(JsonNode actual, Encoding expected, String what) {
        assertThat(longs(actual.get("ids"))).as("ids of %s", what).containsExactly(expected.getIds());
        List<String> tokens = new ArrayList<>();
        actual.get("tokens").forEach(t -> tokens.add(t.asText()));
        assertThat(tokens).as("tokens of %s", what).containsExactly(expected.getTokens());
        assertThat(longs(actual.get("type_ids"))).as("type ids of %s", what).containsExactly(expected.getTypeIds());
        assertThat(longs(actual.get("special_tokens_mask"))).as("special mask of %s", what)
                .containsExactly(expected.getSpecialTokenMask());
        CharSpan[] spans = expected.getCharTokenSpans();
        JsonNode offsets = actual.get("offsets");
        assertThat(offsets.size()).as("offsets of %s", what).isEqualTo(spans.length);
        for (int i = 0; i < spans.length; i++) {
            int start = spans[i] == null ? 0 : spans[i].getStart();
            int end = spans[i] == null ? 0 : spans[i].getEnd();
            assertThat(offsets.get(i).get(0).asInt()).as("start %d of %s", i, what).isEqualTo(start);
            assertThat(offsets.get(i).get(1).asInt()).as("end %d of %s", i, what).isEqualTo(end);
        }
    }

    private List<JsonNode> tokenize(Path tokenizer, String input, String... options) throws IOException {
        return CliRunner.tokenize(dir, tokenizer, input, options);
    }

    /** A RoBERTa-style byte-level BPE tokenizer.json: GPT-2's byte alphabet, a few merges, {@code <s>}/{@code </s>}. */
    private Path byteLevelBpe() throws IOException {
        char[] bc = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE;
            bc[b] = printable ? (char) b : (char) (256 + n++);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(bc[b]), b);
        }
        String g = String.valueOf(bc[' ']);
        String[][] merges = {{"h", "e"}, {"t", "he"}, {g, "the"}, {"i", "n"}, {g, "in"}, {"o", "r"}, {g, "w"},
            {g + "w", "or"}, {"l", "d"}, {g + "wor", "ld"}, {"a", "n"}, {g, "an"}, {g + "an", "d"}};
        ArrayNode mergeList = JSON.createArrayNode();
        for (String[] p : merges) {
            vocab.put(p[0] + p[1], vocab.size());
            mergeList.add(p[0] + " " + p[1]);
        }
        int bos = vocab.size();
        vocab.put("<s>", bos);
        vocab.put("</s>", bos + 1);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id : new int[] {bos, bos + 1}) {
            added.addObject().put("id", id).put("content", id == bos ? "<s>" : "</s>").put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", true);
        ObjectNode post = root.putObject("post_processor").put("type", "RobertaProcessing");
        post.putArray("sep").add("</s>").add(bos + 1);
        post.putArray("cls").add("<s>").add(bos);
        post.put("trim_offsets", true).put("add_prefix_space", false);
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                .put("trim_offsets", true).put("use_regex", true);
        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false).put("byte_fallback", false);
        model.set("vocab", JSON.valueToTree(vocab));
        model.set("merges", mergeList);
        Path file = Files.createDirectories(dir.resolve("bpe")).resolve("tokenizer.json");
        Files.writeString(file, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
        return file;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
