package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.PruneReport;
import dev.hubkit.hub.index.RepoSummary;
import dev.hubkit.hub.index.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache layout huggingface_hub writes where symlinks are not available (Windows without developer
 * mode, some network file systems): real files in {@code snapshots/{commit}/} and no {@code blobs/}
 * entry for them. They are listed and counted (a blob and its links once), pruned and removed; verify
 * checks them against the commit's listing ({@code trees/}) and says it cannot check those no listing names.
 */
class NoSymlinkCacheTest {

    private static final String C1 = "1".repeat(40);
    private static final String C2 = "2".repeat(40);

    @TempDir
    Path tmp;
    Path cacheDir;
    HubCache cache;
    Path flat;
    Path linked;

    @BeforeEach
    void fill() throws Exception {
        cacheDir = tmp.resolve("cache");
        flat = cacheDir.resolve("models--acme--flat");
        Path snap = flat.resolve("snapshots/" + C1);
        Files.createDirectories(snap.resolve("sub"));
        Files.write(snap.resolve("weights.bin"), Fixtures.random(200_000, 1));
        Files.write(snap.resolve("sub/config.json"), Fixtures.random(1_000, 2));
        Files.createDirectories(flat.resolve("refs"));
        Files.writeString(flat.resolve("refs/main"), C1);
        for (Path p : List.of(snap.resolve("weights.bin"), snap.resolve("sub/config.json"))) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(1000));
        }
        // the usual layout: one blob, linked from two snapshots, counts once
        linked = cacheDir.resolve("models--acme--linked");
        byte[] blob = Fixtures.random(50_000, 3);
        String sha = Fixtures.sha256(blob);
        Files.createDirectories(linked.resolve("blobs"));
        Files.write(linked.resolve("blobs/" + sha), blob);
        for (String c : List.of(C1, C2)) {
            Path s = Files.createDirectories(linked.resolve("snapshots/" + c));
            Files.createSymbolicLink(s.resolve("model.bin"), Path.of("../../blobs/" + sha));
        }
        cache = new HubCache(cacheDir);
    }

    @Test
    void realSnapshotFilesAreCountedOnceEach() {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            List<RepoSummary> ls = idx.list();
            assertThat(ls).extracting(r -> r.repo().id()).containsExactly("acme/flat", "acme/linked");
            assertThat(ls.get(0).sizeOnDisk()).isEqualTo(201_000);
            assertThat(ls.get(0).files()).isEqualTo(2);
            assertThat(ls.get(1).sizeOnDisk()).isEqualTo(50_000);
            assertThat(ls.get(1).files()).isEqualTo(1);
            assertThat(idx.totalSize()).isEqualTo(251_000);
            assertThat(cache.scanRepo(RepoRef.model("acme/flat")).sizeOnDisk()).isEqualTo(201_000);
            assertThat(cache.scanRepo(RepoRef.model("acme/linked")).sizeOnDisk()).isEqualTo(50_000);
        }
    }

    @Test
    void pruneFreesRealSnapshotFilesUnlessKept() {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            PruneReport kept = m.prune(60_000, Set.of(RepoRef.model("acme/flat")));
            assertThat(kept.deleted()).noneMatch(d -> d.startsWith("acme/flat"));
            assertThat(flat.resolve("snapshots/" + C1 + "/weights.bin")).exists();
        }
        try (CacheIndex idx = CacheIndex.open(cache)) {
            // the linked blob went above; the flat files (least recently used) go now
            PruneReport r = new CacheMaintenance(cache, idx).prune(0, Set.of());
            assertThat(r.freedBytes()).isEqualTo(201_000);
            assertThat(r.sizeAfter()).isZero();
            assertThat(flat).doesNotExist();
        }
    }

    @Test
    void removingARevisionReportsItsRealFilesAsFreed() {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            assertThat(new CacheMaintenance(cache, idx).remove(RepoRef.model("acme/flat"), "main")).isEqualTo(201_000);
            assertThat(flat.resolve("snapshots/" + C1)).doesNotExist();
            assertThat(idx.totalSize()).isEqualTo(50_000);
        }
    }

    @Test
    void verifySaysItCannotCheckRealSnapshotFiles() {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            VerifyReport r = new CacheMaintenance(cache, idx).verifyAll(true);
            assertThat(r.problems()).isEmpty();
            assertThat(r.unverifiable()).containsExactlyInAnyOrder(flat.resolve("snapshots/" + C1 + "/weights.bin"),
                    flat.resolve("snapshots/" + C1 + "/sub/config.json"));
            assertThat(flat.resolve("snapshots/" + C1 + "/weights.bin")).exists();
        }
    }

    @Test
    void verifyChecksRealSnapshotFilesAgainstTheCommitListing() throws Exception {
        Path snap = flat.resolve("snapshots/" + C1);
        byte[] weights = Files.readAllBytes(snap.resolve("weights.bin"));
        byte[] config = Files.readAllBytes(snap.resolve("sub/config.json"));
        Files.write(snap.resolve("extra.txt"), new byte[] {1, 2, 3});
        TreeCache.write(flat, C1, List.of(
                new RepoFile("weights.bin", weights.length, "0".repeat(40), Fixtures.sha256(weights)),
                new RepoFile("sub/config.json", config.length, gitBlobId(config), null)));
        Files.write(snap.resolve("weights.bin"), "corrupt".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        try (CacheIndex idx = CacheIndex.open(cache)) {
            VerifyReport r = new CacheMaintenance(cache, idx).verifyAll(false);
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.blob()).isEqualTo(snap.resolve("weights.bin"));
                assertThat(p.problem()).contains("sha256 is ").contains(Fixtures.sha256(weights));
                assertThat(p.deleted()).isFalse();
            });
            assertThat(r.unverifiable()).containsExactly(snap.resolve("extra.txt"));
        }
        Files.write(snap.resolve("sub/config.json"), "{}".getBytes());
        try (CacheIndex idx = CacheIndex.open(cache)) {
            VerifyReport r = new CacheMaintenance(cache, idx).verifyAll(true);
            assertThat(r.problems()).hasSize(2).allMatch(p -> p.deleted());
            assertThat(r.problems()).anySatisfy(p -> assertThat(p.problem()).contains("git blob id is "));
            assertThat(snap.resolve("weights.bin")).doesNotExist();
            assertThat(snap.resolve("sub/config.json")).doesNotExist();
            assertThat(snap.resolve("extra.txt")).exists();
        }
    }

    private static String gitBlobId(byte[] content) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-1");
        md.update(("blob " + content.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(md.digest(content));
    }
}
