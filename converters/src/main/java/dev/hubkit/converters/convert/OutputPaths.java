package dev.hubkit.converters.convert;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.tensorflow.CheckpointStateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Where a conversion really writes: symbolic links in the destination followed as {@code cp} and
 * {@code open(path, 'wb')} follow them (the link's final target is written, the link kept), and the folders a
 * conversion creates, so that a failed one removes them again.
 */
final class OutputPaths {
    /** The name of the folder a sharded conversion writes its files in before it puts them into place. */
    static final String TEMP_PREFIX = ".hubkit-convert-";
    /** Links followed before giving up, as the kernel's {@code ELOOP} limit. */
    private static final int MAX_LINKS = 40;

    private OutputPaths() {
    }

    /**
     * {@code dst} with every symbolic link resolved: the existing part of the path by its real path, and a final
     * component that is a link (also a dangling one) by its target, link after link.
     */
    static Path followLinks(Path dst) throws IOException {
        Path p = dst.toAbsolutePath().normalize();
        for (int i = 0; i < MAX_LINKS; i++) {
            p = realParent(p);
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        throw new FormatException(dst, "too many levels of symbolic links; point DST at a file or folder");
    }

    /** {@code p} with its longest existing ancestor (itself excluded) replaced by that ancestor's real path. */
    private static Path realParent(Path p) throws IOException {
        Path parent = p.getParent();
        if (parent == null || p.getFileName() == null) {
            return p;
        }
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        return existing.toRealPath().resolve(existing.relativize(p));
    }

    /** The folders on the way to {@code dst} (itself included) that do not exist yet, deepest first. */
    static List<Path> missingFolders(Path dst) {
        List<Path> missing = new ArrayList<>();
        for (Path p = dst.toAbsolutePath(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(p);
        }
        return missing;
    }

    /**
     * Removes those of {@code created} (deepest first) that are now empty folders; leaves anything else. Returns the
     * empty folder that could not be removed, null when none: the failure's error names it (a warning logged on the
     * failure path would only stand before the error line).
     */
    static Path removeEmpty(List<Path> created) {
        for (Path p : created) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (var entries = Files.list(p)) {
                if (entries.findAny().isPresent()) {
                    return null; // something else lives here now: keep it and its parents
                }
            } catch (IOException e) {
                return null;
            }
            try {
                Files.delete(p);
            } catch (IOException e) {
                LoggerFactory.getLogger(OutputPaths.class).debug("could not remove folder {} created for the failed "
                        + "conversion: {}", p, e.toString());
                return p;
            }
        }
        return null;
    }

    /**
     * The folder a conversion into {@code out} (links followed) writes in: {@code out} when it is a folder, else the
     * folder that holds it.
     */
    static Path outputFolder(Path out) {
        Path abs = out.toAbsolutePath();
        String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
        // a missing name without an extension is a folder the conversion will make (as its layout takes it)
        boolean folder = Files.isDirectory(abs) || !Files.exists(abs) && !name.contains(".");
        return folder || abs.getParent() == null ? abs : abs.getParent();
    }

    /**
     * The temporary folders ({@value #TEMP_PREFIX}{@code *}) in {@code dir}, sorted by name: left by a conversion
     * that was killed or cut off by a power loss before it could remove its own, or in use by one running now.
     * None when {@code dir} cannot be listed (it does not exist yet).
     */
    static List<Path> tempFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : entries) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(p);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            LoggerFactory.getLogger(OutputPaths.class).debug("could not list {}: {}", dir, e.toString());
            return List.of();
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    /**
     * The temporary files ({@code .NAME.<hex>.tmp}, as {@link AtomicFile} names them) that a conversion writing
     * {@code format} into {@code out} (links followed) would make for its output files, left by one that was killed
     * before it could remove them, or in use by one running now; sorted by name. Only those of this output's files:
     * the single file (a sharded output writes in a {@value #TEMP_PREFIX} folder), the H5 file, or a TF checkpoint's
     * {@code PREFIX.index}, {@code PREFIX.data-*} and {@code checkpoint}.
     */
    static List<Path> tempFiles(Path out, TargetFormat format) {
        Path file = Converter.singleOutputFile(out.toAbsolutePath(), format);
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            return List.of();
        }
        String name = Pattern.quote(file.getFileName().toString());
        Pattern names = format == TargetFormat.TF_CHECKPOINT
                ? Pattern.compile(name + "\\.(?:index|data-\\d{5}-of-\\d{5})|"
                        + Pattern.quote(CheckpointStateFile.NAME))
                : Pattern.compile(name);
        return AtomicFile.tempFilesIn(dir, names);
    }

    /** As {@link #warnAboutLeftovers(Path, List, ConversionWarnings)} with no temporary files. */
    static void warnAboutLeftovers(Path dir, ConversionWarnings warnings) {
        warnAboutLeftovers(dir, List.of(), warnings);
    }

    /**
     * Adds to {@code warnings} one warning naming the temporary folders an interrupted conversion left in
     * {@code dir} and the temporary {@code files} (see {@link #tempFiles}) that one left of the output (none of
     * either: no warning). They are not deleted: another conversion into {@code dir} may be writing in one of them
     * right now.
     */
    static void warnAboutLeftovers(Path dir, List<Path> files, ConversionWarnings warnings) {
        List<Path> folders = tempFolders(dir);
        int count = folders.size() + files.size();
        if (count == 0) {
            return;
        }
        List<String> kinds = new ArrayList<>();
        if (!folders.isEmpty()) {
            kinds.add(counted(folders.size(), "temporary folder"));
        }
        if (!files.isEmpty()) {
            kinds.add(counted(files.size(), "temporary file"));
        }
        List<String> names = new ArrayList<>();
        Stream.concat(folders.stream(), files.stream()).forEach(p -> names.add(nameIn(dir, p)));
        warnings.add(Converter.class, "{} {} left in {} by an interrupted conversion (killed or cut off before it could"
                + " clean up): {}; {} may be deleted, unless another conversion into that folder is running right now",
                String.join(" and ", kinds), count == 1 ? "was" : "were", dir, String.join(", ", names),
                count == 1 ? "it" : "they");
    }

    /** {@code a temporary file} or {@code 2 temporary files}. */
    private static String counted(int n, String what) {
        return n == 1 ? "a " + what : n + " " + what + "s";
    }

    /** {@code p} as named in a warning about {@code dir}: its name when it is in {@code dir}, else its path. */
    private static String nameIn(Path dir, Path p) {
        return dir.equals(p.getParent()) ? p.getFileName().toString() : p.toString();
    }

    /** Deletes {@code dir} and everything in it; returns why it could not, null when it is gone. */
    static IOException deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
