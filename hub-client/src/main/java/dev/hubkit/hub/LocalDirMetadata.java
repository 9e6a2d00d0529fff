package dev.hubkit.hub;

import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What huggingface_hub records about a file downloaded into a local dir
 * ({@code .cache/huggingface/download/{file}.metadata}: three lines, the commit, the etag and the Unix
 * time in seconds when both were known to be right).
 *
 * @param commit    the commit the file was downloaded from
 * @param etag      its etag (sha256 of a large-storage file, else the git blob id)
 * @param timestamp when the metadata was written, in seconds since the epoch
 */
public record LocalDirMetadata(String commit, String etag, double timestamp) {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDirMetadata.class);

    /**
     * Reads the metadata of a file (caller holds its lock). Empty, as huggingface_hub's
     * {@code read_download_metadata} says, when there is none, the file is missing, the metadata cannot
     * be parsed (it is deleted then) or the file was changed after it was written (modified more than
     * a second after the timestamp).
     */
    public static Optional<LocalDirMetadata> read(LocalDirPaths paths) {
        List<String> lines;
        try {
            lines = Files.readAllLines(paths.metadataPath(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", paths.metadataPath(), e.getMessage());
            return Optional.empty();
        }
        LocalDirMetadata meta;
        try {
            meta = new LocalDirMetadata(lines.get(0).strip(), lines.get(1).strip(),
                    Double.parseDouble(lines.get(2).strip()));
        } catch (RuntimeException e) {
            LOG.warn("invalid metadata file {}; removing it and downloading the file again", paths.metadataPath());
            try {
                Files.deleteIfExists(paths.metadataPath());
            } catch (IOException ex) {
                LOG.debug("cannot delete {}: {}", paths.metadataPath(), ex.getMessage());
            }
            return Optional.empty();
        }
        try {
            double mtime = Files.getLastModifiedTime(paths.filePath()).toMillis() / 1000.0;
            if (mtime - 1 <= meta.timestamp()) {
                return Optional.of(meta);
            }
            LOG.debug("metadata of {} is older than the file; ignoring it", paths.file());
        } catch (IOException e) {
            // no file: no metadata
        }
        return Optional.empty();
    }

    /** Writes the metadata of a file with the current time (caller holds its lock). */
    static void write(LocalDirPaths paths, String commit, String etag) throws IOException {
        String now = BigDecimal.valueOf(System.currentTimeMillis(), 3).toPlainString();
        HubCache.writeAtomically(paths.metadataPath(),
                (commit + "\n" + etag + "\n" + now + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
