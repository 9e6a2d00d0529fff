package dev.hubkit.converters;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * A temporary file next to its target, moved into place on {@link #commit()} and deleted on {@link #close()}
 * otherwise, or when the JVM exits first (Ctrl-C, {@code kill}).
 */
public final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /** Creates a fresh temporary file in {@code target}'s directory (created when missing). */
    public static AtomicFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        for (int attempt = 0; ; attempt++) {
            Path temp = tempNameFor(abs);
            try {
                FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ,
                        StandardOpenOption.CREATE_NEW);
                TempFileReaper.register(temp);
                return new AtomicFile(abs, temp, channel);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Creates an empty temporary file next to {@code target} (its directory created when missing) for writers that
     * open the file themselves, e.g. an HDF5 library; the caller renames it into place or deletes it, then calls
     * {@link #released(Path)} (until then it is deleted should the JVM exit). Unlike {@link Files#createTempFile},
     * which makes files only their owner can read, it gets the usual permissions (umask).
     */
    public static Path createSibling(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        for (int attempt = 0; ; attempt++) {
            try {
                Path temp = Files.createFile(tempNameFor(abs));
                TempFileReaper.register(temp);
                return temp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Tells that a file from {@link #createSibling(Path)} was renamed into place or deleted. */
    public static void released(Path sibling) {
        TempFileReaper.release(sibling);
    }

    /** A random hidden name next to {@code abs}; its directory is created when missing. */
    private static Path tempNameFor(Path abs) throws IOException {
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        // the name only has to be unlikely to exist (CREATE_NEW settles collisions); a SecureRandom would
        // load the security providers, a noticeable share of a short conversion's run
        long random = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        return dir.resolve("." + shortened(abs.getFileName().toString()) + "." + Long.toHexString(random) + ".tmp");
    }

    /**
     * The target's name, cut to its first {@value #TEMP_NAME_CHARS} characters (whole code points): the temporary
     * name adds about 22 characters, and a target name the file system accepts must not make a temporary name it
     * refuses (255 bytes on most Linux file systems).
     */
    private static String shortened(String name) {
        if (name.length() <= TEMP_NAME_CHARS) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, name.codePointCount(0, TEMP_NAME_CHARS)));
    }

    private static final int TEMP_NAME_CHARS = 48;

    /** A name {@link #tempNameFor} gives: the (shortened) target name, then {@link Long#toHexString} of a long. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\.(.+)\\.(0|[1-9a-f][0-9a-f]{0,15})\\.tmp");

    /**
     * Whether {@code fileName} is a temporary name this class gives a target whose name {@code targetNames} matches
     * (a long target name cut as the temporary name cuts it): {@code .NAME.<hex>.tmp}.
     */
    public static boolean isTempNameFor(String fileName, Pattern targetNames) {
        Matcher m = TEMP_NAME.matcher(fileName);
        if (!m.matches()) {
            return false;
        }
        String name = m.group(1);
        int chars = name.codePointCount(0, name.length());
        if (chars > TEMP_NAME_CHARS) {
            return false;
        }
        Matcher target = targetNames.matcher(name);
        // a name cut to TEMP_NAME_CHARS stands for any target name it begins
        return target.matches() || chars == TEMP_NAME_CHARS && target.hitEnd();
    }

    /**
     * The regular files in {@code dir} with a temporary name for a target named as {@code targetNames} matches (see
     * {@link #isTempNameFor}), sorted by name: left by a process killed while writing the target (its exit hook
     * never ran), or in use by one writing it now. None when {@code dir} cannot be listed (it does not exist).
     */
    public static List<Path> tempFilesIn(Path dir, Pattern targetNames) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : entries) {
                if (isTempNameFor(p.getFileName().toString(), targetNames)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(p);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LoggerFactory.getLogger(AtomicFile.class).debug("could not list {}: {}", dir, e.toString());
            return List.of();
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    /** The channel writing the temporary file. */
    public FileChannel channel() {
        return channel;
    }

    /** The final path. */
    public Path target() {
        return target;
    }

    /** Closes the channel and renames the temporary file onto the target. */
    public void commit() throws IOException {
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        TempFileReaper.release(temp);
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // best effort
        }
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
                TempFileReaper.release(temp);
            } catch (IOException ignored) {
                // best effort (the JVM's exit tries again)
            }
        }
    }
}
