package dev.hubkit.hub.cache;

import dev.hubkit.hub.HubCacheException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive lock on one blob, across threads of this JVM (a lock per path) and across processes
 * (an OS file lock on {@code .locks/{repo}/{etag}.lock}, where huggingface_hub keeps its own).
 */
public final class BlobLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private BlobLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock is held or {@code timeout} passes. */
    public static BlobLock acquire(Path lockFile, Duration timeout) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!local.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw timeout(lockFile, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubCacheException("interrupted while waiting for lock " + lockFile, e);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(key.getParent());
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long sleep = 5;
            while (true) {
                FileLock fl;
                try {
                    fl = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    fl = null;
                }
                if (fl != null) {
                    return new BlobLock(local, ch, fl);
                }
                if (System.nanoTime() > deadline) {
                    throw timeout(lockFile, timeout);
                }
                Thread.sleep(sleep);
                sleep = Math.min(200, sleep * 2);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            local.unlock();
            throw new HubCacheException("cannot create lock file " + lockFile + ": " + e.getMessage()
                    + "; check that the cache folder is writable", e);
        } catch (InterruptedException e) {
            closeQuietly(ch);
            local.unlock();
            Thread.currentThread().interrupt();
            throw new HubCacheException("interrupted while waiting for lock " + lockFile, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            local.unlock();
            throw e;
        }
    }

    private static HubCacheException timeout(Path lockFile, Duration timeout) {
        return new HubCacheException("another process has held " + lockFile + " for more than " + timeout.toSeconds()
                + " s; if no download is running, delete that lock file");
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it anyway
        } finally {
            closeQuietly(channel);
            local.unlock();
        }
    }
}
