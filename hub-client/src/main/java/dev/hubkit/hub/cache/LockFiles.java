package dev.hubkit.hub.cache;

import dev.hubkit.hub.HubCacheException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one rule every lock file hubkit takes obeys, as huggingface_hub's shared-store lock ({@code O_NOFOLLOW}, a
 * regular file or nothing): a lock file is never followed through a symbolic link, and anything at its path that is
 * not a regular file is refused, so a link planted where a lock goes can neither be locked through nor have its
 * target's permissions changed.
 */
final class LockFiles {

    private LockFiles() {
    }

    /**
     * Refuses {@code file} when something other than a regular file is there (read without following links);
     * nothing there is fine (the locker creates it).
     *
     * @throws HubCacheException naming the file and saying to remove it
     */
    static void requireRegularOrAbsent(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!a.isRegularFile()) {
            throw notRegular(file, a.isSymbolicLink() ? "a symbolic link"
                    : a.isDirectory() ? "a folder" : "not a regular file");
        }
    }

    /** The refusal of a lock file that is {@code what} instead of a regular file. */
    static HubCacheException notRegular(Path file, String what) {
        return new HubCacheException("lock file " + file + " is " + what + ", not a regular file; hubkit neither"
                + " follows nor locks such a file (its target could be changed through it): remove " + file
                + " and run the command again");
    }
}
