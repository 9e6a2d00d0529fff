package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * huggingface_hub 2.0's cache-wide store of Xet files ({@code blobs/<hh>/<hash>}, repo blobs linking to it):
 * {@code cache ls} shows the payload in each repo that links to it but counts it once in the total, as
 * {@code hf cache ls} does (its total is {@code scan_cache_dir().size_on_disk}), and {@code cache prune} sizes the
 * cache the same way.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CacheSharedStoreTest {

    private static final String COMMIT = "1".repeat(40);
    private static final String HASH = "ab" + "0".repeat(62);
    private static final String ETAG = "e".repeat(64);

    @TempDir
    Path tmp;

    /** Repos acme/a and acme/b linking to one 2000-byte payload, and acme/c with a 500-byte blob of its own. */
    private Path cache() throws Exception {
        Path root = tmp.resolve("cache");
        Path store = Files.createDirectories(root.resolve("blobs/ab"));
        Files.writeString(root.resolve("blobs/.huggingface-shared-blobs"), "1\n");
        Files.write(store.resolve(HASH), new byte[2000]);
        StringBuilder refs = new StringBuilder();
        for (String name : new String[]{"a", "b", "c"}) {
            Path repo = root.resolve("models--acme--" + name);
            Path blobs = Files.createDirectories(repo.resolve("blobs"));
            String etag = name.equals("c") ? "f".repeat(40) : ETAG;
            if (name.equals("c")) {
                Files.write(blobs.resolve(etag), new byte[500]);
            } else {
                Files.createSymbolicLink(blobs.resolve(etag), Path.of("../../blobs/ab/" + HASH));
                refs.append("models--acme--").append(name).append("/blobs/").append(etag).append('\n');
            }
            Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
            Files.createSymbolicLink(snap.resolve("model.bin"), Path.of("../../blobs/" + etag));
            Files.createDirectories(repo.resolve("refs"));
            Files.writeString(repo.resolve("refs/main"), COMMIT);
        }
        Files.writeString(store.resolve(HASH + ".refs"), refs.toString());
        return root;
    }

    @Test
    void lsCountsASharedPayloadOnceInTheTotal() throws Exception {
        Result r = CliRunner.run("cache", "ls", "--cache-dir", cache().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("(?m)^model\\s+acme/a\\s+2\\.0K\\s+1\\s")
                .containsPattern("(?m)^model\\s+acme/b\\s+2\\.0K\\s+1\\s")
                .containsPattern("(?m)^model\\s+acme/c\\s+500\\.0\\s+1\\s")
                .contains("total 2.5K in 3 repos");
    }

    @Test
    void pruneSizesTheCacheAsLsDoes() throws Exception {
        Path root = cache();
        Result r = CliRunner.run("cache", "prune", "--cache-dir", root.toString(), "--max-size", "2500");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("freed 0.0, cache is now 2.5K").doesNotContain("deleted");
        assertThat(root.resolve("blobs/ab").resolve(HASH)).isRegularFile();
    }
}
