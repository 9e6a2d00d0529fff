package dev.hubkit.hub;

import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Where a local-dir download of one repo file keeps what it needs, named exactly as huggingface_hub's
 * {@code _local_folder.get_local_download_paths} names them, so either client can take over from the
 * other: the file at {@code LOCAL/{file}}, its metadata at
 * {@code LOCAL/.cache/huggingface/download/{file}.metadata}, the lock at {@code ...download/{file}.lock}
 * and the partial download at
 * {@code ...download/{dir of file}/{urlsafe-b64 sha1 of "{name}.metadata"}.{etag}.incomplete}.
 *
 * @param file     the file's path in the repo (checked like a server name)
 * @param filePath where the file goes
 * @param lockPath the lock taken while the file or its metadata is read or written
 * @param metadataPath the three-line metadata file (commit, etag, timestamp)
 */
public record LocalDirPaths(String file, Path filePath, Path lockPath, Path metadataPath) {

    /** {@code .cache/huggingface} under a local dir. */
    static final String HF_DIR = ".cache/huggingface";
    /**
     * The paths of {@code file} under {@code localDir}; refuses a name that would leave the folder
     * ({@link UnsafePathException}).
     */
    public static LocalDirPaths of(Path localDir, String file, Object where) {
        Path filePath = SafePaths.resolveUnder(localDir, file, where);
        Path metadata = downloadDir(localDir).resolve(file + ".metadata");
        Path lock = metadata.resolveSibling(file.substring(file.lastIndexOf('/') + 1) + ".lock");
        return new LocalDirPaths(file, filePath, lock, metadata);
    }

    /** {@code LOCAL/.cache/huggingface/download}, where the metadata of every downloaded file lies. */
    public static Path downloadDir(Path localDir) {
        return localDir.toAbsolutePath().normalize().resolve(HF_DIR).resolve("download");
    }

    /**
     * Name base of the partial download of the file with {@code etag}: {@code .incomplete} appended gives
     * the name huggingface_hub resumes from.
     */
    public Path partBase(String etag) {
        return metadataPath.resolveSibling(shortHash(metadataPath.getFileName().toString()) + "." + etag);
    }

    /**
     * Deletes what killed downloads of the file with {@code etag} left (huggingface_hub's {@code .incomplete},
     * and the part file and progress record of parallel chunks) once the file is complete; the caller
     * holds the file's lock, so no download of it is running.
     */
    void discardPartials(String etag) {
        BlobDownloader.discardPartials(partBase(etag));
    }

    /**
     * Makes the folders of the file and its metadata, and {@code .cache/huggingface} with its
     * {@code .gitignore} ({@code *}) and {@code CACHEDIR.TAG}, as huggingface_hub does.
     */
    void prepare(Path localDir) throws IOException {
        Path hf = localDir.toAbsolutePath().normalize().resolve(HF_DIR);
        HubCache.ensureDirectory(hf);
        writeOnce(hf.resolve(".gitignore"), "*");
        writeOnce(hf.resolve("CACHEDIR.TAG"), HubCache.CACHEDIR_TAG);
        HubCache.ensureDirectory(filePath.getParent());
        HubCache.ensureDirectory(metadataPath.getParent());
    }

    private static void writeOnce(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.writeString(Files.createFile(file), text);
            } catch (FileAlreadyExistsException e) {
                // another download made it meanwhile
            }
        }
    }

    /** {@code base64.urlsafe_b64encode(sha1(name))}, with padding, as {@code _local_folder._short_hash}. */
    static String shortHash(String name) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }
}
