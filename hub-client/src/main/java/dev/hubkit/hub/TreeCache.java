package dev.hubkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.core.config.PythonJson;
import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-commit listing huggingface_hub 2.0 keeps at {@code <repo folder>/trees/<commit>.json}
 * ({@code {"format_version": 1, "files": {path: {size, blob_id[, lfs_sha256, lfs_size]}}}}, written as its
 * {@code json.dump(indent=1)} writes it). A commit never changes, so the file is written once; offline, it tells
 * whether a snapshot folder holds every file of the commit.
 */
public final class TreeCache {
    private static final Logger LOG = LoggerFactory.getLogger(TreeCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The only format this reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private TreeCache() {
    }

    /** {@code folder/trees/<commit>.json}. */
    public static Path path(Path folder, String commit) {
        return folder.resolve("trees").resolve(commit + ".json");
    }

    /**
     * Writes the listing of {@code commit} unless it is there already; a failure is logged and ignored (as
     * huggingface_hub does): the listing only speeds up and checks later use.
     */
    public static void write(Path folder, String commit, Collection<RepoFile> files) {
        Path target = path(folder, commit);
        if (Files.exists(target)) {
            return;
        }
        try {
            HubCache.writeAtomically(target, render(files).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warn("Ignored error while writing tree cache file {}: {}", target, e.getMessage());
        }
    }

    /** The repo paths of {@code commit}'s listing, in the file's order; empty when absent, unknown or unreadable. */
    public static Optional<List<String>> read(Path folder, String commit) {
        return files(folder, commit).map(files -> {
            List<String> paths = new ArrayList<>();
            files.fieldNames().forEachRemaining(paths::add);
            return paths;
        });
    }

    /**
     * The {@code files} object of {@code commit}'s listing; empty when there is none, when it is another format
     * or when it cannot be read (logged).
     */
    private static Optional<JsonNode> files(Path folder, String commit) {
        Path file = path(folder, commit);
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            if (n == null || n.path("format_version").asInt(-1) != FORMAT_VERSION || !n.path("files").isObject()) {
                return Optional.empty();
            }
            return Optional.of(n.get("files"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Ignoring corrupted tree cache file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * What the listing says of one file.
     *
     * @param size      byte size
     * @param blobId    git blob id ({@code sha1("blob <size>\0" + content)}), or null when absent
     * @param lfsSha256 sha256 of the content for large files, else null
     */
    public record Entry(long size, String blobId, String lfsSha256) {
    }

    /** The files of {@code commit}'s listing by repo path; empty when absent, unknown or unreadable. */
    public static Optional<java.util.Map<String, Entry>> readEntries(Path folder, String commit) {
        return files(folder, commit).map(files -> {
            java.util.Map<String, Entry> entries = new java.util.LinkedHashMap<>();
            files.fields().forEachRemaining(e -> {
                JsonNode f = e.getValue();
                entries.put(e.getKey(), new Entry(f.path("size").asLong(-1), text(f, "blob_id"), text(f, "lfs_sha256")));
            });
            return entries;
        });
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    /** The JSON text, files sorted by code point as Python sorts strings. */
    static String render(Collection<RepoFile> files) {
        List<RepoFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(RepoFile::path, PythonJson::compareCodePoints));
        StringBuilder sb = new StringBuilder("{\n \"format_version\": ").append(FORMAT_VERSION).append(",\n \"files\": {");
        for (Iterator<RepoFile> it = sorted.iterator(); it.hasNext(); ) {
            RepoFile f = it.next();
            sb.append("\n  ").append(quote(f.path())).append(": {\n   \"size\": ").append(f.size())
                    .append(",\n   \"blob_id\": ").append(quote(f.oid()));
            if (f.lfsSha256() != null) {
                sb.append(",\n   \"lfs_sha256\": ").append(quote(f.lfsSha256()))
                        .append(",\n   \"lfs_size\": ").append(f.size());
            }
            sb.append("\n  }").append(it.hasNext() ? "," : "");
        }
        return sb.append(sorted.isEmpty() ? "}\n}" : "\n }\n}").toString();
    }

    /** A JSON string as Python's {@code json.dumps} (ensure_ascii) writes it. */
    static String quote(String s) {
        return PythonJson.quote(s, true);
    }
}
