package dev.hubkit.converters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deletes the temporary output files that are still being written when the JVM exits, e.g. when a
 * conversion is stopped with Ctrl-C or {@code kill} (SIGINT/SIGTERM run the JVM's shutdown hooks), so
 * that no hidden multi-gigabyte {@code .*.tmp} file is left next to the target. Files are registered
 * when they are created and released when they are renamed into place or deleted.
 */
final class TempFileReaper {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private TempFileReaper() {
    }

    /** Registers a temporary file to delete should the JVM exit before it is released. */
    static void register(Path temp) {
        if (!hooked) {
            hook();
        }
        LIVE.add(temp);
    }

    /** Releases a temporary file that was renamed into place or deleted. */
    static void release(Path temp) {
        LIVE.remove(temp);
    }

    private static synchronized void hook() {
        if (hooked) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TempFileReaper::deleteLive, "hubkit-temp-reaper"));
        hooked = true;
    }

    /** Deletes every registered file (the shutdown hook's work). */
    static void deleteLive() {
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException ignored) {
                // the JVM is exiting: nothing else can be done
            }
            LIVE.remove(p);
        }
    }

    /** Whether {@code temp} is registered (for tests). */
    static boolean isLive(Path temp) {
        return LIVE.contains(temp);
    }
}
