package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local_dir} downloads as huggingface_hub does them: straight into the folder (the cache gets
 * no file), metadata per file under {@code .cache/huggingface/download/}, nothing fetched again for an
 * up-to-date file, resume from huggingface_hub's partial file name, and the folder as the offline answer.
 */
class LocalDirDownloadTest {

    private static final RepoRef REPO = RepoRef.model("acme/tiny");

    @TempDir
    Path tmp;
    HubServer server;
    FaultProxy proxy;
    Path root;
    Path cache;
    Path local;
    byte[] big;

    @BeforeEach
    void start() throws Exception {
        root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
        proxy = new FaultProxy(server.endpoint());
        cache = tmp.resolve("cache");
        local = tmp.resolve("local");
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private HubClient client(boolean offline) {
        return new HubClient(HubSettings.of(proxy.endpoint().toString(), cache).withOffline(offline)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private Path snapshot(boolean offline) {
        try (HubClient c = client(offline)) {
            return c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(), local);
        }
    }

    private Path file(String f, String rev) {
        try (HubClient c = client(false)) {
            return c.downloadFileToLocalDir(REPO, f, rev, local, DownloadListener.NONE);
        }
    }

    private List<String> metadata(String f) throws Exception {
        return Files.readAllLines(local.resolve(".cache/huggingface/download/" + f + ".metadata"));
    }

    private static Object inode(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino");
    }

    private long bodies() {
        return proxy.log.stream().filter(l -> l.startsWith("GET /acme/") || l.startsWith("GET /_lfs/")).count();
    }

    @Test
    void snapshotGoesStraightIntoTheFolderWithHuggingfaceHubMetadata() throws Exception {
        Path got = snapshot(false);
        assertThat(got).isEqualTo(local.toAbsolutePath().normalize());
        for (String f : List.of("config.json", "sub/notes.txt", "tokenizer.json", "big.bin")) {
            assertThat(local.resolve(f)).hasSameBinaryContentAs(root.resolve("acme/tiny").resolve(f));
        }
        String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main")).strip();
        assertThat(metadata("big.bin")).hasSize(3).startsWith(commit, Fixtures.sha256(big));
        assertThat(metadata("sub/notes.txt")).startsWith(commit,
                Fixtures.gitSha1("hello hub\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(Double.parseDouble(metadata("config.json").get(2)))
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(local.resolve("config.json")).toMillis() / 1000.0 - 1);
        assertThat(local.resolve(".cache/huggingface/.gitignore")).hasContent("*");
        // the cache holds the branch's ref (as huggingface_hub writes it) and no file
        assertThat(cache.resolve("models--acme--tiny/blobs")).doesNotExist();
        assertThat(cache.resolve("models--acme--tiny/snapshots")).doesNotExist();

        // up to date: the listing only, every file left as it is
        Object ino = inode(local.resolve("big.bin"));
        proxy.log.clear();
        snapshot(false);
        assertThat(bodies()).isZero();
        assertThat(inode(local.resolve("big.bin"))).isEqualTo(ino);
        // one file at the commit its metadata names: not a single request
        proxy.log.clear();
        assertThat(file("config.json", commit)).isEqualTo(local.toAbsolutePath().resolve("config.json"));
        assertThat(proxy.log).isEmpty();
    }

    @Test
    void largeFileWithoutMetadataIsKeptWhenItsSha256IsTheEtagAndAChangedFileIsFetchedAgain() throws Exception {
        snapshot(false);
        Files.delete(local.resolve(".cache/huggingface/download/big.bin.metadata"));
        Object ino = inode(local.resolve("big.bin"));
        proxy.log.clear();
        file("big.bin", "main");
        assertThat(bodies()).isZero();
        assertThat(inode(local.resolve("big.bin"))).isEqualTo(ino);
        assertThat(metadata("big.bin").get(1)).isEqualTo(Fixtures.sha256(big));

        // edited after its metadata was written: the metadata no longer counts, the file is fetched again
        Files.writeString(local.resolve("config.json"), "edited");
        Files.setLastModifiedTime(local.resolve("config.json"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        file("config.json", "main");
        assertThat(local.resolve("config.json")).hasSameBinaryContentAs(root.resolve("acme/tiny/config.json"));
    }

    @Test
    void resumesFromThePartialFileHuggingfaceHubNames() throws Exception {
        String sha = Fixtures.sha256(big);
        Path downloads = Files.createDirectories(local.resolve(".cache/huggingface/download"));
        Path part = downloads.resolve(LocalDirPaths.shortHash("big.bin.metadata") + "." + sha + ".incomplete");
        assertThat(part.getFileName().toString()).isEqualTo(
                java.util.Base64.getUrlEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
                        .digest("big.bin.metadata".getBytes(StandardCharsets.UTF_8))) + "." + sha + ".incomplete");
        Files.write(part, Arrays.copyOf(big, 1 << 20));
        file("big.bin", "main");
        assertThat(local.resolve("big.bin")).hasBinaryContent(big);
        assertThat(part).doesNotExist();
        assertThat(proxy.log).anyMatch(l -> l.contains("range=bytes=" + (1 << 20) + "-"));
    }

    @Test
    void anUncheckablePartialAnEarlierRunLeftIsNotResumedAndOlderVersionsPartialsAreLeftAlone() throws Exception {
        byte[] notes = Files.readAllBytes(root.resolve("acme/tiny/sub/notes.txt"));
        String etag = Fixtures.gitSha1(notes); // a git blob id: the HEAD's ETag, checked by size only
        String older = Fixtures.gitSha1("hello\n".getBytes(StandardCharsets.UTF_8));
        Path downloads = Files.createDirectories(local.resolve(".cache/huggingface/download/sub"));
        String base = LocalDirPaths.shortHash("notes.txt.metadata");
        Path stale = downloads.resolve(base + "." + etag + ".incomplete");
        Path olderPart = downloads.resolve(base + "." + older + ".incomplete");
        Files.write(stale, "XXXX".getBytes(StandardCharsets.UTF_8)); // not this file's first bytes
        Files.write(olderPart, "hel".getBytes(StandardCharsets.UTF_8));

        file("sub/notes.txt", "main");
        // as huggingface_hub 2.0: the whole file is fetched again, never glued onto bytes nothing can check
        assertThat(local.resolve("sub/notes.txt")).hasBinaryContent(notes);
        assertThat(proxy.log).noneMatch(l -> l.contains("notes.txt") && l.contains("range=bytes=4-"));
        assertThat(stale).doesNotExist();
        // a partial of another version of the file is not this download's: left as huggingface_hub leaves it
        assertThat(olderPart).hasContent("hel");
    }

    @Test
    void parallelChunksKeepTheirPartsUnderTheMetadataFolder() throws Exception {
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), cache)
                .withChunks(1 << 20, 256 << 10, 4))) {
            c.downloadFileToLocalDir(REPO, "big.bin", "main", local, null);
        }
        assertThat(local.resolve("big.bin")).hasBinaryContent(big);
        assertThat(proxy.log).anyMatch(l -> l.contains("range=bytes=") && !l.contains("range=bytes=0-"));
        assertThat(metadata("big.bin").get(1)).isEqualTo(Fixtures.sha256(big));
        try (var s = Files.list(local.resolve(".cache/huggingface/download"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("big.bin.metadata",
                    "big.bin.lock");
        }
        try (var s = Files.list(local)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".cache", "big.bin");
        }
    }

    @Test
    void aFileTheCacheHoldsAtTheCommitIsCopiedNotFetched() throws Exception {
        try (HubClient c = client(false)) {
            c.downloadFile(REPO, "tokenizer.json", "main");
        }
        proxy.log.clear();
        file("tokenizer.json", "main");
        assertThat(bodies()).isZero();
        assertThat(local.resolve("tokenizer.json")).hasContent(Fixtures.TOKENIZER_JSON);
        assertThat(Files.isSymbolicLink(local.resolve("tokenizer.json"))).isFalse();
    }

    @Test
    void offlineTheFolderIsTheAnswerAndAMissingFileIsNamed() throws Exception {
        snapshot(false);
        proxy.log.clear();
        assertThat(snapshot(true)).isEqualTo(local.toAbsolutePath().normalize());
        try (HubClient c = client(true)) {
            assertThat(c.downloadFileToLocalDir(REPO, "sub/notes.txt", "main", local, null))
                    .hasContent("hello hub\n");
            Files.delete(local.resolve("sub/notes.txt"));
            assertThatThrownBy(() -> c.downloadFileToLocalDir(REPO, "sub/notes.txt", "main", local, null))
                    .isInstanceOf(LocalEntryNotFoundException.class).hasMessageContaining("sub/notes.txt")
                    .hasMessageContaining("offline");
            assertThatThrownBy(() -> c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(), local))
                    .isInstanceOf(LocalEntryNotFoundException.class).hasMessageContaining("sub/notes.txt");
            assertThat(c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults()
                    .withPatterns(List.of("*.json"), List.of()), local)).isEqualTo(local.toAbsolutePath().normalize());
            assertThatThrownBy(() -> c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(),
                    tmp.resolve("empty"))).isInstanceOf(LocalEntryNotFoundException.class);
        }
        assertThat(proxy.log).isEmpty();
    }

    @Test
    void aMissingFileIsEntryNotFoundAndLeavesTheCacheAlone() {
        try (HubClient c = client(false)) {
            assertThatThrownBy(() -> c.downloadFileToLocalDir(REPO, "nope.txt", "main", local, null))
                    .isInstanceOf(EntryNotFoundException.class).hasMessageContaining("nope.txt");
        }
        assertThat(cache).doesNotExist();
    }

    @Test
    void withTheHubUnreachableTheFileInTheFolderIsTheAnswer() {
        snapshot(false);
        try (HubClient c = new HubClient(HubSettings.of("http://127.0.0.1:9", cache)
                .withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)))) {
            assertThat(c.downloadFileToLocalDir(REPO, "config.json", "main", local, null))
                    .hasSameBinaryContentAs(root.resolve("acme/tiny/config.json"));
            assertThat(c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(), local))
                    .isEqualTo(local.toAbsolutePath().normalize());
            assertThatThrownBy(() -> c.downloadFileToLocalDir(REPO, "config.json", "main", tmp.resolve("other"), null))
                    .isInstanceOf(LocalEntryNotFoundException.class).hasMessageContaining("could not be reached");
        }
    }

    @Test
    void refusesANameThatLeavesTheFolder() {
        try (HubClient c = client(false)) {
            assertThatThrownBy(() -> c.downloadFileToLocalDir(REPO, "../escape.txt", "main", local, null))
                    .isInstanceOf(UnsafePathException.class);
        }
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
        assertThat(proxy.log).isEmpty();
    }

    private List<Path> partials(String etag) {
        Path downloads = local.resolve(".cache/huggingface/download");
        String base = LocalDirPaths.shortHash("big.bin.metadata") + "." + etag;
        return List.of(downloads.resolve(base + ".incomplete"), downloads.resolve(base + ".chunks.incomplete"),
                downloads.resolve(base + ".chunks.progress"));
    }

    @Test
    void partialsAKilledDownloadLeftAreDeletedOnceTheFileIsComplete() throws Exception {
        String sha = Fixtures.sha256(big);
        snapshot(false);
        String commit = metadata("big.bin").get(0);
        // found up to date after asking the hub, and at the commit its metadata names
        for (String rev : List.of("main", commit)) {
            for (Path p : partials(sha)) {
                Files.write(p, new byte[]{1, 2, 3});
            }
            file("big.bin", rev);
            assertThat(partials(sha)).allSatisfy(p -> assertThat(p).doesNotExist());
        }
        // downloaded again over a chunked partial of the same file
        Files.delete(local.resolve("big.bin"));
        Files.write(partials(sha).get(2), new byte[]{1, 2, 3});
        file("big.bin", "main");
        assertThat(local.resolve("big.bin")).hasBinaryContent(big);
        assertThat(partials(sha)).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @Test
    void aFolderWhereTheMetadataGoesIsNamedAndNothingIsWritten() throws Exception {
        Path meta = Files.createDirectories(local.resolve(".cache/huggingface/download/config.json.metadata"));
        assertThatThrownBy(() -> file("config.json", "main")).isInstanceOf(HubCacheException.class)
                .hasMessageContaining(meta + " is a folder").hasMessageContaining("remove that folder")
                .hasMessageNotContaining(".tmp-");
        assertThat(local.resolve("config.json")).doesNotExist();
        try (var s = Files.list(meta.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
        assertThat(bodies()).isZero();
    }

    /** A lock that cannot be created (a read-only folder; root writes anywhere) names the local folder. */
    @Test
    void aLockThatCannotBeOpenedNamesTheLocalFolder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root writes into a read-only folder");
        Path dir = Files.createDirectories(local.resolve(".cache/huggingface/download"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> file("config.json", "main")).isInstanceOf(HubCacheException.class)
                    .hasMessageContaining("check that the local folder " + local.toAbsolutePath().normalize()
                            + " is writable").hasMessageNotContaining("cache folder");
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Anything but a regular file where a lock goes (here a folder) is refused by name: never locked through. */
    @Test
    void aFolderWhereTheLockGoesIsNamedAndRefused() throws Exception {
        Path lock = Files.createDirectories(local.resolve(".cache/huggingface/download/config.json.lock"));
        assertThatThrownBy(() -> file("config.json", "main")).isInstanceOf(HubCacheException.class)
                .hasMessageContaining(lock + " is a folder").hasMessageContaining("remove " + lock)
                .hasMessageNotContaining("cache folder");
    }

    @Test
    void aNameTooLongForTheFileSystemSaysSo() throws Exception {
        String name = "a".repeat(251);
        Path longRoot = tmp.resolve("long-root");
        Files.createDirectories(longRoot.resolve("acme/long"));
        Files.writeString(longRoot.resolve("acme/long/" + name), "hi\n");
        try (HubServer s = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(longRoot, 1 << 20)));
             HubClient c = new HubClient(HubSettings.of(s.endpoint().toString(), cache))) {
            assertThatThrownBy(() -> c.downloadFileToLocalDir(RepoRef.model("acme/long"), name, "main", local, null))
                    .isInstanceOf(HubCacheException.class).hasMessageContaining("File name too long")
                    .hasMessageContaining("too long for the file system of the local folder "
                            + local.toAbsolutePath().normalize()).hasMessageNotContaining("writable");
        }
    }

    @Test
    void patternsSelectingNothingStillMakeTheFolderWithItsListing() throws Exception {
        Path got;
        try (HubClient c = client(false)) {
            got = c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults()
                    .withPatterns(List.of("*.nomatch"), List.of()), local);
        }
        String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main")).strip();
        // as huggingface_hub: the printed folder exists, holding only the commit's tree listing
        assertThat(got).isDirectory();
        assertThat(local.resolve(".cache/huggingface/trees/" + commit + ".json")).isRegularFile();
        try (var s = Files.list(local)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(".cache");
        }
    }
}
