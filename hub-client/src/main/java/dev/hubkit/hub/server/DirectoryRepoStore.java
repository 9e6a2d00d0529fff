package dev.hubkit.hub.server;

import dev.hubkit.hub.HubException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Serves {@code ROOT/{org}/{name}/} folders as model repos, {@code ROOT/datasets/{org}/{name}/}
 * as dataset repos and {@code ROOT/spaces/{org}/{name}/} as space repos. Every repo id has two parts:
 * a bare id ({@code gpt2}) names no repo here, since its folder would be an org folder holding other
 * repos (private ones included). Each repo has one revision, {@code main}, whose commit id is the sha1 of the
 * sorted (path, oid) list, so the same content always gives the same commit. Files of at least
 * {@code lfsThreshold} bytes are served as large files (sha256 etag, redirect). A listing is
 * reused for {@link SnapshotMemo#TTL_MILLIS} ms, and so is the fact that a repo folder exists; hashes
 * are reused while size and mtime are unchanged.
 */
public final class DirectoryRepoStore implements RepoStore {

    private final Path root;
    private final long lfsThreshold;
    private final ContentIds ids = new ContentIds();
    private final SnapshotMemo memo = new SnapshotMemo();
    private final Map<RepoRef, Long> seenAt = new ConcurrentHashMap<>();

    public DirectoryRepoStore(Path root, long lfsThreshold) {
        if (!Files.isDirectory(root)) {
            throw new HubException("serve root " + root + " is not a folder: create it and put repos under {org}/{name}/");
        }
        this.root = root.toAbsolutePath().normalize();
        this.lfsThreshold = lfsThreshold;
    }

    private Path dir(RepoRef repo) {
        Path base = switch (repo.type()) {
            case MODEL -> root;
            case DATASET -> root.resolve("datasets");
            case SPACE -> root.resolve("spaces");
            case KERNEL -> root.resolve("kernels");
        };
        return base.resolve(repo.id());
    }

    @Override
    public boolean exists(RepoRef repo) {
        if (!repo.id().contains("/")) {
            // ROOT/{org} holds repos; serving it as one would hand out every repo inside it
            return false;
        }
        if (repo.type() == RepoType.MODEL
                && (repo.id().equals("datasets") || repo.id().startsWith("datasets/") || repo.id().startsWith("spaces/"))) {
            return false;
        }
        // a folder seen within the listing's lifetime is not looked up again: a snapshot of many files
        // asks for every file, and the listing itself is reused that long anyway
        Long seen = seenAt.get(repo);
        long now = System.currentTimeMillis();
        if (seen != null && now - seen < SnapshotMemo.TTL_MILLIS) {
            return true;
        }
        boolean exists = Files.isDirectory(dir(repo));
        if (exists) {
            seenAt.put(repo, now);
        } else {
            seenAt.remove(repo);
        }
        return exists;
    }

    @Override
    public Optional<RepoSnapshot> snapshot(RepoRef repo, String revision) {
        if (!exists(repo)) {
            return Optional.empty();
        }
        return atRevision(memo.get(repo.toString(), () -> compute(repo)), revision);
    }

    @Override
    public Optional<RepoSnapshot> relist(RepoRef repo, String revision) {
        seenAt.remove(repo);
        if (!exists(repo)) {
            return Optional.empty();
        }
        return atRevision(memo.refresh(repo.toString(), () -> compute(repo)), revision);
    }

    private static Optional<RepoSnapshot> atRevision(RepoSnapshot snap, String revision) {
        boolean named = "main".equals(revision) || snap.commit().equals(revision)
                || CommitPrefix.unique(revision, List.of(snap.commit())).isPresent();
        return named ? Optional.of(snap) : Optional.empty();
    }

    /** A folder's one ref is {@code main}. */
    @Override
    public boolean isRef(RepoRef repo, String name) {
        return "main".equals(name) && exists(repo);
    }

    /** One branch, {@code main}, at the commit its snapshot reports. */
    @Override
    public SortedMap<String, String> refs(RepoRef repo) {
        SortedMap<String, String> refs = new TreeMap<>();
        snapshot(repo, "main").ifPresent(s -> refs.put("main", s.commit()));
        return refs;
    }

    private RepoSnapshot compute(RepoRef repo) {
        Path d = dir(repo);
        SortedMap<String, ServedFile> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = d.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith(".git/") || rel.equals(".git") || rel.startsWith(".cache/")) {
                    continue;
                }
                files.put(rel, describe(rel, p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read repo folder " + d, e);
        }
        StringBuilder sb = new StringBuilder();
        files.values().forEach(f -> sb.append(f.path()).append('\0').append(f.oid()).append('\n'));
        return new RepoSnapshot(Hashing.sha1Hex(sb.toString()), files);
    }

    private ServedFile describe(String rel, Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        long modified = ServedFile.modifiedOf(a);
        ContentIds.Ids id = ids.of(p, a.size(), modified, a.size() >= lfsThreshold);
        return new ServedFile(rel, p, a.size(), id.oid(), id.sha256(), modified);
    }

    @Override
    public List<RepoRef> repos() {
        List<RepoRef> out = new ArrayList<>();
        collect(root, RepoType.MODEL, out);
        collect(root.resolve("datasets"), RepoType.DATASET, out);
        return out;
    }

    private static void collect(Path base, RepoType type, List<RepoRef> out) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> orgs = Files.list(base)) {
            for (Path org : (Iterable<Path>) orgs.sorted()::iterator) {
                String o = org.getFileName().toString();
                if (!Files.isDirectory(org) || (type == RepoType.MODEL && (o.equals("datasets") || o.equals("spaces")))) {
                    continue;
                }
                try (Stream<Path> names = Files.list(org)) {
                    for (Path n : (Iterable<Path>) names.sorted()::iterator) {
                        if (Files.isDirectory(n)) {
                            try {
                                out.add(new RepoRef(type, o + "/" + n.getFileName()));
                            } catch (HubException ignored) {
                                // not a valid repo name: not served
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
    }
}
