package dev.hubkit.cli.quickstart;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model repository shipped inside the hubkit jar (made by {@code scripts/make-tiny-model.py}),
 * and its installation into a folder on disk.
 *
 * @param name     folder name, e.g. {@code tiny-bert}
 * @param resource classpath folder holding the files, ending in {@code /}
 * @param files    the file names in that folder
 */
public record BundledModel(String name, String resource, List<String> files) {

    private static final Logger LOG = LoggerFactory.getLogger(BundledModel.class);

    public BundledModel {
        files = List.copyOf(files);
    }

    /** The tiny BERT repo (hidden 32, 2 layers, WordPiece vocabulary of 1000 English pieces). */
    public static BundledModel tinyBert() {
        return new BundledModel("tiny-bert", "/dev/hubkit/cli/quickstart/tiny-bert/", List.of(
                "config.json", "model.onnx", "model.safetensors", "special_tokens_map.json", "tokenizer.json",
                "tokenizer_config.json", "vocab.txt"));
    }

    /** Opens one bundled file; fails with {@link IllegalStateException} when the jar lacks it. */
    public InputStream open(String file) {
        InputStream in = BundledModel.class.getResourceAsStream(resource + file);
        if (in == null) {
            throw new IllegalStateException("the hubkit jar is missing the bundled file " + resource + file
                    + "; rebuild it (python3 scripts/make-tiny-model.py, then ./hubkit)");
        }
        return new BufferedInputStream(in);
    }

    /**
     * Makes {@code target} hold exactly the bundled files. An existing identical copy is reused; otherwise the
     * files are written to a temporary sibling folder that is then renamed into place, so other processes never
     * see a half-written model.
     *
     * @return {@code target}
     */
    public Path install(Path target) throws IOException {
        if (matches(target)) {
            LOG.debug("{} already holds the bundled {}", target, name);
            return target;
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, target.getFileName() + ".tmp-");
        try {
            makeReadableByAll(tmp);
            for (String file : files) {
                try (InputStream in = open(file)) {
                    Files.copy(in, tmp.resolve(file));
                }
            }
            if (Files.exists(target)) {
                Path stale = Files.createTempDirectory(parent, target.getFileName() + ".old-");
                Files.delete(stale);
                Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(stale);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // Another process installed it at the same moment: theirs is as good as ours if identical.
                if (!matches(target)) {
                    throw new IOException("could not install the bundled model into " + target
                            + ": the folder changed while installing; delete it and run again", e);
                }
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
        return target;
    }

    /** Whether {@code dir} holds every bundled file with identical content. */
    public boolean matches(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String file : files) {
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p) || !sameContent(p, file)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameContent(Path p, String file) throws IOException {
        byte[] a = new byte[8192];
        byte[] b = new byte[8192];
        try (InputStream disk = new BufferedInputStream(Files.newInputStream(p)); InputStream jar = open(file)) {
            while (true) {
                int n = disk.readNBytes(a, 0, a.length);
                int m = jar.readNBytes(b, 0, b.length);
                if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
    }

    /** Temporary folders are private (rwx------); the installed model should read like any other folder. */
    private static void makeReadableByAll(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
