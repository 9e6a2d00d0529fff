package dev.hubkit.tokenizers.normalizers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The simple-char table agrees with the regex engine's {@code \X} that Precompiled's clusters come from. */
class GraphemeCharsTest {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private static int clusters(String s) {
        Matcher m = GRAPHEME.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void twoSimpleCharsAreAlwaysTwoClusters() {
        char[] others = {'a', ' ', '\n', 0xE9, 0x3A9, 0x416, 0x4E2D, 0x2014, 0xA9, 0x00AD - 1, 0xFF21};
        List<String> wrong = new ArrayList<>();
        int simple = 0;
        for (int c = 0; c < 0x10000; c++) {
            if (!GraphemeChars.isSimple((char) c)) {
                continue;
            }
            simple++;
            String ch = String.valueOf((char) c);
            if (clusters(ch + ch) != 2) {
                wrong.add(Integer.toHexString(c) + " twice");
            }
            for (char o : others) {
                if (!GraphemeChars.isSimple(o)) {
                    continue;
                }
                if (clusters(ch + o) != 2 || clusters(o + ch) != 2) {
                    wrong.add(Integer.toHexString(c) + " next to " + Integer.toHexString(o));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(simple).isGreaterThan(40_000);
    }

    @Test
    void joiningCharsAreNotSimple() {
        for (char c : new char[] {'\r', 0x301, 0x200D, 0x200C, 0x1100, 0xAC00, 0x0E33, 0xFF9E, 0x0600, 0x0D4E, 0xD83D,
            0xDE00, 0x093F}) {
            assertThat(GraphemeChars.isSimple(c)).as(Integer.toHexString(c)).isFalse();
        }
    }
}
