package dev.hubkit.hub;

import java.nio.file.Files;
import java.nio.file.Path;

/** A hub cache with the odd entry names huggingface_hub's {@code scan_cache_dir} lists or skips. */
final class CacheScanFixtures {

    private CacheScanFixtures() {
    }

    /**
     * Listed: {@code models--a--b--c}, {@code models--x}, {@code models--}, {@code models--org---dash},
     * {@code datasets--org--ds}, {@code spaces--org--sp}, {@code kernels--org--k}, {@code models--org--ok} and the
     * empty {@code models--empty--repo}; skipped with a warning: {@code foo--org--n}, {@code nodashes},
     * {@code rootfile.txt}; ignored: {@code .locks}, {@code CACHEDIR.TAG}, {@code .DS_Store}.
     */
    static void oddCache(Path cache) throws Exception {
        for (String f : new String[]{"models--a--b--c", "models--x", "models--", "models--org---dash",
                "datasets--org--ds", "spaces--org--sp", "kernels--org--k", "foo--org--n", "models--org--ok"}) {
            repo(cache.resolve(f), "content of " + f);
        }
        Files.createDirectories(cache.resolve("models--empty--repo/snapshots"));
        Files.createDirectories(cache.resolve("nodashes"));
        Files.writeString(cache.resolve("rootfile.txt"), "hi");
        Files.createDirectories(cache.resolve(".locks"));
        Files.writeString(cache.resolve("CACHEDIR.TAG"), "");
        Files.writeString(cache.resolve(".DS_Store"), "");
    }

    private static void repo(Path dir, String content) throws Exception {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Files.createDirectories(dir.resolve("blobs"));
        Files.createDirectories(dir.resolve("refs"));
        Files.createDirectories(dir.resolve("snapshots").resolve(commit));
        Files.writeString(dir.resolve("blobs/e1"), content);
        Files.createSymbolicLink(dir.resolve("snapshots").resolve(commit).resolve("f.txt"), Path.of("../../blobs/e1"));
        Files.writeString(dir.resolve("refs/main"), commit);
    }
}
