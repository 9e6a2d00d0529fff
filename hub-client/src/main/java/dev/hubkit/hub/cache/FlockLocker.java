package dev.hubkit.hub.cache;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flock(2)} through JNA: {@code open(path, O_RDWR|O_CREAT|O_CLOEXEC, 0644)}, then
 * {@code flock(fd, LOCK_EX|LOCK_NB)}; {@code close(fd)} releases. This is exactly the lock
 * Python's {@code filelock.UnixFileLock} takes, so hubkit and huggingface_hub exclude each other.
 * A flock belongs to an open file description, so two opens of the same file inside one JVM
 * exclude each other too.
 */
final class FlockLocker implements FileLocker {

    private static final Logger LOG = LoggerFactory.getLogger(FlockLocker.class);
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int EINTR = 4;

    /** The few libc calls used; {@code open} is variadic (its mode argument). */
    interface LibC extends Library {
        int open(String path, int flags, Object... mode) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final int openFlags;
    private final int ewouldblock;

    private FlockLocker(LibC libc, int openFlags, int ewouldblock) {
        this.libc = libc;
        this.openFlags = openFlags;
        this.ewouldblock = ewouldblock;
    }

    /** Loads libc where the flag values are known (Linux x86-64/aarch64, macOS); null elsewhere. */
    static FlockLocker load() {
        int flags;
        int wouldBlock;
        if (Platform.isLinux() && (Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"))) {
            flags = 2 | 0x40 | 0x80000; // O_RDWR | O_CREAT | O_CLOEXEC
            wouldBlock = 11;
        } else if (Platform.isMac()) {
            flags = 2 | 0x200 | 0x1000000;
            wouldBlock = 35;
        } else {
            return null;
        }
        LibC libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        return new FlockLocker(libc, flags, wouldBlock);
    }

    @Override
    public Held tryLock(Path file) throws IOException {
        String path = file.toAbsolutePath().toString();
        int fd;
        try {
            fd = libc.open(path, openFlags, 0644);
        } catch (LastErrorException e) {
            throw new IOException("cannot open lock file " + path + " (errno " + e.getErrorCode() + ")");
        }
        while (true) {
            try {
                libc.flock(fd, LOCK_EX | LOCK_NB);
                return () -> release(fd, path);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                closeQuietly(fd, path);
                if (e.getErrorCode() == ewouldblock) {
                    return null;
                }
                throw new IOException("flock on " + path + " failed (errno " + e.getErrorCode() + ")");
            }
        }
    }

    private void release(int fd, String path) {
        try {
            libc.flock(fd, LOCK_UN);
        } catch (LastErrorException e) {
            LOG.debug("unlocking {} failed (errno {}); closing releases it", path, e.getErrorCode());
        }
        closeQuietly(fd, path);
    }

    private void closeQuietly(int fd, String path) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            LOG.debug("closing lock file {} failed (errno {})", path, e.getErrorCode());
        }
    }

    @Override
    public String name() {
        return "flock";
    }
}
