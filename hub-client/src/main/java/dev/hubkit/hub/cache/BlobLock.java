package dev.hubkit.hub.cache;

import dev.hubkit.hub.HubCacheException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive lock on one blob, across threads of this JVM (a lock per path) and across processes:
 * {@code flock(2)} on {@code .locks/{repo folder}/{etag}.lock}, the same file and the same kind of
 * lock as huggingface_hub's {@code filelock}, so a Python download of the same blob waits for
 * ours and the reverse (see {@link FileLocker}).
 */
public final class BlobLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobLock.class);
    /** The JVM-local lock of each lock file in use; an entry goes when its last user leaves. */
    private static final ConcurrentHashMap<Path, Local> LOCAL = new ConcurrentHashMap<>();

    private final Path key;
    private final Local local;
    private final FileLocker.Held held;

    private BlobLock(Path key, Local local, FileLocker.Held held) {
        this.key = key;
        this.local = local;
        this.held = held;
    }

    /** A lock and the number of threads holding or waiting for it (changed only inside {@code LOCAL.compute}). */
    private static final class Local {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private static Local enter(Path key) {
        return LOCAL.compute(key, (k, l) -> {
            Local local = l == null ? new Local() : l;
            local.users++;
            return local;
        });
    }

    private static void leave(Path key) {
        LOCAL.computeIfPresent(key, (k, l) -> --l.users == 0 ? null : l);
    }

    /** How many lock files this JVM holds or waits for (for tests: finished locks leave nothing behind). */
    static int localLocksInUse() {
        return LOCAL.size();
    }

    /** Blocks until the lock is held or {@code timeout} passes. */
    public static BlobLock acquire(Path lockFile, Duration timeout) {
        return acquire(lockFile, timeout, FileLocker.system(), "the cache folder");
    }

    /**
     * Like {@link #acquire(Path, Duration)}; a lock file that cannot be opened is reported as a folder
     * that is not writable, {@code folder} naming it (as {@code "the local folder /x"}), or as a name too
     * long for the file system.
     */
    public static BlobLock acquire(Path lockFile, Duration timeout, String folder) {
        return acquire(lockFile, timeout, FileLocker.system(), folder);
    }

    static BlobLock acquire(Path lockFile, Duration timeout, FileLocker locker) {
        return acquire(lockFile, timeout, locker, "the cache folder");
    }

    /** Name of the OS lock in use ({@code flock}, or {@code FileChannel.lock} where flock cannot load). */
    public static String mechanism() {
        return FileLocker.system().name();
    }

    private static BlobLock acquire(Path lockFile, Duration timeout, FileLocker locker, String folder) {
        Path key = lockFile.toAbsolutePath().normalize();
        Local local = enter(key);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!local.lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                leave(key);
                throw timeout(lockFile, timeout);
            }
        } catch (InterruptedException e) {
            leave(key);
            Thread.currentThread().interrupt();
            throw new HubCacheException("interrupted while waiting for lock " + lockFile, e);
        }
        try {
            long sleep = 2;
            boolean logged = false;
            while (true) {
                FileLocker.Held h = tryLock(key, locker);
                if (h != null) {
                    return new BlobLock(key, local, h);
                }
                if (!logged) {
                    LOG.debug("waiting for {} ({}), held by another process", key, locker.name());
                    logged = true;
                }
                if (System.nanoTime() > deadline) {
                    throw timeout(lockFile, timeout);
                }
                Thread.sleep(sleep);
                sleep = Math.min(50, sleep * 2);
            }
        } catch (IOException e) {
            release(key, local);
            throw cannotLock(lockFile, e, folder);
        } catch (InterruptedException e) {
            release(key, local);
            Thread.currentThread().interrupt();
            throw new HubCacheException("interrupted while waiting for lock " + lockFile, e);
        } catch (RuntimeException e) {
            release(key, local);
            throw e;
        }
    }

    /**
     * One try, making the lock file's folder when it is missing (the first lock of a repo) instead of
     * checking for it before every lock.
     */
    private static FileLocker.Held tryLock(Path key, FileLocker locker) throws IOException {
        try {
            return locker.tryLock(key);
        } catch (java.nio.file.NoSuchFileException e) {
            java.nio.file.Files.createDirectories(key.getParent());
            return locker.tryLock(key);
        }
    }

    private static void release(Path key, Local local) {
        try {
            local.lock.unlock();
        } finally {
            leave(key);
        }
    }

    private static HubCacheException cannotLock(Path lockFile, IOException e, String folder) {
        String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        if (HubCache.isNameTooLong(e)) {
            return new HubCacheException("cannot lock " + lockFile + ": " + why + "; the name is too long for the "
                    + "file system of " + folder + " (most allow 255 bytes per name): use a folder on a file system "
                    + "that allows longer names", e);
        }
        return new HubCacheException("cannot lock " + lockFile + ": " + why + "; check that " + folder
                + " is writable", e);
    }

    private static HubCacheException timeout(Path lockFile, Duration timeout) {
        return new HubCacheException("another process has held " + lockFile + " for more than " + timeout.toSeconds()
                + " s; if no download is running, delete that lock file");
    }

    @Override
    public void close() {
        try {
            held.close();
        } finally {
            release(key, local);
        }
    }
}
