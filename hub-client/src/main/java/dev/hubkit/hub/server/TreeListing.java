package dev.hubkit.hub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.hub.TreeCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the listing huggingface_hub 2.0 keeps of each commit it downloaded from, at
 * {@code <repo folder>/trees/<commit>.json}: {@code {"format_version": 1, "files": {path: {"size", "blob_id"
 * [, "lfs_sha256", "lfs_size"][, "xet_hash"]}}}}. It holds what the hub said of every file of the commit,
 * cached or not, so it tells a mirror the ids of files whose bytes alone do not (a large file copied into the
 * snapshot without its blob link).
 */
final class TreeListing {

    private static final Logger LOG = LoggerFactory.getLogger(TreeListing.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The only format read; another one (a newer huggingface_hub) is ignored, as huggingface_hub ignores it. */
    static final int FORMAT_VERSION = TreeCache.FORMAT_VERSION;
    /** Listings already warned about: a served snapshot is listed again every few seconds. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * What the hub said of one file.
     *
     * @param size   byte size of the content
     * @param blobId git blob id (of the git-lfs pointer for a large file)
     * @param sha256 sha256 of the content for a large file, else null
     */
    record Entry(long size, String blobId, String sha256) {

        boolean isLfs() {
            return sha256 != null;
        }
    }

    private TreeListing() {
    }

    /** {@code repoDir/trees/<commit>.json}. */
    static Path path(Path repoDir, String commit) {
        return TreeCache.path(repoDir, commit);
    }

    /**
     * The entries of {@code commit}'s listing by repo path; empty when there is no listing or it cannot be used
     * (unreadable, not JSON, another format version). An entry whose fields are missing or malformed is left
     * out: that file is then described from its bytes.
     */
    static Map<String, Entry> read(Path repoDir, String commit) {
        Path file = path(repoDir, commit);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            warnOnce(file, "ignoring tree listing " + file + ": " + e.getMessage());
            return Map.of();
        }
        if (root == null || root.path("format_version").asInt(-1) != FORMAT_VERSION || !root.path("files").isObject()) {
            warnOnce(file, "ignoring tree listing " + file + ": not format_version " + FORMAT_VERSION
                    + " with a files object; its files are described from their bytes");
            return Map.of();
        }
        Map<String, Entry> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Entry e = entry(f.getValue());
            if (e != null) {
                out.put(f.getKey(), e);
            } else {
                LOG.debug("ignoring the malformed entry of {} in {}", f.getKey(), file);
            }
        }
        return out;
    }

    private static void warnOnce(Path file, String message) {
        if (WARNED.add(file.toString())) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    private static Entry entry(JsonNode n) {
        JsonNode size = n.path("size");
        String blobId = n.path("blob_id").asText("");
        if (!size.isIntegralNumber() || size.asLong() < 0 || !SHA1.matcher(blobId).matches()) {
            return null;
        }
        JsonNode sha = n.path("lfs_sha256");
        if (sha.isMissingNode() || sha.isNull()) {
            return new Entry(size.asLong(), blobId, null);
        }
        JsonNode lfsSize = n.path("lfs_size");
        if (!sha.isTextual() || !SHA256.matcher(sha.asText()).matches()
                || !lfsSize.isIntegralNumber() || lfsSize.asLong() != size.asLong()) {
            return null;
        }
        return new Entry(size.asLong(), blobId, sha.asText());
    }
}
