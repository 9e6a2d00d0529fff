package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.pytorch.TorchLegacyReader;
import dev.hubkit.converters.pytorch.TorchZipReader;
import dev.hubkit.converters.safetensors.SafetensorsReader;
import dev.hubkit.converters.tensorflow.TfFormats;
import dev.hubkit.core.HubkitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens any supported checkpoint: a file (format from its magic bytes), a shard index, a model folder,
 * a TensorFlow checkpoint (bundle prefix, {@code .index}/{@code .data-*} file, SavedModel or checkpoint
 * folder) or Keras H5 weights (file or {@code *.h5.index.json}).
 */
public final class Checkpoints {
    /** The files looked for in a model folder, in order of preference. */
    public static final List<String> FOLDER_CANDIDATES = List.of("model.safetensors", "model.safetensors.index.json",
            "pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5", "tf_model.h5.index.json");

    private Checkpoints() {
    }

    /** Opens {@code path}; every problem surfaces as a {@link FormatException} naming the file. */
    public static TensorReader open(Path path) {
        return open(resolve(path), true);
    }

    /**
     * The file that {@link #open} reads for {@code path}: itself for a file, the preferred checkpoint
     * or index of a folder.
     */
    public static Path resolve(Path path) {
        if (!Files.isDirectory(path) && (TfFormats.isTfCheckpoint(path) || TfFormats.isKerasH5(path))) {
            return path; // includes a bundle prefix, which is no file of its own
        }
        if (!Files.exists(path)) {
            throw new FormatException(path, "no such file or folder");
        }
        if (!Files.isDirectory(path)) {
            return path;
        }
        for (String name : FOLDER_CANDIDATES) {
            Path p = path.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        if (TfFormats.isTfCheckpoint(path)) {
            return path; // a SavedModel, or a folder with a checkpoint file or one *.index
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.{safetensors,bin,pt,pth,ckpt}")) {
            ds.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + path, e);
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            List<String> prefixes = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.index")) {
                ds.forEach(p -> {
                    String n = p.getFileName().toString();
                    prefixes.add(n.substring(0, n.length() - ".index".length()));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + path, e);
            }
            if (prefixes.size() > 1) {
                java.util.Collections.sort(prefixes);
                throw new FormatException(path, "folder holds " + prefixes.size() + " TensorFlow checkpoints ("
                        + String.join(", ", prefixes) + ") and no 'checkpoint' file saying which is current;"
                        + " pass one as FOLDER/PREFIX");
            }
        }
        throw new FormatException(path, found.isEmpty()
                ? "folder holds no checkpoint (looked for " + String.join(", ", FOLDER_CANDIDATES)
                + ", *.safetensors, *.bin, *.pt, *.pth, *.ckpt, a TensorFlow checkpoint)"
                : "folder holds " + found.size() + " checkpoint files and no index; pass one file explicitly");
    }

    private static TensorReader open(Path file, boolean allowIndex) {
        if (TfFormats.isKerasH5(file) || TfFormats.isTfCheckpoint(file)) {
            return guard(file, () -> TfFormats.openOrNull(file));
        }
        if (allowIndex && file.getFileName().toString().endsWith(".json")) {
            return guard(file, () -> ShardedReader.open(file));
        }
        return openFile(file);
    }

    /** Opens a single checkpoint file (not an index; a TF checkpoint or Keras H5 file is opened as such). */
    public static TensorReader openFile(Path file) {
        return guard(file, () -> {
            TensorReader tf = TfFormats.openOrNull(file);
            if (tf != null) {
                return tf;
            }
            CheckpointFormat format = CheckpointFormat.detect(file);
            return switch (format) {
                case SAFETENSORS -> SafetensorsReader.open(file);
                case PYTORCH_ZIP -> TorchZipReader.open(file);
                case PYTORCH_LEGACY -> TorchLegacyReader.open(file);
                case PYTORCH_TAR -> throw new FormatException(file, "the pre-1.0 PyTorch tar format is not supported;"
                        + " load it with an old PyTorch and save it again with torch.save");
            };
        });
    }

    private interface Opener {
        TensorReader open();
    }

    private static TensorReader guard(Path file, Opener opener) {
        try {
            return opener.open();
        } catch (HubkitException e) {
            throw e;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                throw new FormatException(file, "no such file", e);
            }
            throw new FormatException(file, "cannot be read: " + e.getCause().getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new FormatException(file, "malformed checkpoint (" + e + "); the file is corrupt or truncated", e);
        }
    }
}
