package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-commit tree listing ({@code trees/<commit>.json}) and the offline completeness check built on it. */
class TreeCacheTest {

    @TempDir
    Path tmp;

    @Test
    void snapshotWritesTreeAndOfflineRefusesAnIncompleteSnapshot() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 1 << 16);
        Path cache = tmp.resolve("cache");
        RepoRef tiny = RepoRef.model("acme/tiny");
        Path snap;
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of(), Map.of(), 4));
             HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            snap = c.downloadSnapshot(tiny, "main", new SnapshotOptions(List.of("*.json"), List.of(), 2,
                    DownloadListener.NONE));
            // a local dir gets the same listing under .cache/huggingface/
            Path local = tmp.resolve("local");
            c.downloadSnapshotToLocalDir(tiny, "main", new SnapshotOptions(List.of("*.json"), List.of(), 2,
                    DownloadListener.NONE), local);
            String commit = snap.getFileName().toString();
            assertThat(local.resolve(".cache/huggingface/trees/" + commit + ".json"))
                    .hasSameTextualContentAs(cache.resolve("models--acme--tiny/trees/" + commit + ".json"));
        }
        String commit = snap.getFileName().toString();
        Path tree = cache.resolve("models--acme--tiny/trees/" + commit + ".json");
        assertThat(TreeCache.read(tree.getParent().getParent(), commit)).contains(
                List.of("big.bin", "config.json", "sub/notes.txt", "tokenizer.json"));
        assertThat(Files.readString(tree)).startsWith("{\n \"format_version\": 1,\n \"files\": {\n  \"big.bin\": {\n"
                + "   \"size\": 65536,\n   \"blob_id\": \"");
        assertThat(Files.readString(cache.resolve("CACHEDIR.TAG"))).isEqualTo(HubCache.CACHEDIR_TAG);
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            assertThatThrownBy(() -> off.downloadSnapshot(tiny, "main", SnapshotOptions.defaults()))
                    .isInstanceOfSatisfying(IncompleteSnapshotException.class, e -> {
                        assertThat(e.missing()).containsExactly("big.bin", "sub/notes.txt");
                        assertThat(e.snapshot()).isEqualTo(snap);
                    })
                    .hasMessageStartingWith("Incomplete snapshot available at: " + snap);
            // what the patterns select is all there
            assertThat(off.downloadSnapshot(tiny, "main", new SnapshotOptions(List.of("*.json"), List.of("big*"), 1,
                    DownloadListener.NONE))).isEqualTo(snap);
            assertThat(off.downloadSnapshot(tiny, "main", new SnapshotOptions(List.of(), List.of("big.bin", "sub/"),
                    1, DownloadListener.NONE))).isEqualTo(snap);
            // without a listing: the folder as it is (as before, and as huggingface_hub)
            Files.delete(tree);
            assertThat(off.downloadSnapshot(tiny, "main", SnapshotOptions.defaults())).isEqualTo(snap);
        }
    }

    @Test
    void rendersAsPythonJsonDumpIndentOne() {
        String text = TreeCache.render(List.of(new RepoFile("\ud83d\ude00\"q.txt", 2, "b1", null),
                new RepoFile("\uffff.bin", 3, "b2", "ab"), new RepoFile("a", 1, "b0", null)));
        // Python sorts by code point: U+1F600 after U+FFFF (in UTF-16 order its surrogates come first)
        assertThat(text).isEqualTo("{\n \"format_version\": 1,\n \"files\": {\n"
                + "  \"a\": {\n   \"size\": 1,\n   \"blob_id\": \"b0\"\n  },\n"
                + "  \"\\uffff.bin\": {\n   \"size\": 3,\n   \"blob_id\": \"b2\",\n   \"lfs_sha256\": \"ab\",\n"
                + "   \"lfs_size\": 3\n  },\n"
                + "  \"\\ud83d\\ude00\\\"q.txt\": {\n   \"size\": 2,\n   \"blob_id\": \"b1\"\n  }\n }\n}");
        assertThat(TreeCache.render(List.of())).isEqualTo("{\n \"format_version\": 1,\n \"files\": {}\n}");
    }

    @Test
    void unknownFormatOrCorruptListingIsIgnored() throws Exception {
        String commit = "0".repeat(40);
        Files.createDirectories(tmp.resolve("trees"));
        Files.writeString(TreeCache.path(tmp, commit), "{\"format_version\": 2, \"files\": {\"a\": {}}}");
        assertThat(TreeCache.read(tmp, commit)).isEmpty();
        Files.writeString(TreeCache.path(tmp, commit), "{\"format_ver");
        assertThat(TreeCache.read(tmp, commit)).isEmpty();
        assertThat(TreeCache.read(tmp, "1".repeat(40))).isEmpty();
    }
}
