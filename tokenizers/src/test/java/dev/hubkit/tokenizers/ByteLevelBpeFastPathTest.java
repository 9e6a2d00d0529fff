package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.added.AddedVocabulary;
import dev.hubkit.tokenizers.parity.ParityCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The byte-level BPE fast path gives exactly the encoding of the general pipeline (added tokens, normalized
 * strings, pre-tokenizers, model): ids, tokens, word ids, offsets, type ids and masks, on the parity corpus
 * sample, hard inputs (surrogate pairs, lone surrogates, whitespace runs, line breaks) and Split behaviors.
 */
class ByteLevelBpeFastPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<String> texts;
    private static String gpt2;
    private static String llama3;

    @BeforeAll
    static void load() throws Exception {
        texts = new ArrayList<>(ParityCorpus.sample(1_500));
        texts.addAll(List.of("", " ", "  ", "a", "\n", " \n ", "x \n ", "Hello world", "  leading and trailing  ",
                "line\r\nbreaks\n\n\nand\ttabs", "emoji 😀👍🏽 family 👨‍👩‍👧", "lone \uD83D surrogate", "lone \uDE00 low",
                "\uD83D", "\uDE00\uD83D", "ǅungla don'ſ DON'T it's 12345 a/b\n/", "日本語のテキスト、中文文本。",
                "Ελληνικά кириллица עברית العربية हिन्दी", "   \u00a0\u2003 mixed\u3000spaces", "<|endoftext|> split",
                "a<|endoftext|>b", "x".repeat(600), "ab".repeat(200) + " 😀".repeat(50)));
        gpt2 = TiktokenFixtures.gpt2();
        llama3 = TiktokenFixtures.llama3Style();
    }

    @Test
    void gpt2ByteLevelRegexPipeline() throws Exception {
        assertSameAsGeneralPath(withoutPostProcessor(gpt2, null), true);
    }

    @Test
    void splitThenByteLevelPipeline() throws Exception {
        assertSameAsGeneralPath(withoutPostProcessor(llama3, null), true);
    }

    @Test
    void splitBehaviorsAndInversion() throws Exception {
        for (String behavior : List.of("Removed", "MergedWithPrevious", "MergedWithNext", "Contiguous")) {
            for (boolean invert : List.of(false, true)) {
                ObjectNode split = JSON.createObjectNode().put("type", "Split").put("behavior", behavior)
                        .put("invert", invert);
                split.putObject("pattern").put("Regex", "\\s+|\\p{P}");
                assertSameAsGeneralPath(withoutPostProcessor(llama3, split), false);
            }
        }
    }

    @Test
    void inputsWithAddedTokensGoTheGeneralWay() throws Exception {
        Tokenizer t = Tokenizer.fromJson(gpt2);
        ByteLevelBpeFastPath fast = fastPath(t);
        assertThat(fast.encode("a<|endoftext|>b", 0)).isNull();
        assertThat(fast.encode("a<|endoftext|b", 0)).isNotNull();
    }

    @Test
    void otherPipelinesHaveNoFastPath() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(gpt2);
        ((ObjectNode) root.get("pre_tokenizer")).put("add_prefix_space", true);
        assertThat(fastPath(Tokenizer.fromJson(root.toString()))).isNull();
        root = (ObjectNode) JSON.readTree(gpt2);
        root.putObject("normalizer").put("type", "Lowercase");
        assertThat(fastPath(Tokenizer.fromJson(root.toString()))).isNull();
    }

    @Test
    void sharedWordCachesGiveTheSameResultsOnManyThreads() throws Exception {
        Tokenizer reference = generalPath(gpt2);
        List<int[]> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(reference.encode(text, false).ids());
        }
        Tokenizer shared = Tokenizer.fromJson(gpt2); // empty caches, filled and replaced by four threads at once
        List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                int offset = t * 97;
                runs.add(pool.submit(() -> {
                    int bad = 0;
                    for (int k = 0; k < texts.size() * 2; k++) {
                        int i = (k + offset) % texts.size();
                        if (!Arrays.equals(shared.encode(texts.get(i), false).ids(), expected.get(i))) {
                            bad++;
                        }
                    }
                    return bad;
                }));
            }
            for (java.util.concurrent.Future<Integer> run : runs) {
                assertThat(run.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The tokenizer.json with no post-processor (so encode returns the sequence as the pipeline made it). */
    private static String withoutPostProcessor(String json, ObjectNode replaceSplit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        root.putNull("post_processor");
        if (replaceSplit != null) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("pre_tokenizer").get("pretokenizers"))
                    .set(0, replaceSplit);
        }
        return root.toString();
    }

    /**
     * The same tokenizer forced onto the general path: an empty normalizer sequence changes nothing but is a
     * normalizer, so {@link ByteLevelBpeFastPath#of} declines it (Tokenizer itself takes the fast path).
     */
    private static Tokenizer generalPath(String json) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        Tokenizer t = Tokenizer.fromJson(root.toString());
        assertThat(fastPath(t)).isNull();
        return t;
    }

    private static ByteLevelBpeFastPath fastPath(Tokenizer t) {
        return ByteLevelBpeFastPath.of(t.normalizer().orElse(null), t.preTokenizer().orElse(null), t.model(),
                new AddedVocabulary(t.addedTokens(), null, t.model(), t.normalizer().orElse(null)));
    }

    private static void assertSameAsGeneralPath(String json, boolean allTexts) throws Exception {
        Tokenizer t = Tokenizer.fromJson(json);
        Tokenizer general = generalPath(json);
        ByteLevelBpeFastPath fast = fastPath(t);
        assertThat(fast).isNotNull();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        List<Encoding> expected = new ArrayList<>();
        for (int round = 0; round < 2; round++) { // the second round hits the piece cache the first one filled
            for (int i = 0, k = 0; i < texts.size(); i += allTexts ? 1 : 7, k++) {
                String text = texts.get(i);
                if (round == 0) {
                    expected.add(general.encode(text, false));
                }
                Encoding actual = fast.encode(text, 0);
                if (actual == null) {
                    assertThat(text).contains("<|endoftext|>");
                    continue;
                }
                checked++;
                String diff = diff(expected.get(k), actual);
                if (diff == null && round == 0) {
                    diff = diff(expected.get(k), t.encode(text, false));
                }
                if (diff != null && failures.size() < 10) {
                    failures.add(text + ": " + diff);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(200);
    }

    private static String diff(Encoding e, Encoding a) {
        if (!Arrays.equals(e.ids(), a.ids())) {
            return "ids " + Arrays.toString(e.ids()) + " vs " + Arrays.toString(a.ids());
        }
        if (!Arrays.equals(e.tokens(), a.tokens())) {
            return "tokens";
        }
        if (!Arrays.equals(e.wordIds(), a.wordIds())) {
            return "word ids " + Arrays.toString(e.wordIds()) + " vs " + Arrays.toString(a.wordIds());
        }
        if (!Arrays.deepEquals(e.offsets(), a.offsets())) {
            return "offsets " + Arrays.deepToString(e.offsets()) + " vs " + Arrays.deepToString(a.offsets());
        }
        if (!Arrays.equals(e.typeIds(), a.typeIds()) || !Arrays.equals(e.attentionMask(), a.attentionMask())
                || !Arrays.equals(e.specialTokensMask(), a.specialTokensMask())
                || !Arrays.equals(e.sequenceIds(), a.sequenceIds())) {
            return "type ids, masks or sequence ids";
        }
        return null;
    }
}
