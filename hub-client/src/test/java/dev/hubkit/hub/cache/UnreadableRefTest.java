package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.RepoRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ref file ({@code refs/<name>}) that is there but cannot be read is an error naming the file and what to do, never
 * taken for "no such revision"; a missing one (or a folder of other refs, such as {@code refs/pr/}) is no revision.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class UnreadableRefTest {

    private static final String C1 = "1".repeat(40);
    private static final RepoRef REPO = RepoRef.model("acme/a");

    @TempDir
    Path tmp;

    private Path refs() throws Exception {
        return Files.createDirectories(tmp.resolve("cache/models--acme--a/refs"));
    }

    @Test
    void aReadableRefNamesItsCommitAndAMissingOneNothing() throws Exception {
        Files.writeString(refs().resolve("main"), C1 + "\n");
        HubCache cache = new HubCache(tmp.resolve("cache"));
        assertThat(cache.resolveRevision(REPO, "main")).contains(C1);
        assertThat(cache.resolveRevision(REPO, "dev")).isEmpty();
        assertThat(cache.resolveRevision(REPO, C1)).contains(C1);
        assertThat(cache.resolveRevision(RepoRef.model("acme/none"), "main")).isEmpty();
    }

    @Test
    void aRefThatIsALinkLoopIsAnErrorNamingTheFile() throws Exception {
        Path ref = refs().resolve("main");
        Files.createSymbolicLink(ref, Path.of("main")); // reading it fails with ELOOP, as root too
        HubCache cache = new HubCache(tmp.resolve("cache"));
        assertThatThrownBy(() -> cache.resolveRevision(REPO, "main"))
                .isInstanceOf(HubCacheException.class)
                .hasMessageContaining("cannot read ref file " + cache.repoDir(REPO).resolve("refs/main"))
                .hasMessageContaining("check its permissions");
        // what looks a file up through the ref fails the same way, rather than answering "not cached"
        assertThatThrownBy(() -> cache.cachedFile(REPO, "main", "config.json")).isInstanceOf(HubCacheException.class);
    }

    @Test
    void anEmptyFolderInPlaceOfTheRefIsAnError() throws Exception {
        Files.createDirectories(refs().resolve("main"));
        HubCache cache = new HubCache(tmp.resolve("cache"));
        assertThatThrownBy(() -> cache.resolveRevision(REPO, "main"))
                .isInstanceOf(HubCacheException.class)
                .hasMessageContaining("refs/main")
                .hasMessageContaining("it is an empty folder, not a file");
    }

    @Test
    void aFolderOfOtherRefsIsNoRef() throws Exception {
        Files.createDirectories(refs().resolve("pr"));
        Files.writeString(refs().resolve("pr/1"), C1);
        HubCache cache = new HubCache(tmp.resolve("cache"));
        assertThat(cache.resolveRevision(REPO, "pr")).isEmpty();
        assertThat(cache.resolveRevision(REPO, "pr/1")).contains(C1);
    }

    @Test
    void aRefThisUserMayNotReadIsAnError() throws Exception {
        Path ref = Files.writeString(refs().resolve("main"), C1);
        Files.setPosixFilePermissions(ref, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(ref), "running as root: a mode of 000 does not stop reading");
            HubCache cache = new HubCache(tmp.resolve("cache"));
            assertThatThrownBy(() -> cache.resolveRevision(REPO, "main"))
                    .isInstanceOf(HubCacheException.class)
                    .hasMessageContaining("cannot read ref file " + cache.repoDir(REPO).resolve("refs/main"))
                    .hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(ref, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
