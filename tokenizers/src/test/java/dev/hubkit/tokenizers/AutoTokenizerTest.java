package dev.hubkit.tokenizers;

import dev.hubkit.core.source.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AutoTokenizer resolves a file, a model directory, and reports what it could not find. */
class AutoTokenizerTest {
    static final String JSON = "{\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"hi\":0,\"<unk>\":1},\"unk_token\":\"<unk>\"},"
            + "\"pre_tokenizer\":{\"type\":\"Whitespace\"}}";

    @Test
    void loadsFromDirectoryAndFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, JSON);
        assertThat(AutoTokenizer.fromPretrained(dir.toString()).encode("hi there").ids()).containsExactly(0, 1);
        assertThat(AutoTokenizer.fromPretrained(file.toString()).encode("hi").ids()).containsExactly(0);
    }

    @Test
    void missingTokenizerIsReported(@TempDir Path dir) {
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(dir.toString()))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("tokenizer.json");
    }

    @Test
    void batchEncodingIsParallelSafeAndOrdered() {
        Tokenizer t = Tokenizer.fromJson(JSON);
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            texts.add(i % 2 == 0 ? "hi" : "hi x hi");
        }
        List<Encoding> out = t.encodeBatch(texts, true);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).length()).isEqualTo(i % 2 == 0 ? 1 : 3);
        }
        assertThat(t.decodeBatch(List.of(new int[] {0, 1}), false)).containsExactly("hi <unk>");
    }
}
