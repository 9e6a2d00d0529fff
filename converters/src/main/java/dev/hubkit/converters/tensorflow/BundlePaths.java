package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File names of a tensor bundle: {@code PREFIX.index} and {@code PREFIX.data-NNNNN-of-MMMMM}. */
public final class BundlePaths {
    private static final Pattern DATA = Pattern.compile("(.*)\\.data-\\d{5}-of-\\d{5}");
    private static final Pattern CHECKPOINT_LINE = Pattern.compile("^model_checkpoint_path:\\s*\"(.*)\"\\s*$");

    private BundlePaths() {
    }

    /** {@code PREFIX.index}. */
    public static Path index(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".index");
    }

    /** {@code PREFIX.data-%05d-of-%05d}, the name TensorFlow's {@code DataFilename} builds. */
    public static Path data(Path prefix, int shard, int numShards) {
        return prefix.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix.getFileName(), shard, numShards));
    }

    /** Whether {@code path} names a bundle file or a folder holding one, judged by names only. */
    public static boolean looksLikeBundle(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString();
        if (n.endsWith(".index") || DATA.matcher(n).matches()) {
            return true;
        }
        if (Files.isDirectory(path)) {
            try {
                prefixOf(path);
                return true;
            } catch (FormatException e) {
                return false;
            }
        }
        return Files.isRegularFile(index(path));
    }

    /**
     * The bundle prefix for {@code path}: an {@code .index} or {@code .data-*} file, a prefix, a
     * SavedModel folder (its {@code variables/variables}), or a folder with a {@code checkpoint} file
     * or exactly one {@code *.index}.
     */
    public static Path prefixOf(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString();
        if (n.endsWith(".index") && Files.isRegularFile(path)) {
            return path.resolveSibling(n.substring(0, n.length() - ".index".length()));
        }
        Matcher m = DATA.matcher(n);
        if (m.matches()) {
            return path.resolveSibling(m.group(1));
        }
        if (!Files.isDirectory(path)) {
            if (Files.isRegularFile(index(path))) {
                return path;
            }
            throw new FormatException(path, "no TensorFlow checkpoint here (looked for " + index(path) + ")");
        }
        Path saved = path.resolve("variables").resolve("variables");
        if (Files.isRegularFile(index(saved))) {
            return saved;
        }
        Path own = path.resolve("variables");
        if (Files.isRegularFile(index(own))) {
            return own;
        }
        Path checkpoint = path.resolve("checkpoint");
        if (Files.isRegularFile(checkpoint)) {
            try {
                for (String line : Files.readAllLines(checkpoint, StandardCharsets.UTF_8)) {
                    Matcher c = CHECKPOINT_LINE.matcher(line.strip());
                    if (c.matches()) {
                        Path p = path.resolve(CheckpointStateFile.unescape(c.group(1)));
                        if (Files.isRegularFile(index(p))) {
                            return p;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + checkpoint, e);
            }
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.index")) {
            ds.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + path, e);
        }
        if (found.size() == 1) {
            String f = found.get(0).getFileName().toString();
            return path.resolve(f.substring(0, f.length() - ".index".length()));
        }
        throw new FormatException(path, found.isEmpty()
                ? "folder holds no TensorFlow checkpoint (no variables/variables.index, checkpoint file or *.index)"
                : "folder holds " + found.size() + " TensorFlow checkpoints; pass one PREFIX.index explicitly");
    }
}
