package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions found by checking the tokenize/decode contracts against real files and tools. */
class AuditRegressionTest {
    @TempDir
    Path dir;

    private Path llamaModel() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sentencepiece/families/llama.model")) {
            return Files.write(dir.resolve("tokenizer.model"), in.readAllBytes());
        }
    }

    /**
     * {@code hubkit decode -t x.model} with an id past the vocabulary silently dropped it; sentencepiece's
     * DecodeIds (the contract for a .model) raises "piece id is out of range".
     */
    @Test
    void modelDecodeRefusesIdsOutOfRange() throws IOException {
        TokenizerEngine spm = AutoTokenizer.engine(llamaModel().toString());
        int size = spm instanceof SentencePieceEngine s ? s.model().size() : -1;
        assertThat(size).isPositive();
        int[] ok = spm.encode("Hello world", null, false).ids();
        assertThat(spm.decodeBatch(List.of(ok), false)).containsExactly("Hello world");
        assertThatThrownBy(() -> spm.decodeBatch(List.of(ok, new int[] {ok[0], size}), false))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("sequence 2, position 1: id " + size + " is out of range")
                .hasMessageContaining("0 to " + (size - 1));
        assertThatThrownBy(() -> spm.decodeBatch(List.of(new int[] {-1}), false))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("id -1 is out of range");
    }

    /**
     * {@code hubkit tokenize -t missing.json} took a missing file for a hub repo id and, with the hub out of
     * reach, spent minutes retrying; a path naming a tokenizer file that does not exist is an error at once.
     */
    @Test
    void missingTokenizerFileIsNotLookedUpAsARepo() {
        for (String missing : List.of(dir.resolve("tokenizer.json").toString(), "nonexistent.json",
                "models/x/vocab.txt", dir.resolve("m.model").toString(), "cl100k_base.tiktoken")) {
            assertThatThrownBy(() -> AutoTokenizer.engine(missing)).as(missing)
                    .isInstanceOf(TokenizerException.class)
                    .hasMessageContaining("tokenizer file " + missing + " does not exist");
        }
    }
}
