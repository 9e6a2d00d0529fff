package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Globs} against a table that huggingface_hub 2.0's {@code filter_repo_objects} (CPython 3.11
 * {@code fnmatch}) produced: the parity tester's cases (sets with {@code ]} or {@code [} first, reversed ranges,
 * {@code [^a]}, backslash as separator, folder patterns) and a random sample of a fuzzing run.
 */
class GlobsFnmatchTableTest {

    @Test
    void everyRowMatchesAsHuggingfaceHub() throws IOException {
        List<String> rows;
        try (InputStream in = getClass().getResourceAsStream("/fnmatch-table.tsv")) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).toList();
        }
        assertThat(rows).hasSizeGreaterThan(250);
        for (String row : rows) {
            String[] f = row.split("\t", -1);
            assertThat(Globs.accepts(f[1], List.of(f[0]), List.of())).as("pattern %s path %s", f[0], f[1])
                    .isEqualTo(Boolean.parseBoolean(f[2]));
            // the same answers from patterns translated once, as a snapshot download filters its files
            assertThat(Globs.selection(List.of(f[0]), List.of()).accepts(f[1])).as("allow %s path %s", f[0], f[1])
                    .isEqualTo(Boolean.parseBoolean(f[2]));
            assertThat(Globs.selection(List.of(), List.of(f[0])).accepts(f[1])).as("ignore %s path %s", f[0], f[1])
                    .isEqualTo(!Boolean.parseBoolean(f[2]));
        }
    }

    @Test
    void eachPatternIsTranslatedOnceNotOncePerPath() {
        String tag = Long.toHexString(System.nanoTime());
        List<String> allow = List.of("*.json" + tag, "sub/*" + tag, "d" + tag + "/model-[0-9]*.safetensors");
        List<String> ignore = List.of("*" + tag + "*.bin", "[!a]x" + tag);
        long before = Globs.translated();
        Globs.Selection selection = Globs.selection(allow, ignore);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            accepted += selection.accepts("d" + tag + "/model-" + i + ".safetensors") ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(100_000);
        assertThat(Globs.translated() - before).isEqualTo(allow.size() + ignore.size());

        // the per-call form reuses translations too
        String one = "*.txt" + tag;
        long mid = Globs.translated();
        for (int i = 0; i < 1_000; i++) {
            Globs.accepts("f" + i + ".txt" + tag, List.of(one), List.of());
        }
        assertThat(Globs.translated() - mid).isEqualTo(1);
    }

    @Test
    void patternsPythonAcceptsNeverThrow() {
        for (String p : List.of("[[]ab].txt", "[!]]x", "[z-a].txt", "[", "[]", "[!]", "[a--]", "[b-a-c]", "\\[")) {
            Globs.matches(p, "x");
        }
        assertThat(Globs.accepts("d1/x.json", List.of("*"), List.of("d1\\*.json"))).isFalse();
    }
}
