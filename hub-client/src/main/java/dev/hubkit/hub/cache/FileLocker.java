package dev.hubkit.hub.cache;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an exclusive, non-blocking OS lock on a lock file, the kind other processes see.
 * {@link FlockLocker} uses {@code flock(2)}, the lock Python's {@code filelock} (and so
 * huggingface_hub) takes on Unix; {@link ChannelLocker} is the fallback where flock cannot be
 * called (it excludes other JVMs but not Python on Linux, whose fcntl and flock locks are separate).
 */
sealed interface FileLocker permits FlockLocker, ChannelLocker {

    /** A held lock; closing it releases the lock and closes the file. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Tries once to lock {@code file} (creating it when missing).
     *
     * @return the held lock, or null when another holder has it
     * @throws IOException when the file cannot be opened or locked for another reason
     */
    Held tryLock(Path file) throws IOException;

    /** Short name for logs. */
    String name();

    /** The locker of this platform: flock where it loads, else the FileChannel fallback (logged once). */
    static FileLocker system() {
        return SystemLocker.INSTANCE;
    }

    /** Lazily picks (and logs once) the platform's locker. */
    final class SystemLocker {
        static final FileLocker INSTANCE = pick();

        private SystemLocker() {
        }

        private static FileLocker pick() {
            Logger log = LoggerFactory.getLogger(FileLocker.class);
            try {
                FileLocker f = FlockLocker.load();
                if (f != null) {
                    return f;
                }
                log.warn("flock(2) is not available on {} {}; blob locks use FileChannel.lock, which Python's "
                        + "huggingface_hub does not see", System.getProperty("os.name"), System.getProperty("os.arch"));
            } catch (LinkageError | RuntimeException e) {
                log.warn("cannot load flock(2) through JNA ({}); blob locks use FileChannel.lock, which Python's "
                        + "huggingface_hub does not see", dev.hubkit.hub.PlainReasons.of(e));
            }
            return new ChannelLocker();
        }
    }
}
