package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.convert.SlowFiles;
import dev.hubkit.tokenizers.convert.SlowTokenizerConverter;
import dev.hubkit.tokenizers.convert.TokenizerFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which converter runs: tokenizer_class, else config.json's model_type, else the files present. */
class SlowTokenizerDetectionTest {
    @TempDir
    Path dir;

    @Test
    void tokenizerClassThenModelTypeThenFiles() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
        assertThat(SlowTokenizerConverter.detect(SlowFiles.locate(dir.toString()))).isEqualTo(TokenizerFamily.GPT2);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"roberta\"}");
        assertThat(SlowTokenizerConverter.detect(SlowFiles.locate(dir.toString()))).isEqualTo(TokenizerFamily.ROBERTA);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"GPT2TokenizerFast\"}");
        assertThat(SlowTokenizerConverter.detect(SlowFiles.locate(dir.toString()))).isEqualTo(TokenizerFamily.GPT2);
        // a class whose files are missing falls through to the files present
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"LlamaTokenizer\"}");
        assertThat(SlowTokenizerConverter.detect(SlowFiles.locate(dir.toString()))).isEqualTo(TokenizerFamily.ROBERTA);
    }

    @Test
    void specialTokensFromEitherFileInEitherSpelling() throws IOException {
        Files.writeString(dir.resolve("vocab.txt"), "[UNK]\n");
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"unk_token\": {\"__type\": \"AddedToken\", \"content\": \"<oov>\"}, \"add_bos_token\": true}");
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"cls_token\": \"<cls>\", \"unk_token\": \"x\"}");
        SlowFiles f = SlowFiles.locate(dir.resolve("vocab.txt").toString());
        assertThat(f.specialToken("unk_token", "[UNK]")).isEqualTo("<oov>");
        assertThat(f.specialToken("cls_token", "[CLS]")).isEqualTo("<cls>");
        assertThat(f.specialToken("sep_token", "[SEP]")).isEqualTo("[SEP]");
        assertThat(AutoTokenizer.settings(dir.toString()).addBosToken()).isTrue();
        assertThat(AutoTokenizer.settings(dir.toString()).modelMaxLength()).isNull();
    }

    @Test
    void familyNames() {
        for (TokenizerFamily f : TokenizerFamily.values()) {
            assertThat(TokenizerFamily.fromName(f.cliName())).contains(f);
        }
        assertThat(TokenizerFamily.fromName("XLM_RoBERTa")).contains(TokenizerFamily.XLM_ROBERTA);
        assertThat(TokenizerFamily.fromTokenizerClass("T5TokenizerFast")).contains(TokenizerFamily.T5);
        assertThat(TokenizerFamily.fromName("nope")).isEmpty();
    }
}
