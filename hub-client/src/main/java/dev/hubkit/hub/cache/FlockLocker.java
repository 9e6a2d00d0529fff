package dev.hubkit.hub.cache;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flock(2)} through JNA: {@code open(path, O_RDWR|O_CREAT|O_CLOEXEC|O_NOFOLLOW, 0664)} of a regular file
 * (anything else at the path is refused, see {@link LockFiles}), then {@code flock(fd, LOCK_EX|LOCK_NB)}, then
 * {@code fchmod} to at least {@code 0664} whatever the umask (only a file the current user owns, its mode read
 * without following links); {@code close(fd)} releases. This is exactly the lock huggingface_hub takes (its
 * {@code WeakFileLock}: {@code filelock.UnixFileLock} with mode {@code 0o664}), so hubkit and huggingface_hub
 * exclude each other, and the lock files of a cache a group shares stay writable for the group.
 * A flock belongs to an open file description, so two opens of the same file inside one JVM
 * exclude each other too.
 */
final class FlockLocker implements FileLocker {

    private static final Logger LOG = LoggerFactory.getLogger(FlockLocker.class);
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int EINTR = 4;
    /** {@code rw-rw-r--}: huggingface_hub's lock file mode, so that a cache's users (one group) share its locks. */
    static final int LOCK_FILE_MODE = 0664;
    private static final int ENOENT = 2;
    /** What {@code open} with {@code O_NOFOLLOW} fails with when the path is a symbolic link. */
    private static final int ELOOP = Platform.isMac() ? 62 : 40;

    /**
     * The few libc calls used; {@code open} is variadic (its mode argument). Its path is passed as
     * NUL-terminated bytes ({@link Native#toByteArray(String)}, the encoding JNA gives a String): a
     * byte array is handed to the native stub directly, where a String is copied into a {@code Memory}
     * that registers with JNA's cleaner, a lock every thread of a parallel snapshot passes through.
     */
    interface LibC extends Library {
        int open(byte[] path, int flags, Object... mode) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int fchmod(int fd, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int geteuid();
    }

    /**
     * {@code flock} and {@code close} by JNA direct mapping: a plain native call each, where an
     * interface call goes through a proxy and reflection (two of the three calls per blob lock; the
     * variadic {@code open} cannot be mapped directly).
     */
    static final class Direct {
        private Direct() {
        }

        static native int flock(int fd, int operation) throws LastErrorException;

        static native int fchmod(int fd, int mode) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final int openFlags;
    private final int ewouldblock;
    /** Whether {@link Direct} is registered (else the interface's calls are used). */
    private final boolean direct;
    /** The effective user id: only a lock file this user owns has its mode widened. */
    private final int euid;

    private FlockLocker(LibC libc, int openFlags, int ewouldblock, boolean direct) {
        this.libc = libc;
        this.openFlags = openFlags;
        this.ewouldblock = ewouldblock;
        this.direct = direct;
        this.euid = libc.geteuid();
    }

    /** Loads libc where the flag values are known (Linux x86-64/aarch64, macOS); null elsewhere. */
    static FlockLocker load() {
        int flags;
        int wouldBlock;
        if (Platform.isLinux() && (Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"))) {
            // O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW (0400000 on x86-64, 0100000 on aarch64)
            flags = 2 | 0x40 | 0x80000 | (Platform.ARCH.equals("aarch64") ? 0x8000 : 0x20000);
            wouldBlock = 11;
        } else if (Platform.isMac()) {
            flags = 2 | 0x200 | 0x1000000 | 0x100; // O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW
            wouldBlock = 35;
        } else {
            return null;
        }
        LibC libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        boolean direct;
        try {
            Native.register(Direct.class, Platform.C_LIBRARY_NAME);
            direct = true;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("no direct mapping of flock/close ({}); using interface calls", e.toString());
            direct = false;
        }
        return new FlockLocker(libc, flags, wouldBlock, direct);
    }

    /** Whether flock and close are called by direct mapping. */
    boolean usesDirectCalls() {
        return direct;
    }

    private int flock(int fd, int operation) {
        return direct ? Direct.flock(fd, operation) : libc.flock(fd, operation);
    }

    /**
     * Checks that the locked file is a regular file and gives it at least huggingface_hub's mode, as {@code filelock}
     * does once it holds the lock: bits a lock file already has are kept (huggingface_hub makes the shared store's
     * locks {@code 0666}), and a file of another user keeps its mode. Attributes are read without following links.
     *
     * @throws HubCacheException when the path is no longer a regular file (replaced since the open)
     */
    private void shareMode(int fd, Path path) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,isRegularFile,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the mode of lock file {}: {}", path, e.toString());
            return;
        }
        if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
            throw LockFiles.notRegular(path, Boolean.TRUE.equals(a.get("isSymbolicLink")) ? "a symbolic link"
                    : "not a regular file");
        }
        int mode = (Integer) a.get("mode") & 07777;
        if ((mode | LOCK_FILE_MODE) == mode || ((Integer) a.get("uid")) != euid) {
            return;
        }
        try {
            if (direct) {
                Direct.fchmod(fd, mode | LOCK_FILE_MODE);
            } else {
                libc.fchmod(fd, mode | LOCK_FILE_MODE);
            }
        } catch (LastErrorException e) {
            LOG.debug("cannot set the mode of lock file {} (errno {})", path, e.getErrorCode());
        }
    }

    private int close(int fd) {
        return direct ? Direct.close(fd) : libc.close(fd);
    }

    @Override
    public Held tryLock(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        String path = abs.toString();
        LockFiles.requireRegularOrAbsent(abs);
        int fd;
        try {
            fd = libc.open(Native.toByteArray(path), openFlags, LOCK_FILE_MODE);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                throw new java.nio.file.NoSuchFileException(path, null, "its folder does not exist");
            }
            if (e.getErrorCode() == ELOOP) {
                throw LockFiles.notRegular(abs, "a symbolic link"); // planted after the check above
            }
            throw new java.nio.file.FileSystemException(path, null, reason(e.getErrorCode()));
        }
        while (true) {
            try {
                flock(fd, LOCK_EX | LOCK_NB);
                try {
                    shareMode(fd, abs);
                } catch (RuntimeException e) {
                    closeQuietly(fd, path);
                    throw e;
                }
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

    /**
     * Closing the descriptor releases the lock: a flock belongs to the open file description, and this
     * descriptor is its only one (opened here, never duplicated, close-on-exec), so an explicit
     * {@code LOCK_UN} first would only be one more system call per blob.
     */
    private void release(int fd, String path) {
        closeQuietly(fd, path);
    }

    private void closeQuietly(int fd, String path) {
        try {
            close(fd);
        } catch (LastErrorException e) {
            LOG.debug("closing lock file {} failed (errno {})", path, e.getErrorCode());
        }
    }

    @Override
    public String name() {
        return "flock";
    }

    /** What {@code open(2)} failing with {@code errno} means, in the words the JDK uses for it. */
    static String reason(int errno) {
        // ENAMETOOLONG is 36 on Linux, 63 on macOS (where 36 is EINPROGRESS); the others are the same on both
        int nameTooLong = Platform.isMac() ? 63 : 36;
        if (errno == nameTooLong) {
            return "File name too long (errno " + errno + ")";
        }
        String what = switch (errno) {
            case 1 -> "Operation not permitted";
            case 13 -> "Permission denied";
            case 20 -> "Not a directory";
            case 21 -> "Is a directory";
            case 28 -> "No space left on device";
            case 30 -> "Read-only file system";
            default -> "cannot open the lock file";
        };
        return what + " (errno " + errno + ")";
    }
}
