package dev.hubkit.hub.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fallback locker: {@link FileChannel#tryLock()} (fcntl record locks on Unix, LockFileEx on Windows), on a regular
 * file opened without following links (see {@link LockFiles}).
 */
final class ChannelLocker implements FileLocker {

    @Override
    public Held tryLock(Path file) throws IOException {
        LockFiles.requireRegularOrAbsent(file);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            LockFiles.requireRegularOrAbsent(file); // a link planted after the check above
            throw e;
        }
        FileLock fl;
        try {
            fl = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            fl = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (fl == null) {
            ch.close();
            return null;
        }
        FileLock held = fl;
        return () -> {
            try {
                held.release();
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            } finally {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        };
    }

    @Override
    public String name() {
        return "FileChannel.lock";
    }
}
