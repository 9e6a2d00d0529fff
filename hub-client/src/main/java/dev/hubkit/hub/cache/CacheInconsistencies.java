package dev.hubkit.hub.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The repo folders of a cache that huggingface_hub's {@code scan_cache_dir} skips with a
 * {@code CorruptedCacheException} (and so {@code hf cache ls} does not list): not a folder, no {@code --} or an
 * unknown type prefix in the name, no {@code snapshots/} folder, {@code refs} a file, a file directly in
 * {@code snapshots/}, a snapshot link whose blob is missing, a ref to a commit with no snapshot. Messages are
 * huggingface_hub's.
 *
 * @param folder  the entry's name under the cache root
 * @param message what is wrong, as huggingface_hub words it
 */
public record CacheInconsistencies(String folder, String message) {

    /** {@code FILES_TO_IGNORE}: made by file managers, skipped everywhere. */
    private static final Set<String> OS_FILES = Set.of(".DS_Store", "Thumbs.db", "desktop.ini");
    private static final Set<String> TYPES = Set.of("datasets", "models", "spaces", "kernels");

    /** Every skipped entry of {@code root}, by name. */
    public static List<CacheInconsistencies> scan(Path root) throws IOException {
        List<CacheInconsistencies> out = new ArrayList<>();
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            ds.forEach(entries::add);
        }
        entries.sort(Comparator.naturalOrder());
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (OS_FILES.contains(name) || name.equals(".locks") || name.equals("CACHEDIR.TAG")
                    || (name.equals(SharedBlobStore.DIR) && new SharedBlobStore(root).exists())) {
                continue;
            }
            String problem = problem(p, name);
            if (problem != null) {
                out.add(new CacheInconsistencies(name, problem));
            }
        }
        return out;
    }

    /** What {@code _scan_cached_repo} raises for this folder, or null. */
    private static String problem(Path repo, String name) throws IOException {
        if (!Files.isDirectory(repo)) {
            return "Repo path is not a directory: " + repo;
        }
        int sep = name.indexOf("--");
        if (sep < 0) {
            return "Repo path is not a valid HuggingFace cache directory: " + repo;
        }
        if (!TYPES.contains(name.substring(0, sep))) {
            return "Repo type must be one of ['datasets', 'kernels', 'models', 'spaces'], found `"
                    + name.substring(0, sep) + "` (" + repo + ").";
        }
        Path snapshots = repo.resolve("snapshots");
        Path refs = repo.resolve("refs");
        if (!Files.isDirectory(snapshots)) {
            return "Snapshots dir doesn't exist in cached repo: " + snapshots;
        }
        Map<String, Set<String>> refsByHash = new HashMap<>();
        if (Files.exists(refs)) {
            if (Files.isRegularFile(refs)) {
                return "Refs directory cannot be a file: " + refs;
            }
            try (Stream<Path> walk = Files.walk(refs)) {
                for (Path r : (Iterable<Path>) walk::iterator) {
                    if (r.equals(refs) || Files.isDirectory(r) || OS_FILES.contains(r.getFileName().toString())) {
                        continue;
                    }
                    String ref = refs.relativize(r).toString().replace('\\', '/');
                    refsByHash.computeIfAbsent(Files.readString(r, StandardCharsets.UTF_8), k -> new TreeSet<>())
                            .add(ref);
                }
            }
        }
        Set<String> commits = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
            for (Path rev : ds) {
                String revName = rev.getFileName().toString();
                if (OS_FILES.contains(revName)) {
                    continue;
                }
                if (Files.isRegularFile(rev)) {
                    return "Snapshots folder corrupted. Found a file: " + rev;
                }
                commits.add(revName);
                String broken = brokenLink(rev);
                if (broken != null) {
                    return "Blob missing (broken symlink): " + broken;
                }
            }
        }
        refsByHash.keySet().removeAll(commits);
        if (!refsByHash.isEmpty()) {
            StringBuilder sb = new StringBuilder("{");
            refsByHash.forEach((hash, names) -> sb.append(sb.length() > 1 ? ", " : "").append(pyRepr(hash))
                    .append(": {").append(String.join(", ", names.stream().map(CacheInconsistencies::pyRepr)
                            .toList())).append('}'));
            return "Reference(s) refer to missing commit hashes: " + sb.append('}') + " (" + repo + ").";
        }
        return null;
    }

    /** The blob path of the first snapshot link (first hop) that points nowhere, or null. */
    private static String brokenLink(Path rev) throws IOException {
        try (Stream<Path> walk = Files.walk(rev)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(f)) {
                    Path blob = f.getParent().resolve(Files.readSymbolicLink(f)).toAbsolutePath().normalize();
                    if (!Files.exists(blob)) {
                        return blob.toString();
                    }
                } else if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    return f.toString();
                }
            }
        }
        return null;
    }

    private static String pyRepr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
