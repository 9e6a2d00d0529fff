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
        }
    }

    @Test
    void patternsPythonAcceptsNeverThrow() {
        for (String p : List.of("[[]ab].txt", "[!]]x", "[z-a].txt", "[", "[]", "[!]", "[a--]", "[b-a-c]", "\\[")) {
            Globs.matches(p, "x");
        }
        assertThat(Globs.accepts("d1/x.json", List.of("*"), List.of("d1\\*.json"))).isFalse();
    }
}
