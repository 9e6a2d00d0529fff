package dev.hubkit.hub;

import static dev.hubkit.hub.PythonProcess.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.cache.CacheInconsistencies;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.cache.PartialDownloads;
import dev.hubkit.hub.index.CacheIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hubkit's cache listing names the same repos as huggingface_hub's {@code scan_cache_dir} and skips the same
 * entries with a warning, for odd folder names ({@code models--a--b--c}, {@code models--x}, {@code models--},
 * {@code kernels--*}, unknown prefixes, files at the root). Skipped unless the Python named by
 * {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub.
 */
class PythonCacheScanInteropTest {

    @TempDir
    Path tmp;

    @Test
    void oddFolderNamesAreListedAndSkippedAsHuggingfaceHubDoes() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        String script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/hf_cache_scan_interop.py")
                .toAbsolutePath().toString();
        Path cache = tmp.resolve("cache");
        CacheScanFixtures.oddCache(cache);
        // partial downloads: hubkit's and huggingface_hub's names, in a listed repo and in one it skips
        Path blobs = Files.createDirectories(cache.resolve("models--x/blobs"));
        Files.write(blobs.resolve("e".repeat(64) + ".incomplete"), new byte[100]);
        Files.write(blobs.resolve("f".repeat(40) + ".0123abcd.incomplete"), new byte[50]);
        Files.write(blobs.resolve("a".repeat(64) + ".chunks.incomplete"), new byte[20]);
        Files.write(blobs.resolve("a".repeat(64) + ".chunks.progress"), new byte[8]);
        boolean pythonListsPartials = false;

        List<String> expected = new ArrayList<>();
        for (String line : run(python, script, cache.toString()).split("\\R")) {
            if (line.startsWith("REPO ") || line.startsWith("WARN ") || line.startsWith("INCOMPLETE ")) {
                expected.add(line);
                pythonListsPartials |= line.startsWith("INCOMPLETE ");
            }
        }
        List<String> got = new ArrayList<>();
        try (CacheIndex idx = CacheIndex.open(new HubCache(cache), tmp.resolve("index.db"))) {
            idx.list().forEach(r -> got.add("REPO " + r.repo().type() + "/" + r.repo().id()));
        }
        CacheInconsistencies.scan(cache).forEach(w -> got.add("WARN " + w.folder()));
        if (pythonListsPartials) {
            // what 'cache ls' hints at and 'cache prune' deletes: huggingface_hub 2.0's incomplete_files
            PartialDownloads.scan(cache.toRealPath()).stream().filter(PartialDownloads.Partial::isIncomplete)
                    .forEach(p -> got.add("INCOMPLETE " + p.file() + " " + p.size()));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).contains("REPO model/a/b/c", "REPO model/x", "REPO model/", "WARN foo--org--n");
    }


    private static boolean imports(String python) {
        return PythonProcess.runs(python, "from huggingface_hub import scan_cache_dir");
    }
}
