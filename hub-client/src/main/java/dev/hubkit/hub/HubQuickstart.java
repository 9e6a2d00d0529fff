package dev.hubkit.hub;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hub step of {@code hubkit quickstart}: serves a local repo folder on an ephemeral loopback
 * port with {@link HubServer}, downloads it with {@link HubClient} into a fresh cache, and reports
 * what arrived.
 */
public final class HubQuickstart {

    private HubQuickstart() {
    }

    /**
     * What the round trip produced.
     *
     * @param endpoint the server's URL (no longer listening when returned)
     * @param repoId   repo id it was served under
     * @param commit   commit id the server computed from the content
     * @param snapshot snapshot folder in the cache
     * @param files    downloaded files with sizes, sorted by path
     */
    public record Result(URI endpoint, String repoId, String commit, Path snapshot, List<FileEntry> files) {
    }

    /**
     * One downloaded file.
     *
     * @param path path in the repo
     * @param size byte size
     */
    public record FileEntry(String path, long size) {
    }

    /**
     * Serves {@code repoFolder} as {@code repoId} and downloads it into {@code cacheDir}.
     *
     * @param repoFolder folder whose files form the repo
     * @param repoId     id to serve it under, e.g. {@code hubkit/tiny-model}
     * @param workDir    scratch folder (the served root and the cache go under it)
     */
    public static Result run(Path repoFolder, String repoId, Path workDir) {
        if (!Files.isDirectory(repoFolder)) {
            throw new HubException("quickstart repo folder " + repoFolder + " does not exist");
        }
        RepoRef repo = RepoRef.model(repoId);
        try {
            Path root = workDir.resolve("served");
            Path target = root.resolve(repoId);
            copyTree(repoFolder, target);
            Path cacheDir = workDir.resolve("cache");
            try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 10L << 20)));
                 HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), cacheDir))) {
                Path snap = client.downloadSnapshot(repo, HubClient.MAIN, SnapshotOptions.defaults().withWorkers(4));
                List<FileEntry> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(snap)) {
                    for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                        if (Files.isRegularFile(p)) {
                            files.add(new FileEntry(snap.relativize(p).toString().replace('\\', '/'), Files.size(p)));
                        }
                    }
                }
                return new Result(server.endpoint(), repoId, snap.getFileName().toString(), snap, List.copyOf(files));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("quickstart hub round trip failed: " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
