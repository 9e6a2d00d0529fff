package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.normalizers.BertNormalizer;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.UnicodeForms;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Alignment tracking follows the Rust NormalizedString rules. */
class NormalizedStringTest {

    static int[] orig(NormalizedString ns, int s, int e) {
        return new int[] {ns.originalStartOf(s, e), ns.originalEndOf(s, e)};
    }

    @Test
    void nfdThenFilterKeepsOffsetsInOriginal() {
        NormalizedString ns = NormalizedString.of("Héllo");
        UnicodeForms.apply(ns, java.text.Normalizer.Form.NFD);
        assertThat(ns.get()).isEqualTo("He\u0301llo");
        assertThat(orig(ns, 1, 3)).containsExactly(1, 2);
        ns.filter(c -> c != 0x301);
        assertThat(ns.get()).isEqualTo("Hello");
        assertThat(orig(ns, 0, 5)).containsExactly(0, 5);
        assertThat(orig(ns, 1, 2)).containsExactly(1, 2);
    }

    @Test
    void lowercaseDottedCapitalIExpands() {
        NormalizedString ns = NormalizedString.of("aİb");
        ns.lowercase();
        assertThat(ns.get()).isEqualTo("ai\u0307b");
        assertThat(orig(ns, 1, 3)).containsExactly(1, 2);
        assertThat(orig(ns, 3, 4)).containsExactly(2, 3);
    }

    @Test
    void prependSharesFirstCharAlignment() {
        NormalizedString ns = NormalizedString.of("hey").slice(1, 3);
        ns.prepend("\u2581");
        assertThat(ns.get()).isEqualTo("\u2581ey");
        assertThat(orig(ns, 0, 1)).containsExactly(1, 2);
        assertThat(orig(ns, 0, 3)).containsExactly(1, 3);
    }

    @Test
    void stripRemovesWhitespaceBothSides() {
        NormalizedString ns = NormalizedString.of("  ab \u3000");
        ns.strip(true, true);
        assertThat(ns.get()).isEqualTo("ab");
        assertThat(orig(ns, 0, 2)).containsExactly(2, 4);
    }

    @Test
    void replaceWithLongerContent() {
        NormalizedString ns = NormalizedString.of("a b");
        ns.replace(Patterns.literal(" "), "__");
        assertThat(ns.get()).isEqualTo("a__b");
        assertThat(orig(ns, 1, 3)).containsExactly(1, 2);
        assertThat(orig(ns, 3, 4)).containsExactly(2, 3);
    }

    @Test
    void splitBehaviorsMatchRustDocs() {
        String s = "the-final--countdown";
        assertThat(parts(s, SplitBehavior.REMOVED)).containsExactly("the", "final", "countdown");
        assertThat(parts(s, SplitBehavior.ISOLATED)).containsExactly("the", "-", "final", "-", "-", "countdown");
        assertThat(parts(s, SplitBehavior.MERGED_WITH_PREVIOUS)).containsExactly("the-", "final-", "-", "countdown");
        assertThat(parts(s, SplitBehavior.MERGED_WITH_NEXT)).containsExactly("the", "-final", "-", "-countdown");
        assertThat(parts(s, SplitBehavior.CONTIGUOUS)).containsExactly("the", "-", "final", "--", "countdown");
    }

    static List<String> parts(String s, SplitBehavior b) {
        return NormalizedString.of(s).split(Patterns.codePoint('-'), b).stream().map(NormalizedString::get)
                .filter(x -> !x.isEmpty()).toList();
    }

    @Test
    void bertNormalizerIsolatesCjkAndStripsAccents() {
        NormalizedString ns = NormalizedString.of("Ça你\u0000x");
        new BertNormalizer(true, true, null, true).normalize(ns);
        assertThat(ns.get()).isEqualTo("ca 你 x");
        int you = ns.get().indexOf('你');
        assertThat(orig(ns, you - 1, you + 2)).containsExactly(2, 3);
        assertThat(orig(ns, ns.length() - 1, ns.length())).containsExactly(4, 5);
    }

    @Test
    void surrogatePairsStayWhole() {
        NormalizedString ns = NormalizedString.of("a😀b");
        ns.lowercase();
        assertThat(orig(ns, 1, 3)).containsExactly(1, 3);
        NormalizedString sl = ns.slice(1, 3);
        assertThat(sl.get()).isEqualTo("😀");
        assertThat(sl.originalStart()).isEqualTo(1);
    }
}
