package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.tokenizers.convert.SlowTokenizerConverter;
import dev.hubkit.tokenizers.convert.TokenizerFamily;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed slow tokenizer files fail with a TokenizerException naming the file, the place and the problem. */
class SlowFilesErrorsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void vocabTxtWithADuplicateToken() throws IOException {
        Path v = write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\nhello\n");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining(v.toString()).hasMessageContaining("line 7")
                .hasMessageContaining("'hello' is already on line 5");
    }

    @Test
    void vocabTxtWithoutTheUnknownToken() throws IOException {
        Path v = write("vocab.txt", "[CLS]\n[SEP]\nhello\n");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("unk_token '[UNK]'");
    }

    @Test
    void vocabJsonThatIsNotAnObject() throws IOException {
        write("merges.txt", "#version: 0.2\n");
        Path v = write("vocab.json", "[\"a\", \"b\"]");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining(v.toString()).hasMessageContaining("not a JSON object");
    }

    @Test
    void vocabJsonWithNonIntegerIdsOrSharedIdsOrTruncated() throws IOException {
        write("merges.txt", "#version: 0.2\n");
        Path v = write("vocab.json", "{\"a\": 0, \"b\": \"one\"}");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("token 'b'")
                .hasMessageContaining("not a non-negative integer");
        write("vocab.json", "{\"a\": 0, \"b\": 0}");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("share id 0");
        write("vocab.json", "{\"a\": 0, \"b\": 1");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining(v.toString());
    }

    @Test
    void mergesNamingUnknownTokensOrMalformedLines() throws IOException {
        Path v = write("vocab.json", "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Path m = write("merges.txt", "#version: 0.2\na b\nab c\n");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining(m.toString()).hasMessageContaining("line 3")
                .hasMessageContaining("token 'c' is not in vocab.json");
        write("merges.txt", "a b\nb a\n");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("line 2")
                .hasMessageContaining("merge of 'b' and 'a' is not in vocab.json");
        write("merges.txt", "a b c\n");
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("line 1")
                .hasMessageContaining("two tokens");
        Files.delete(m);
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(v.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("no merges.txt");
    }

    private byte[] model() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sentencepiece/families/llama.model")) {
            return in.readAllBytes();
        }
    }

    @Test
    void truncatedOrGarbageModelFiles() throws IOException {
        byte[] good = model();
        Path truncated = Files.write(dir.resolve("truncated.model"), Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(truncated.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("truncated.model");
        assertThatThrownBy(() -> AutoTokenizer.engine(truncated.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("truncated.model");
        Path garbage = Files.write(dir.resolve("garbage.model"), "this is not a protobuf at all\n".getBytes());
        assertThatThrownBy(() -> SlowTokenizerConverter.convert(garbage.toString(), TokenizerFamily.LLAMA))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("garbage.model");
        Path empty = Files.write(dir.resolve("empty.model"), new byte[0]);
        assertThatThrownBy(() -> AutoTokenizer.engine(empty.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("empty");
    }

    @Test
    void duplicatePiecesInAModel() throws IOException {
        byte[] good = model();
        // pieces 4 and 5 of the Llama-shaped model are <0x01> and <0x02>: make the second spell the first
        byte[] bad = good.clone();
        byte[] from = "<0x02>".getBytes();
        byte[] to = "<0x01>".getBytes();
        int at = indexOf(bad, from);
        System.arraycopy(to, 0, bad, at, to.length);
        Path dup = Files.write(dir.resolve("dup.model"), bad);
        assertThatThrownBy(() -> AutoTokenizer.fromPretrained(dup.toString()))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("dup.model")
                .hasMessageContaining("<0x01>");
    }

    @Test
    void unknownTypeOrNoFiles() throws IOException {
        Path v = write("vocab.txt", "[UNK]\n[CLS]\n[SEP]\n");
        assertThatThrownBy(() -> SlowTokenizerConverter.convert(dir.toString(), TokenizerFamily.LLAMA))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("no SentencePiece .model");
        Files.delete(v);
        assertThatThrownBy(() -> SlowTokenizerConverter.convert(dir.toString(), null))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("no tokenizer files");
        Path config = write("tokenizer_config.json", "{not json");
        assertThatThrownBy(() -> SlowTokenizerConverter.convert(dir.toString(), null))
                .isInstanceOf(TokenizerException.class).hasMessageContaining(config.toString());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
