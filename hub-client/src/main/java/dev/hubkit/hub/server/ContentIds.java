package dev.hubkit.hub.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids a served file is known by, computed from its bytes once per file, size and modification time
 * (a file rewritten since gets hashed again).
 */
final class ContentIds {

    /**
     * @param oid    git blob id: of the content, or of the git-lfs pointer for a large file
     * @param sha256 sha256 of the content for a large file, else null
     */
    record Ids(String oid, String sha256) {
    }

    private record Key(Path file, long size, long modified, boolean large) {
    }

    private final Map<Key, Ids> cache = new ConcurrentHashMap<>();

    /**
     * The ids of {@code file} (of {@code size} bytes, modified at {@code modified} ns as
     * {@link ServedFile#modifiedOf} gives it): hashed as a large file (sha256, and the pointer's git id) when
     * {@code large}, else as a git blob.
     */
    Ids of(Path file, long size, long modified, boolean large) throws IOException {
        Key key = new Key(file, size, modified, large);
        Ids ids = cache.get(key);
        if (ids == null) {
            ids = large ? largeFile(Hashing.sha256(file), size) : new Ids(Hashing.gitBlobSha1(file, size), null);
            cache.put(key, ids);
        }
        return ids;
    }

    /** A large file's ids from its sha256: the git id is that of its git-lfs pointer. */
    static Ids largeFile(String sha256, long size) {
        String pointer = ServedFile.lfsPointer(sha256, size);
        return new Ids(Hashing.gitBlobSha1(pointer.getBytes(StandardCharsets.UTF_8)), sha256);
    }
}
