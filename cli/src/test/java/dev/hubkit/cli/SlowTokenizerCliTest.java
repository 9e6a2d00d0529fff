package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.cli.quickstart.BundledModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit tokenize}/{@code decode} on slow tokenizer files (.model, vocab.txt, vocab.json, .tiktoken) and
 * {@code hubkit tokenizer convert}: SentencePiece output against the library's recorded expectations, converted
 * files against the Rust library (DJL).
 */
class SlowTokenizerCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LINES = List.of("the world in the world", "Hello, the worlds!", "",
            "  the  in\tthe\u00e9 \uD83D\uDE42 world", "<|endoftext|>the");

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ .model (sentencepiece-exact)

    private Path resource(String name, Path to) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Files.createDirectories(to.getParent());
            Files.write(to, in.readAllBytes());
            return to;
        }
    }

    @Test
    void sentencePieceModelEncodesAndDecodesExactlyAsTheLibrary() throws IOException {
        Path model = resource("spm/unigram.model", dir.resolve("spm/unigram.model"));
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(resource("spm/lines.jsonl", dir.resolve("lines.jsonl")))) {
            lines.add(JSON.readTree(l).textValue());
        }
        List<JsonNode> expected = new ArrayList<>();
        for (String l : Files.readAllLines(resource("spm/expected.jsonl", dir.resolve("expected.jsonl")))) {
            expected.add(JSON.readTree(l));
        }
        // lines may hold \r or tabs: tokenize reads one input per \n-terminated line
        List<String> usable = new ArrayList<>();
        List<JsonNode> want = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).indexOf('\n') < 0) {
                usable.add(lines.get(i));
                want.add(expected.get(i));
            }
        }
        List<JsonNode> out = tokenize(model, usable);
        assertThat(out).hasSize(usable.size());
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < usable.size(); i++) {
            JsonNode o = out.get(i);
            JsonNode w = want.get(i);
            String what = JSON.writeValueAsString(usable.get(i));
            assertThat(o.get("ids")).as("ids of %s", what).isEqualTo(w.get("ids"));
            assertThat(o.get("tokens")).as("tokens of %s", what).isEqualTo(w.get("tokens"));
            assertThat(o.get("offsets")).as("offsets of %s", what).isEqualTo(w.get("offsets"));
            for (String zeroes : List.of("type_ids", "special_tokens_mask")) {
                o.get(zeroes).forEach(v -> assertThat(v.asInt()).isZero());
            }
            o.get("attention_mask").forEach(v -> assertThat(v.asInt()).isOne());
            o.get("word_ids").forEach(v -> assertThat(v.isNull()).isTrue());
            ObjectNode idsLine = JSON.createObjectNode();
            idsLine.set("ids", w.get("ids"));
            ids.append(idsLine).append('\n');
        }
        Path idsFile = Files.writeString(dir.resolve("ids.jsonl"), ids.toString());
        Path decoded = dir.resolve("decoded.jsonl");
        CliRunner.Result r = CliRunner.run("decode", "-t", model.toString(), "-i", idsFile.toString(),
                "-o", decoded.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> texts = Files.readAllLines(decoded, StandardCharsets.UTF_8);
        for (int i = 0; i < usable.size(); i++) {
            assertThat(JSON.readTree(texts.get(i)).get("text").asText()).isEqualTo(want.get(i).get("decoded").asText());
        }
    }

    @Test
    void sentencePieceModelAddsBosAndEosOnlyWhenTheConfigBesideItSaysSo() throws IOException {
        Path model = resource("spm/unigram.model", dir.resolve("m/unigram.model"));
        JsonNode plain = tokenize(model, List.of("hello")).get(0);
        Files.writeString(model.resolveSibling("tokenizer_config.json"),
                "{\"add_bos_token\": true, \"add_eos_token\": true}");
        JsonNode both = tokenize(model, List.of("hello")).get(0);
        assertThat(both.get("ids").size()).isEqualTo(plain.get("ids").size() + 2);
        assertThat(both.get("tokens").get(0).asText()).isEqualTo("<s>");
        assertThat(both.get("tokens").get(both.get("tokens").size() - 1).asText()).isEqualTo("</s>");
        assertThat(both.get("special_tokens_mask").get(0).asInt()).isOne();
        JsonNode noSpecial = tokenize(model, List.of("hello"), "--no-special-tokens").get(0);
        assertThat(noSpecial.get("ids")).isEqualTo(plain.get("ids"));
        JsonNode cut = tokenize(model, List.of("hello world hello world"), "--max-length", "4",
                "--padding", "max_length").get(0);
        assertThat(cut.get("ids").size()).isEqualTo(4);
        assertThat(cut.get("tokens").get(3).asText()).isEqualTo("</s>");
    }

    // ------------------------------------------------------------------ vocab.txt

    @Test
    void vocabTxtTokenizesLikeTheTokenizerJsonItCameFrom() throws IOException {
        Path bert = BundledModel.tinyBert().install(dir.resolve("tiny-bert"));
        JsonNode tj = JSON.readTree(bert.resolve("tokenizer.json").toFile());
        TreeMap<Integer, String> byId = new TreeMap<>();
        tj.path("model").path("vocab").fields().forEachRemaining(e -> byId.put(e.getValue().intValue(), e.getKey()));
        Path slow = Files.createDirectories(dir.resolve("slow-bert"));
        Files.writeString(slow.resolve("vocab.txt"), String.join("\n", byId.values()) + "\n");
        JsonNode norm = tj.path("normalizer");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tokenizer_class", "BertTokenizer");
        config.put("do_lower_case", norm.path("lowercase").asBoolean(true));
        config.put("tokenize_chinese_chars", norm.path("handle_chinese_chars").asBoolean(true));
        if (norm.path("strip_accents").isBoolean()) {
            config.put("strip_accents", norm.path("strip_accents").asBoolean());
        }
        Files.writeString(slow.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
        List<String> lines = List.of("Hello world, the quick brown fox!", "Café déjà vu 你好", "",
                "[CLS] looks special [SEP] [MASK]");
        assertThat(tokenize(slow.resolve("vocab.txt"), lines))
                .isEqualTo(tokenize(bert.resolve("tokenizer.json"), lines));
    }

    @Test
    void tokenizerConfigSuppliesMaxLengthAndSides() throws IOException {
        Path bert = BundledModel.tinyBert().install(dir.resolve("tiny-bert-sides"));
        JsonNode tj = JSON.readTree(bert.resolve("tokenizer.json").toFile());
        TreeMap<Integer, String> byId = new TreeMap<>();
        tj.path("model").path("vocab").fields().forEachRemaining(e -> byId.put(e.getValue().intValue(), e.getKey()));
        Path slow = Files.createDirectories(dir.resolve("slow-sides"));
        Files.writeString(slow.resolve("vocab.txt"), String.join("\n", byId.values()) + "\n");
        Files.writeString(slow.resolve("tokenizer_config.json"), "{\"model_max_length\": 5, \"truncation_side\":"
                + " \"left\", \"padding_side\": \"left\"}");
        JsonNode full = tokenize(slow, List.of("the the the the the the")).get(0);
        JsonNode cut = tokenize(slow, List.of("the the the the the the"), "--truncation", "longest_first").get(0);
        assertThat(cut.get("ids").size()).isEqualTo(5);
        // left truncation keeps the end of the text
        assertThat(cut.get("offsets").get(3)).isEqualTo(full.get("offsets").get(full.get("offsets").size() - 2));
        JsonNode padded = tokenize(slow, List.of("the"), "--max-length", "6", "--padding", "max_length").get(0);
        assertThat(padded.get("attention_mask").get(0).asInt()).isZero();
        assertThat(padded.get("attention_mask").get(5).asInt()).isOne();
    }

    // ------------------------------------------------------------------ vocab.json + merges.txt, .tiktoken

    /** GPT-2's byte-to-character table. */
    private static char[] byteChars() {
        char[] table = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE;
            table[b] = printable ? (char) b : (char) (256 + n++);
        }
        return table;
    }

    private Path gpt2Dir() throws IOException {
        char[] bc = byteChars();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(bc[b]), b);
        }
        String g = String.valueOf(bc[' ']);
        String[][] merges = {{"h", "e"}, {"t", "he"}, {g, "the"}, {"i", "n"}, {g, "in"}, {"o", "r"}, {g, "w"},
            {g + "w", "or"}, {"l", "d"}, {g + "wor", "ld"}};
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String[] p : merges) {
            vocab.put(p[0] + p[1], vocab.size());
            m.append(p[0]).append(' ').append(p[1]).append('\n');
        }
        vocab.put("<|endoftext|>", vocab.size());
        Path d = Files.createDirectories(dir.resolve("gpt2"));
        Files.writeString(d.resolve("vocab.json"), JSON.writeValueAsString(vocab));
        Files.writeString(d.resolve("merges.txt"), m.toString());
        return d;
    }

    private Path tiktokenFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        int rank = 0;
        for (int b = 0; b < 256; b++) {
            sb.append(Base64.getEncoder().encodeToString(new byte[] {(byte) b})).append(' ').append(rank++).append('\n');
        }
        for (String t : List.of("he", "the", " the", "in", " in", "or", " w", " wor", "ld", " world")) {
            sb.append(Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8))).append(' ')
                    .append(rank++).append('\n');
        }
        return Files.writeString(dir.resolve("cl100k_tiny.tiktoken"), sb.toString());
    }

    /** tokenize -t SOURCE equals tokenize -t (converted tokenizer.json), and the Rust library agrees. */
    private void convertedMatchesRust(Path source, String... convertOptions) throws IOException {
        Path out = dir.resolve("converted-" + System.nanoTime() + "/tokenizer.json");
        List<String> args = new ArrayList<>(List.of("tokenizer", "convert", source.toString(), "-o", out.toString()));
        args.addAll(List.of(convertOptions));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Wrote");
        assertThat(out).exists();
        assertThat(out.getParent()).isDirectoryNotContaining("glob:**.tmp");
        List<JsonNode> direct = tokenize(source, LINES);
        assertThat(direct).isEqualTo(tokenize(out, LINES));
        try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.newInstance(out,
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"))) {
            for (int i = 0; i < LINES.size(); i++) {
                Encoding e = rust.encode(LINES.get(i));
                long[] ids = new long[direct.get(i).get("ids").size()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = direct.get(i).get("ids").get(k).asLong();
                }
                assertThat(ids).as(LINES.get(i)).containsExactly(e.getIds());
            }
        }
    }

    @Test
    void vocabJsonWithMergesAndTiktokenFiles() throws IOException {
        Path gpt2 = gpt2Dir();
        convertedMatchesRust(gpt2.resolve("vocab.json"));
        Path roberta = Files.createDirectories(dir.resolve("roberta"));
        for (String f : List.of("vocab.json", "merges.txt")) {
            Files.copy(gpt2.resolve(f), roberta.resolve(f));
        }
        Files.writeString(roberta.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"RobertaTokenizerFast\"}");
        convertedMatchesRust(roberta);
        Path typed = dir.resolve("typed.json");
        CliRunner.Result r = CliRunner.run("tokenizer", "convert", gpt2.toString(), "-o", typed.toString(),
                "--type", "roberta");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("roberta");
        assertThat(tokenize(typed, List.of("the")).get(0).get("tokens").toString()).isEqualTo("[\"<s>\",\"the\",\"</s>\"]");
        convertedMatchesRust(tiktokenFile());
        List<JsonNode> out = tokenize(gpt2.resolve("vocab.json"), List.of(" the world"));
        assertThat(out.get(0).get("tokens").toString()).isEqualTo("[\"\u0120the\",\"\u0120world\"]");
    }

    @Test
    void convertErrorsAreUserErrorsNamingTheProblem() throws IOException {
        Path gpt2 = gpt2Dir();
        CliRunner.Result r = CliRunner.run("tokenizer", "convert", gpt2.toString(), "-o",
                dir.resolve("x.json").toString(), "--type", "nope");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("--type must be one of");
        Files.writeString(gpt2.resolve("vocab.json"), "[1, 2]");
        r = CliRunner.run("tokenizer", "convert", gpt2.toString(), "-o", dir.resolve("x.json").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("vocab.json").contains("not a JSON object");
        assertThat(dir.resolve("x.json")).doesNotExist();
        r = CliRunner.run("tokenizer", "convert", dir.resolve("missing").toString(), "-o",
                dir.resolve("x.json").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        Path garbage = Files.write(dir.resolve("broken.model"), new byte[] {0x0a, 0x7f, 1, 2});
        r = CliRunner.run("tokenize", "-t", garbage.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("broken.model");
    }

    private List<JsonNode> tokenize(Path tokenizer, List<String> lines, String... options) throws IOException {
        Path in = Files.writeString(dir.resolve("in-" + System.nanoTime() + ".txt"),
                lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out-" + System.nanoTime() + ".jsonl");
        List<String> args = new ArrayList<>(List.of("tokenize", "-t", tokenizer.toString(), "-i", in.toString(),
                "-o", out.toString()));
        args.addAll(List.of(options));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> result = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            result.add(JSON.readTree(line));
        }
        return result;
    }
}
