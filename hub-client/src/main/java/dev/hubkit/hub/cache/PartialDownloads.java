package dev.hubkit.hub.cache;

import dev.hubkit.hub.RepoRef;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The partial downloads in a cache's {@code blobs/} folders: what huggingface_hub's {@code scan_cache_dir} reports
 * as {@code incomplete_files} ({@code <repo folder>/blobs/*.incomplete}: {@code {etag}.incomplete}, the
 * per-process {@code {etag}.{8 hex}.incomplete} of huggingface_hub 2.0, hubkit's {@code {etag}.chunks.incomplete})
 * plus hubkit's chunk progress records ({@code {etag}.chunks.progress}), which belong to a partial file.
 */
public final class PartialDownloads {

    private static final String INCOMPLETE = ".incomplete";

    private PartialDownloads() {
    }

    /**
     * One partial file.
     *
     * @param repo the repo its folder names, or null for a folder that names none (it cannot be locked)
     * @param file the file
     * @param etag the blob it is a download of: its name up to the first dot
     * @param size its size in bytes
     */
    public record Partial(RepoRef repo, Path file, String etag, long size) {

        /** Whether huggingface_hub counts it as an incomplete download ({@code *.incomplete}). */
        public boolean isIncomplete() {
            return file.getFileName().toString().endsWith(INCOMPLETE);
        }
    }

    /** Every partial file under {@code root}, sorted by path; files that vanish while listed are left out. */
    public static List<Partial> scan(Path root) {
        List<Partial> out = new ArrayList<>();
        try (DirectoryStream<Path> repos = Files.newDirectoryStream(root)) {
            for (Path repoDir : repos) {
                Path blobs = repoDir.resolve("blobs");
                if (!Files.isDirectory(blobs, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                RepoRef repo = RepoRef.fromCacheFolderName(repoDir.getFileName().toString());
                collect(blobs, repo, out);
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new dev.hubkit.hub.HubCacheException("cannot list cache folder " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Partial::file));
        return out;
    }

    private static void collect(Path blobs, RepoRef repo, List<Partial> out) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                if (!HubCache.isPartial(name) || dot <= 0 || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    out.add(new Partial(repo, f, name.substring(0, dot), Files.size(f)));
                } catch (NoSuchFileException gone) {
                    // finished (renamed into place) or removed while listed
                }
            }
        }
    }
}
