package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafePathsAndGlobsTest {

    @Test
    void refusesEscapingNames() {
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "C:/x", "c:x", "a\\b", "", "a//b", "./a", "a/.", "a/", "..", ".",
                "a/..", "a/./b", "a/b/../../..", "a\0b")) {
            assertThatThrownBy(() -> SafePaths.check(bad, "acme/x")).as(bad).isInstanceOf(UnsafePathException.class)
                    .hasMessageContaining("acme/x");
        }
        assertThat(SafePaths.check("a/b.c/d..e", "r")).isEqualTo("a/b.c/d..e");
        assertThat(SafePaths.check(".a/..b/...", "r")).isEqualTo(".a/..b/...");
        assertThat(SafePaths.resolveUnder(Path.of("/tmp/x/../root"), "a/.b", "r")).isEqualTo(Path.of("/tmp/root/a/.b"));
        assertThat(SafePaths.resolveUnder(Path.of("/tmp/root"), "a/b", "r")).isEqualTo(Path.of("/tmp/root/a/b"));
    }

    @Test
    void urlSegmentsAreEncodedAsUrlEncoderDoes() {
        for (String seg : List.of("config.json", "model-00001-of-00002.safetensors", "a b", "a+b", "x~y", "*_.-",
                "caf\u00e9.txt", "\u6a21\u578b.bin", "%41", "q?x=1&y", "#frag", "")) {
            assertThat(HubClient.encode(seg)).as(seg)
                    .isEqualTo(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
    }

    @Test
    void globsFollowFnmatch() {
        assertThat(Globs.matches("*.json", "config.json")).isTrue();
        assertThat(Globs.matches("*.json", "sub/config.json")).isTrue();
        assertThat(Globs.matches("sub/", "sub/a/b.txt")).isTrue();
        assertThat(Globs.matches("model-?.bin", "model-1.bin")).isTrue();
        assertThat(Globs.matches("[ab].txt", "c.txt")).isFalse();
        assertThat(Globs.accepts("a.bin", List.of("*.json"), List.of())).isFalse();
        assertThat(Globs.accepts("a.json", List.of("*.json"), List.of("a*"))).isFalse();
        assertThat(Globs.accepts("x", List.of(), List.of())).isTrue();
    }

    @Test
    void repoRefsAndCacheFolders() {
        assertThat(RepoRef.model("org/name").cacheFolderName()).isEqualTo("models--org--name");
        assertThat(RepoRef.dataset("org/name").cacheFolderName()).isEqualTo("datasets--org--name");
        assertThat(RepoRef.fromCacheFolderName("models--gpt2")).isEqualTo(RepoRef.model("gpt2"));
        assertThat(RepoRef.fromCacheFolderName("datasets--a--b")).isEqualTo(RepoRef.dataset("a/b"));
        assertThat(RepoRef.fromCacheFolderName(".locks")).isNull();
        assertThatThrownBy(() -> RepoRef.model("a/../b")).isInstanceOf(HubException.class);
        assertThatThrownBy(() -> RepoRef.model("a/b/c")).isInstanceOf(HubException.class);
        assertThat(ByteSizes.parse("10G")).isEqualTo(10L << 30);
        assertThat(ByteSizes.parse("500MB")).isEqualTo(500L << 20);
        assertThat(ByteSizes.parse("1.5KiB")).isEqualTo(1536);
        assertThatThrownBy(() -> ByteSizes.parse("lots")).isInstanceOf(HubException.class);
        assertThat(FileMetadata.normalizeEtag("W/\"abc\"")).isEqualTo("abc");
    }
}
