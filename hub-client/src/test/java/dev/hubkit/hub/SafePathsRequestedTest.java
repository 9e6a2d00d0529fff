package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A file name a caller asks for is taken as huggingface_hub takes it ({@code ./a.txt} is {@code a.txt},
 * {@code a//b} is {@code a/b}), while traversal, absolute names, backslashes and NUL stay refused; names from a
 * server stay strict.
 */
class SafePathsRequestedTest {

    @Test
    void dotAndEmptySegmentsOfARequestedNameAreDropped() {
        assertThat(SafePaths.requested("./a.txt", "r")).isEqualTo("a.txt");
        assertThat(SafePaths.requested("a//b.txt", "r")).isEqualTo("a/b.txt");
        assertThat(SafePaths.requested("./a/./b//c.txt", "r")).isEqualTo("a/b/c.txt");
        assertThat(SafePaths.requested("a/b.txt", "r")).isEqualTo("a/b.txt");
        assertThat(SafePaths.requested(".hidden/..x", "r")).isEqualTo(".hidden/..x");
    }

    @Test
    void unsafeRequestedNamesAreStillRefused() {
        for (String bad : List.of("../a", "a/../b", "./../a", "/a.txt", "//a.txt", "a\\b", "C:x", ".", "./", "a\0b")) {
            assertThatThrownBy(() -> SafePaths.requested(bad, "acme/x")).as(bad)
                    .isInstanceOf(UnsafePathException.class).hasMessageContaining("acme/x");
        }
    }

    @Test
    void serverNamesStayStrict() {
        for (String bad : List.of("./a.txt", "a//b.txt")) {
            assertThatThrownBy(() -> SafePaths.check(bad, "r")).as(bad).isInstanceOf(UnsafePathException.class);
        }
    }
}
