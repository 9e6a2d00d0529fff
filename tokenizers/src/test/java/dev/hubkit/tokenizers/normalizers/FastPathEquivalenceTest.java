package dev.hubkit.tokenizers.normalizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.pretokenizers.Metaspace;
import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.RustUnicodeTables;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.UnicodeForms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-pass normalizers and pre-tokenizers give exactly the text and alignments of the step-by-step
 * algorithms they replace (written out here as the Rust library describes them) on random mixed-script input.
 */
class FastPathEquivalenceTest {
    private static final String[] PARTS = {"a", "Z", " ", "  ", "\t", "\n", "\r\n", "\r", "é", "É", "e\u0301", "\u0301",
        "a\u0308\u0301\u0323", "\u1E9B\u0323", "Ω", "ά", "Жж", "ß", "ẞ", "İ", "ǅ", "ﬁ", "ﬀ", "①", "½", "Ａ", "ｶﾞ", "\uFF9E",
        "中", "文", "\uF900", "가", "\u1100\u1161\u11A8", "ภา\u0E33", "क्ष", "\u0600x", "\u00AD", "\u200B", "\u200D", "\uFEFF",
        "\u0000", "\uFFFD", "\u0007", "\u00A0", "\u3000", "\u2028", "😀", "👍🏽", "👨\u200D👩", "🇫🇷", "\uD800", "\uDC00",
        "<s>", "▁", "‐", "—", "…", "™", "©\u200D😀", "\u0345", "\u0F73", "\u1D165"};

    private static List<String> inputs() {
        Random r = new Random(7);
        List<String> out = new ArrayList<>();
        for (String p : PARTS) {
            out.add(p);
            out.add(" " + p + " x" + p);
        }
        for (int k = 0; k < 3000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++) {
                if (r.nextInt(4) == 0) {
                    sb.appendCodePoint(r.nextInt(0x3000));
                } else {
                    sb.append(PARTS[r.nextInt(PARTS.length)]);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String describe(NormalizedString ns) {
        StringBuilder sb = new StringBuilder(ns.get()).append(" [").append(ns.originalStart()).append(',')
                .append(ns.originalEnd()).append(")");
        for (int i = 0; i < ns.length(); i++) {
            sb.append(' ').append(ns.alignmentStart(i)).append('-').append(ns.alignmentEnd(i));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------ Precompiled

    private static Precompiled precompiled() throws IOException {
        try (InputStream in = FastPathEquivalenceTest.class.getResourceAsStream("/parity/unigram-europarl.json")) {
            Tokenizer t = Tokenizer.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            NormalizerSequence seq = (NormalizerSequence) t.normalizer().orElseThrow();
            return (Precompiled) seq.normalizers().get(0);
        }
    }

    /** Rust's algorithm: every grapheme through the trie, then each of its chars, changes as its replace helper. */
    private static void precompiledStepByStep(Precompiled p, NormalizedString s) {
        String text = s.get();
        List<int[]> tr = new ArrayList<>();
        boolean modified = false;
        Matcher m = Pattern.compile("\\X").matcher(text);
        while (m.find()) {
            String g = text.substring(m.start(), m.end());
            if (g.getBytes(StandardCharsets.UTF_8).length < 6) {
                String norm = p.transform(g);
                if (norm != null) {
                    modified = true;
                    replace(tr, g, norm);
                    continue;
                }
            }
            for (int i = 0; i < g.length(); ) {
                int cp = g.codePointAt(i);
                String part = new String(Character.toChars(cp));
                String norm = p.transform(part);
                if (norm != null) {
                    modified = true;
                    replace(tr, part, norm);
                } else {
                    tr.add(new int[] {cp, 0});
                }
                i += Character.charCount(cp);
            }
        }
        if (modified) {
            NormalizedString.Edit e = s.edit();
            for (int[] t : tr) {
                e.add(t[0], t[1]);
            }
            e.apply(0);
        }
    }

    private static void replace(List<int[]> tr, String oldPart, String newPart) {
        int diff = newPart.codePointCount(0, newPart.length()) - oldPart.codePointCount(0, oldPart.length());
        newPart.codePoints().forEach(cp -> tr.add(new int[] {cp, 0}));
        if (diff > 0) {
            for (int i = tr.size() - 1, k = 0; k < diff && i >= 0; i--, k++) {
                tr.get(i)[1] = 1;
            }
        } else if (diff < 0 && !tr.isEmpty()) {
            tr.get(tr.size() - 1)[1] += diff;
        }
    }

    @Test
    void precompiledMatchesGraphemeByGrapheme() throws IOException {
        Precompiled p = precompiled();
        int changed = 0;
        for (String in : inputs()) {
            NormalizedString fast = NormalizedString.of(in);
            p.normalize(fast);
            NormalizedString slow = NormalizedString.of(in);
            precompiledStepByStep(p, slow);
            assertThat(describe(fast)).as(in).isEqualTo(describe(slow));
            if (!fast.get().equals(in)) {
                changed++;
            }
        }
        assertThat(changed).as("inputs the charsmap changes").isGreaterThan(100);
    }

    // ------------------------------------------------------------------------------------------ BertNormalizer

    /** The BERT normalizer's steps one by one. */
    private static void bertStepByStep(BertNormalizer b, NormalizedString s) {
        if (b.cleanText()) {
            s.filter(c -> !(c == 0 || c == 0xFFFD || Chars.isBertControl(c)));
            s.map(c -> Chars.isBertWhitespace(c) ? ' ' : c);
        }
        if (b.handleChineseChars()) {
            String t = s.get();
            NormalizedString.Edit e = s.edit();
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                if (Chars.isChinese(cp)) {
                    e.add(' ', 0).add(cp, 1).add(' ', 1);
                } else {
                    e.add(cp, 0);
                }
                i += Character.charCount(cp);
            }
            e.apply(0);
        }
        boolean strip = b.stripAccents() == null ? b.lowercase() : b.stripAccents();
        if (strip) {
            UnicodeForms.apply(s, java.text.Normalizer.Form.NFD);
            s.filter(c -> !RustUnicodeTables.isBertNonSpacingMark(c));
        }
        if (b.lowercase()) {
            s.lowercase();
        }
    }

    @Test
    void bertNormalizerMatchesStepByStep() {
        List<BertNormalizer> variants = List.of(new BertNormalizer(true, true, null, true),
                new BertNormalizer(true, true, false, false), new BertNormalizer(false, false, true, false),
                new BertNormalizer(true, false, false, true), new BertNormalizer(false, true, null, true));
        for (BertNormalizer b : variants) {
            for (String in : inputs()) {
                NormalizedString fast = NormalizedString.of(in);
                b.normalize(fast);
                NormalizedString slow = NormalizedString.of(in);
                bertStepByStep(b, slow);
                assertThat(describe(fast)).as(b + " on " + in).isEqualTo(describe(slow));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ Metaspace

    @Test
    void metaspaceMatchesPatternSplit() {
        for (Metaspace.PrependScheme scheme : Metaspace.PrependScheme.values()) {
            for (boolean split : new boolean[] {true, false}) {
                Metaspace fast = new Metaspace('▁', scheme, split);
                for (String in : inputs()) {
                    PreTokenizedString a = new PreTokenizedString(in);
                    fast.preTokenize(a);
                    PreTokenizedString b = new PreTokenizedString(in);
                    b.split(ns -> {
                        ns.replace(Patterns.codePoint(' '), "▁");
                        if ((scheme == Metaspace.PrependScheme.ALWAYS
                                || scheme == Metaspace.PrependScheme.FIRST && ns.originalStart() == 0)
                                && !ns.get().startsWith("▁")) {
                            ns.prepend("▁");
                        }
                        return split ? ns.split(Patterns.codePoint('▁'), SplitBehavior.MERGED_WITH_NEXT) : List.of(ns);
                    });
                    assertThat(pieces(a)).as(scheme + " " + split + " on " + in).isEqualTo(pieces(b));
                }
            }
        }
    }

    private static List<String> pieces(PreTokenizedString s) {
        List<String> out = new ArrayList<>();
        for (PreTokenizedString.Split sp : s.splits()) {
            out.add(describe(sp.normalized()));
        }
        return out;
    }
}
