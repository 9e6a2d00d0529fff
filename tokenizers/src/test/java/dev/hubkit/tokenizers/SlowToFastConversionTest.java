package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.convert.SlowTokenizerConverter;
import dev.hubkit.tokenizers.convert.TokenizerFamily;
import dev.hubkit.tokenizers.parity.ParityCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow-to-fast conversion for every family: the written tokenizer.json loads in the Rust library (DJL) and
 * gives the same ids, tokens, offsets and decodes as hubkit on a 6,000-line stratified sample of the parity
 * corpus plus the family's own fixture lines. For the SentencePiece
 * families the agreement with sentencepiece's own ids is reported (not asserted: transformers' fast
 * conversions differ from sentencepiece on some edge cases by design).
 */
class SlowToFastConversionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLE = 500;
    /**
     * Corpus lines each converted tokenizer is checked on against the Rust library: a deterministic stratified
     * sample (half Europarl paragraphs, half adversarial lines; {@link ParityCorpus#sample}), since checking all
     * 20,000+ lines through DJL for each of the ~18 conversions took over 11 minutes of a CI run on a 2-core VM.
     * The real tokenizer files are checked on the whole corpus by the parity tests.
     */
    private static final int CHECKED_LINES = 6_000;
    private static String gpt2Json;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ helpers

    private static String resource(String name) throws IOException {
        try (InputStream in = SlowToFastConversionTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = SlowToFastConversionTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Files.write(to, in.readAllBytes());
        }
    }

    private static List<JsonNode> gzLines(String resource) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = SlowToFastConversionTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /**
     * Converts, checks the Rust library agrees with hubkit on every line of the parity corpus and on
     * {@code texts}, returns hubkit's tokenizer.
     */
    private Tokenizer convertAndCheck(Path source, TokenizerFamily family, List<String> texts) throws IOException {
        return convertAndCheck(source, family, texts, List.of());
    }

    /**
     * Like {@link #convertAndCheck(Path, TokenizerFamily, List)}, tolerating mismatches only on the lines listed
     * in {@code knownDifferences} (hubkit pipeline differences outside the converter, reported).
     */
    private Tokenizer convertAndCheck(Path source, TokenizerFamily family, List<String> texts,
                                      List<String> knownDifferences) throws IOException {
        ObjectNode tree = SlowTokenizerConverter.convert(source.toString(), family);
        Path json = dir.resolve("converted-" + family + "-" + Math.abs(tree.hashCode()) + ".json");
        Files.writeString(json, tree.toString(), StandardCharsets.UTF_8);
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(texts);
        all.addAll(ParityCorpus.sample(CHECKED_LINES));
        try (DjlOracle o = new DjlOracle(json, true)) {
            List<String> failed = new ArrayList<>();
            for (String t : all) {
                try {
                    o.check(t, true);
                } catch (AssertionError e) {
                    failed.add(t);
                    System.out.println("[slow-to-fast] " + family + " " + source.getFileName() + " DJL differs on "
                            + JSON.writeValueAsString(t) + ": " + e.getMessage().lines().limit(10).toList());
                }
            }
            assertThat(failed).as("lines where the Rust library and hubkit differ").isSubsetOf(knownDifferences);
            o.check(texts.get(0), false);
            o.checkPair(texts.get(0), texts.get(1));
            return o.ours;
        }
    }

    private static void writeConfig(Path dir, Map<String, Object> config) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
    }

    // ------------------------------------------------------------------ BERT / GPT-2 / RoBERTa / tiktoken

    /** vocab.txt derived from a real BERT tokenizer.json: the conversion reproduces that tokenizer exactly. */
    @Test
    void bertFromVocabTxtMatchesTheOriginalTokenizerJson() throws IOException {
        String original = resource("all-minilm-l6-v2-q-tokenizer.json");
        JsonNode vocab = JSON.readTree(original).path("model").path("vocab");
        TreeMap<Integer, String> byId = new TreeMap<>();
        vocab.fields().forEachRemaining(e -> byId.put(e.getValue().intValue(), e.getKey()));
        Path model = Files.createDirectories(dir.resolve("bert"));
        Files.writeString(model.resolve("vocab.txt"), String.join("\n", byId.values()) + "\n", StandardCharsets.UTF_8);
        writeConfig(model, Map.of("tokenizer_class", "BertTokenizer", "do_lower_case", true));
        List<String> texts = ParityCorpus.sample(SAMPLE);
        Tokenizer converted = convertAndCheck(model, null, texts);
        Tokenizer reference = Tokenizer.fromJson(original).withTruncation(null).withPadding(null);
        for (String t : texts) {
            Encoding a = converted.encode(t, true);
            Encoding b = reference.encode(t, true);
            assertThat(a.ids()).as(t).containsExactly(b.ids());
            assertThat(a.offsets()).as(t).isDeepEqualTo(b.offsets());
        }
        // AutoTokenizer takes the same path when the directory has no tokenizer.json
        assertThat(AutoTokenizer.fromPretrained(model.toString()).encode("Hello there!").ids())
                .containsExactly(reference.encode("Hello there!").ids());
    }

    /** GPT-2 (r50k) as tokenizer.json, built once. */
    private static synchronized String gpt2Json() throws IOException {
        if (gpt2Json == null) {
            gpt2Json = TiktokenFixtures.gpt2();
        }
        return gpt2Json;
    }

    private Path gpt2Files(String name) throws IOException {
        JsonNode gpt2 = JSON.readTree(gpt2Json());
        Path model = Files.createDirectories(dir.resolve(name));
        Files.writeString(model.resolve("vocab.json"), gpt2.path("model").path("vocab").toString());
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        for (JsonNode m : gpt2.path("model").path("merges")) {
            merges.append(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText()).append('\n');
        }
        Files.writeString(model.resolve("merges.txt"), merges.toString());
        return model;
    }

    @Test
    void gpt2FromVocabJsonAndMergesMatchesTheReference() throws IOException {
        Path model = gpt2Files("gpt2");
        List<String> texts = ParityCorpus.sample(SAMPLE);
        Tokenizer converted = convertAndCheck(model.resolve("vocab.json"), null, texts);
        Tokenizer reference = Tokenizer.fromJson(gpt2Json());
        for (String t : texts) {
            assertThat(converted.encode(t, true).ids()).as(t).containsExactly(reference.encode(t, true).ids());
        }
    }

    @Test
    void robertaAndGpt2WithPrefixSpaceAndBos() throws IOException {
        Path model = gpt2Files("roberta");
        writeConfig(model, Map.of("tokenizer_class", "RobertaTokenizerFast", "add_prefix_space", true));
        List<String> texts = ParityCorpus.sample(200);
        Tokenizer roberta = convertAndCheck(model, null, texts);
        Encoding e = roberta.encode("Hello world");
        assertThat(e.tokens()).containsExactly("<s>", "\u0120Hello", "\u0120world", "</s>");
        writeConfig(model, Map.of("tokenizer_class", "GPT2Tokenizer", "add_bos_token", true));
        Tokenizer gpt2 = convertAndCheck(model, null, texts);
        assertThat(gpt2.encode("Hello world").tokens()).containsExactly("<|endoftext|>", "Hello", "\u0120world");
    }

    /** The first {@code n} ranks of a jtokkit rank file (a closed BPE vocabulary: parts rank below wholes). */
    private Path rankPrefix(String name, int n) throws IOException {
        Path out = Files.createDirectories(dir.resolve("tt-" + name)).resolve(name + ".tiktoken");
        StringBuilder sb = new StringBuilder();
        for (String line : resource("com/knuddels/jtokkit/" + name + ".tiktoken").split("\n")) {
            if (!line.isBlank() && Integer.parseInt(line.substring(line.indexOf(' ') + 1).trim()) < n) {
                sb.append(line).append('\n');
            }
        }
        Files.writeString(out, sb.toString());
        return out;
    }

    private void tiktoken(String name, dev.hubkit.tokenizers.tiktoken.SplitPattern pattern) throws IOException {
        Path rank = rankPrefix(name, 6000);
        List<String> texts = ParityCorpus.sample(250);
        Tokenizer t = convertAndCheck(rank, null, texts);
        var reference = dev.hubkit.tokenizers.tiktoken.TiktokenEncoding.load(rank, pattern, Map.of());
        for (String s : texts) {
            if (!s.contains("<|")) {
                assertThat(t.encode(s, false).ids()).as(s).containsExactly(reference.encode(s));
            }
        }
        assertThat(t.encode("<|endoftext|>", false).tokens()).containsExactly("<|endoftext|>");
    }

    @Test
    void tiktokenCl100kRankFile() throws IOException {
        tiktoken("cl100k_base", dev.hubkit.tokenizers.tiktoken.SplitPattern.CL100K);
    }

    @Test
    void tiktokenO200kRankFile() throws IOException {
        tiktoken("o200k_base", dev.hubkit.tokenizers.tiktoken.SplitPattern.O200K);
    }

    // ------------------------------------------------------------------ SentencePiece families

    private static final String FAMILIES = "sentencepiece/families/";

    private static List<String> spmLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : gzLines("sentencepiece/lines.txt.gz")) {
            out.add(n.textValue());
        }
        return out;
    }

    /**
     * Converts a family model, checks DJL parity on the fixture lines plus a corpus sample, and reports how
     * often the converted tokenizer's ids (without special tokens) equal sentencepiece's.
     */
    private double spmFamily(String name, TokenizerFamily family, Map<String, Object> config,
                             IntUnaryOperator spmIdToFast) throws IOException {
        return spmFamily(name, family, config, spmIdToFast, t -> false);
    }

    private double spmFamily(String name, TokenizerFamily family, Map<String, Object> config,
                             IntUnaryOperator spmIdToFast, java.util.function.Predicate<String> known)
            throws IOException {
        Path model = Files.createDirectories(dir.resolve(name + "-" + config.hashCode()));
        copyResource(FAMILIES + name + ".model", model.resolve("tokenizer.model"));
        writeConfig(model, config);
        List<String> lines = spmLines();
        List<String> texts = new ArrayList<>(lines.subList(0, 400));
        texts.addAll(ParityCorpus.sample(150));
        Tokenizer t = convertAndCheck(model, family, texts, texts.stream().filter(known).toList());
        List<JsonNode> expected = gzLines(FAMILIES + name + ".jsonl.gz");
        int same = 0;
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int[] want = new int[expected.get(i).path("ids").size()];
            Iterator<JsonNode> it = expected.get(i).path("ids").elements();
            for (int k = 0; k < want.length; k++) {
                want[k] = spmIdToFast.applyAsInt(it.next().intValue());
            }
            if (java.util.Arrays.equals(want, t.encode(lines.get(i), false).ids())) {
                same++;
            } else if (differing.size() < 5) {
                differing.add(JSON.writeValueAsString(lines.get(i)));
            }
        }
        double rate = (double) same / lines.size();
        System.out.printf("[slow-to-fast] %s %s: %d/%d lines (%.1f%%) give sentencepiece's ids; e.g. differing: %s%n",
                name, config, same, lines.size(), 100 * rate, differing);
        return rate;
    }

    @Test
    void t5() throws IOException {
        spmFamily("t5", TokenizerFamily.T5, Map.of("tokenizer_class", "T5Tokenizer", "extra_ids", 100), id -> id);
        spmFamily("t5", null, Map.of("tokenizer_class", "T5TokenizerFast", "legacy", false), id -> id);
    }

    @Test
    void albert() throws IOException {
        spmFamily("albert", null, Map.of("tokenizer_class", "AlbertTokenizer"), id -> id);
        double keep = spmFamily("albert", null, Map.of("tokenizer_class", "AlbertTokenizer", "do_lower_case", false,
                "keep_accents", true), id -> id);
        assertThat(keep).isGreaterThan(0.5);
    }

    @Test
    void xlmRoberta() throws IOException {
        // fairseq layout: <s>=0 <pad>=1 </s>=2 <unk>=3, then the pieces shifted by one
        double rate = spmFamily("xlm-roberta", null, Map.of("tokenizer_class", "XLMRobertaTokenizer"),
                id -> id == 0 ? 3 : id == 1 ? 0 : id == 2 ? 2 : id + 1);
        assertThat(rate).isGreaterThan(0.5);
    }

    @Test
    void llamaLegacyAndNonLegacy() throws IOException {
        double legacy = spmFamily("llama", null, Map.of("tokenizer_class", "LlamaTokenizer"), id -> id);
        spmFamily("llama", null, Map.of("tokenizer_class", "LlamaTokenizerFast", "legacy", false,
                "add_eos_token", true), id -> id);
        assertThat(legacy).isGreaterThan(0.5);
    }

    @Test
    void gemma() throws IOException {
        double rate = spmFamily("gemma", null, Map.of("tokenizer_class", "GemmaTokenizer"), id -> id);
        assertThat(rate).isGreaterThan(0.5);
    }
}
