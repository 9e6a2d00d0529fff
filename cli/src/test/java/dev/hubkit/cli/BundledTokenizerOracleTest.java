package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.hubkit.cli.quickstart.BundledModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference Rust tokenizers library loads the bundled tokenizer.json and tokenizes English meaningfully. */
class BundledTokenizerOracleTest {

    @TempDir
    static Path dir;

    private static HuggingFaceTokenizer tokenizer;
    private static List<String> vocab;

    @BeforeAll
    static void load() throws IOException {
        Path model = BundledModel.tinyBert().install(dir.resolve("tiny-bert"));
        tokenizer = HuggingFaceTokenizer.newInstance(model.resolve("tokenizer.json"), Map.of());
        vocab = Files.readAllLines(model.resolve("vocab.txt"), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Test
    void frequentWordsAreSingleTokensWithTheVocabTxtIds() {
        Encoding e = tokenizer.encode("The world is a great place, and people love music!");
        assertThat(e.getTokens()).containsExactly("[CLS]", "the", "world", "is", "a", "great", "place", ",",
                "and", "people", "love", "music", "!", "[SEP]");
        long[] expected = Arrays.stream(e.getTokens()).mapToLong(vocab::indexOf).toArray();
        assertThat(e.getIds()).containsExactly(expected);
        assertThat(e.getTypeIds()).containsOnly(0L);
    }

    @Test
    void unknownWordsSplitIntoPiecesAndDecodeBack() {
        String text = "The quick brown fox jumps over the lazy dog.";
        Encoding e = tokenizer.encode(text);
        assertThat(e.getTokens()).doesNotContain("[UNK]").contains("##s");
        assertThat(tokenizer.decode(e.getIds(), true)).isEqualTo(text.toLowerCase());
    }

    @Test
    void pairsGetSecondSegmentTypeIds() {
        Encoding e = tokenizer.encode("hello world", "good morning");
        List<String> tokens = Arrays.asList(e.getTokens());
        assertThat(tokens.get(0)).isEqualTo("[CLS]");
        assertThat(tokens.stream().filter("[SEP]"::equals).count()).isEqualTo(2);
        assertThat(e.getTypeIds()[e.getTypeIds().length - 1]).isEqualTo(1L);
    }
}
