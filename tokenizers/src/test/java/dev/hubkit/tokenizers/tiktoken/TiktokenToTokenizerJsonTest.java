package dev.hubkit.tokenizers.tiktoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.TokenizerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer.json built from a tiktoken rank file encodes like the tiktoken encoding itself. */
class TiktokenToTokenizerJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode convertResource(String file, TiktokenToTokenizerJson converter) {
        try (InputStream in = Encoding.class.getResourceAsStream("/com/knuddels/jtokkit/" + file + ".tiktoken")) {
            assertThat(in).as(file).isNotNull();
            return converter.convert(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines() {
        List<String> lines = new ArrayList<>(TiktokenParityTest.trickyLines(200));
        lines.addAll(TiktokenParityTest.europarl(200));
        lines.removeIf(TiktokenToTokenizerJsonTest::hasLoneSurrogate);
        return lines;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code endOfText}: the id the loaded tokenizer.json gives {@code <|endoftext|>}. */
    private static void assertEncodesLikeTiktoken(ObjectNode json, TiktokenParityTest.Standard standard,
                                                  EncodingType type, int endOfText) {
        Tokenizer hf = Tokenizer.fromJson(json.toString());
        TiktokenEncoding ours;
        try (InputStream in = Encoding.class.getResourceAsStream("/com/knuddels/jtokkit/" + standard.file
                + ".tiktoken")) {
            ours = TiktokenEncoding.read(in, standard.file, standard.pattern.pattern(),
                    Map.of("<|endoftext|>", endOfText));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(type);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : lines()) {
            int[] got = hf.encode(line, false).ids();
            int[] expected = ours.encodeWithSpecialTokens(line);
            if (!Arrays.equals(got, expected)) {
                failures.add("vs TiktokenEncoding " + line + ": " + Arrays.toString(got) + " expected "
                        + Arrays.toString(expected));
            }
            if (!line.contains("<|endoftext|>")) {
                int[] theirs = jtokkit.encodeOrdinary(line).toArray();
                if (!Arrays.equals(got, theirs)) {
                    failures.add("vs JTokkit " + line + ": " + Arrays.toString(got) + " expected "
                            + Arrays.toString(theirs));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(failures).as(failures.size() + " mismatches, first:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
    }

    @Test
    void r50kGpt2LayoutEncodesLikeTiktokenAndJtokkit() {
        ObjectNode json = convertResource("r50k_base", TiktokenToTokenizerJson.gpt2ByteLevel().mergesAsPairs(false)
                .specialToken("<|endoftext|>", 50256).build());
        assertThat(json.at("/model/vocab").size()).isEqualTo(50256);
        assertThat(json.at("/model/ignore_merges").booleanValue()).isFalse();
        assertThat(json.at("/model/merges/0").isTextual()).isTrue();
        assertThat(json.at("/pre_tokenizer/type").asText()).isEqualTo("ByteLevel");
        assertThat(json.at("/model/vocab/\u0120the").intValue()).isEqualTo(262); // " the" in GPT-2
        assertEncodesLikeTiktoken(json, TiktokenParityTest.Standard.R50K, EncodingType.R50K_BASE, 50256);
    }

    @Test
    void r50kSplitLayoutEncodesLikeTiktokenAndJtokkit() {
        ObjectNode json = convertResource("r50k_base", TiktokenToTokenizerJson
                .splitThenByteLevel(TiktokenToTokenizerJson.huggingFaceRegex(SplitPattern.R50K))
                .ignoreMerges(false).specialToken("<|endoftext|>", 50256).build());
        assertThat(json.at("/pre_tokenizer/pretokenizers/1/use_regex").booleanValue()).isFalse();
        assertThat(json.at("/model/merges/0").isArray()).isTrue();
        assertEncodesLikeTiktoken(json, TiktokenParityTest.Standard.R50K, EncodingType.R50K_BASE, 50256);
    }

    @Test
    void cl100kTransformersLayoutEncodesLikeTiktokenAndJtokkit() {
        ObjectNode json = convertResource("cl100k_base",
                TiktokenToTokenizerJson.splitThenByteLevel(TiktokenToTokenizerJson.CL100K_REGEX)
                        .specialToken("<|endoftext|>", 100257).build());
        assertThat(json.at("/model/ignore_merges").booleanValue()).isTrue();
        assertThat(json.at("/added_tokens/0/id").intValue()).isEqualTo(100257);
        // cl100k's ranks end at 100255; like Hugging Face tokenizers, loading numbers the added token
        // consecutively, so <|endoftext|> loads as 100256 (the converter logs a warning about it).
        assertThat(Tokenizer.fromJson(json.toString()).encode("<|endoftext|>", false).ids()).containsExactly(100256);
        assertEncodesLikeTiktoken(json, TiktokenParityTest.Standard.CL100K, EncodingType.CL100K_BASE, 100256);
    }

    /** 256 single bytes, then "ab", "abc", "bc": every two-token split, ordered like transformers. */
    @Test
    void mergesAreEverySplitOrderedByMergedRankThenPartRanks(@TempDir Path dir) throws IOException {
        StringBuilder file = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            file.append(Base64.getEncoder().encodeToString(new byte[] {(byte) b})).append(' ').append(b).append('\n');
        }
        String[] words = {"ab", "abc", "bc", " a"};
        for (int i = 0; i < words.length; i++) {
            file.append(Base64.getEncoder().encodeToString(words[i].getBytes(StandardCharsets.UTF_8)))
                    .append(' ').append(256 + i).append('\n');
        }
        Path rankFile = dir.resolve("tiny.tiktoken");
        Files.writeString(rankFile, file);

        JsonNode json = JSON.readTree(TiktokenToTokenizerJson.splitThenByteLevel("\\S+|\\s+")
                .specialToken("<|b|>", 261).specialToken("<|a|>", 260).build().toJson(rankFile));
        assertThat(json.at("/model/merges").toString())
                .isEqualTo("[[\"a\",\"b\"],[\"a\",\"bc\"],[\"ab\",\"c\"],[\"b\",\"c\"],[\"\u0120\",\"a\"]]");
        assertThat(json.at("/model/vocab").size()).isEqualTo(260);
        assertThat(json.at("/model/vocab/\u0100").intValue()).isZero(); // byte 0x00 in the byte-level alphabet
        assertThat(json.at("/model/vocab/\u0120a").intValue()).isEqualTo(259);
        assertThat(json.at("/added_tokens/0/content").asText()).isEqualTo("<|a|>");
        assertThat(json.at("/added_tokens/1/id").intValue()).isEqualTo(261);
        assertThat(json.at("/pre_tokenizer/pretokenizers/0/pattern/Regex").asText()).isEqualTo("\\S+|\\s+");

        JsonNode strings = JSON.readTree(TiktokenToTokenizerJson.gpt2ByteLevel().mergesAsPairs(false).build()
                .toJson(rankFile));
        assertThat(strings.at("/model/merges/2").asText()).isEqualTo("ab c");
        assertThat(strings.at("/added_tokens").size()).isZero();

        Tokenizer tok = Tokenizer.fromJson(json.toString());
        assertThat(tok.encode("abc ab<|a|>", false).ids()).containsExactly(257, 32, 256, 260);
    }

    @Test
    void badInputFailsWithTypedMessages(@TempDir Path dir) throws IOException {
        TiktokenToTokenizerJson clash = TiktokenToTokenizerJson.gpt2ByteLevel()
                .specialToken("<|endoftext|>", 100).build();
        assertThatThrownBy(() -> convertResource("r50k_base", clash))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("already the rank");
        assertThatThrownBy(() -> TiktokenToTokenizerJson.gpt2ByteLevel()
                .specialTokens(Map.of("<|a|>", 7, "<|b|>", 7)).build())
                .isInstanceOf(TokenizerException.class).hasMessageContaining("share id 7");
        assertThatThrownBy(() -> TiktokenToTokenizerJson.gpt2ByteLevel().build()
                .convert(new ByteArrayInputStream("not base64!! 0\n".getBytes(StandardCharsets.US_ASCII)), "bad"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("bad line 1");
        assertThatThrownBy(() -> TiktokenToTokenizerJson.gpt2ByteLevel().build().convert(dir.resolve("missing")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TiktokenToTokenizerJson.splitThenByteLevel(""))
                .isInstanceOf(TokenizerException.class);
    }

    @Test
    void huggingFaceRegexOfO200kIsTheTiktokenPattern() {
        assertThat(TiktokenToTokenizerJson.huggingFaceRegex(SplitPattern.O200K)).isEqualTo(SplitPattern.O200K.regex());
        assertThat(TiktokenToTokenizerJson.huggingFaceRegex(SplitPattern.CL100K))
                .isEqualTo(TiktokenToTokenizerJson.CL100K_REGEX);
    }
}
