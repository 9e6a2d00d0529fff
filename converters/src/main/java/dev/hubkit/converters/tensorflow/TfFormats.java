package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.keras.KerasH5Reader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Recognises and opens the TensorFlow-side formats: tensor bundles (and SavedModel folders) and Keras H5. */
public final class TfFormats {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private TfFormats() {
    }

    /** Whether {@code path} is a tensor bundle file, prefix, SavedModel or checkpoint folder. */
    public static boolean isTfCheckpoint(Path path) {
        return BundlePaths.looksLikeBundle(path);
    }

    /** Whether {@code path} is an HDF5 file (by its signature) or a {@code *.h5.index.json} shard index. */
    public static boolean isKerasH5(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString();
        if (n.endsWith(".h5.index.json")) {
            return true;
        }
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(8), HDF5_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a TF checkpoint or Keras H5 file; null when {@code path} is neither. */
    public static TensorReader openOrNull(Path path) {
        if (isKerasH5(path)) {
            return KerasH5Reader.open(path);
        }
        if (isTfCheckpoint(path)) {
            return TfCheckpointReader.open(path);
        }
        return null;
    }
}
