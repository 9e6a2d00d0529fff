package dev.hubkit.hub.index;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import dev.hubkit.hub.cache.CachedFile;
import dev.hubkit.hub.cache.CachedRepo;
import dev.hubkit.hub.cache.CachedRevision;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.cache.SharedBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite index of a hub cache: repos, revisions, files, blobs, sizes, hashes, last access. Real files
 * in snapshots (no symlink, no blob: huggingface_hub's layout where symlinks are not available) are
 * kept as blobs under {@link #copyKey}, so they are listed, counted and pruned too. It is
 * derived state: {@link #refresh()} rebuilds it from a scan of the files (which stay the truth),
 * keeping only what a scan cannot see (verified hashes, access times); a missing or corrupt
 * database file is recreated. The file lives under {@code .locks/} because huggingface_hub's cache
 * scanner skips that folder.
 */
public final class CacheIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheIndex.class);
    private static final int SCHEMA = 2;

    private final HubCache cache;
    private final Path dbFile;
    private Connection db;

    private CacheIndex(HubCache cache, Path dbFile, Connection db) {
        this.cache = cache;
        this.dbFile = dbFile;
        this.db = db;
    }

    /** Default index location for a cache folder. */
    public static Path defaultDbFile(Path cacheRoot) {
        return cacheRoot.resolve(".locks").resolve("hubkit-index.sqlite");
    }

    /**
     * Opens (creating or recreating when corrupt) the index of {@code cache} and refreshes it. A cache folder
     * that does not exist gets an empty index in memory instead: listing, verifying or pruning a mistyped
     * {@code --cache-dir} must not create it.
     */
    public static CacheIndex open(HubCache cache) {
        Path dbFile = defaultDbFile(cache.root());
        if (!Files.isDirectory(cache.root())) {
            try {
                CacheIndex idx = new CacheIndex(cache, dbFile, connectChecked(null));
                idx.refresh();
                return idx;
            } catch (SQLException e) {
                throw new HubCacheException("cannot open an in-memory cache index: " + e.getMessage(), e);
            }
        }
        return open(cache, dbFile);
    }

    /** Opens the index at {@code dbFile}. */
    public static CacheIndex open(HubCache cache, Path dbFile) {
        try {
            Files.createDirectories(dbFile.getParent());
        } catch (IOException e) {
            throw new HubCacheException("cannot create " + dbFile.getParent() + ": " + e.getMessage(), e);
        }
        Connection c;
        try {
            c = connectChecked(dbFile);
        } catch (SQLException e) {
            LOG.warn("cache index {} is unreadable ({}); rebuilding it from the cache", dbFile, e.getMessage());
            try {
                Files.deleteIfExists(dbFile);
                Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-wal"));
                Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-shm"));
                c = connectChecked(dbFile);
            } catch (IOException | SQLException e2) {
                throw new HubCacheException("cannot recreate cache index " + dbFile + ": " + e2.getMessage()
                        + "; delete it by hand", e2);
            }
        }
        CacheIndex idx = new CacheIndex(cache, dbFile, c);
        idx.refresh();
        return idx;
    }

    /** A checked connection to {@code dbFile}, or to a fresh in-memory database when it is null. */
    private static Connection connectChecked(Path dbFile) throws SQLException {
        Connection c = DriverManager.getConnection(dbFile == null ? "jdbc:sqlite::memory:"
                : "jdbc:sqlite:" + dbFile.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                if (!rs.next() || !"ok".equals(rs.getString(1))) {
                    throw new SQLException("integrity check failed");
                }
            }
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version != SCHEMA) {
                st.execute("DROP TABLE IF EXISTS repos");
                st.execute("DROP TABLE IF EXISTS revisions");
                st.execute("DROP TABLE IF EXISTS files");
                st.execute("DROP TABLE IF EXISTS blobs");
                st.execute("DROP TABLE IF EXISTS shared_payloads");
            }
            st.execute("CREATE TABLE IF NOT EXISTS repos(type TEXT NOT NULL, repo_id TEXT NOT NULL, folder TEXT NOT NULL,"
                    + " PRIMARY KEY(type, repo_id))");
            st.execute("CREATE TABLE IF NOT EXISTS revisions(type TEXT NOT NULL, repo_id TEXT NOT NULL,"
                    + " commit_hash TEXT NOT NULL, refs TEXT NOT NULL, PRIMARY KEY(type, repo_id, commit_hash))");
            st.execute("CREATE TABLE IF NOT EXISTS files(type TEXT NOT NULL, repo_id TEXT NOT NULL,"
                    + " commit_hash TEXT NOT NULL, path TEXT NOT NULL, blob TEXT, size INTEGER NOT NULL,"
                    + " PRIMARY KEY(type, repo_id, commit_hash, path))");
            st.execute("CREATE INDEX IF NOT EXISTS files_by_blob ON files(type, repo_id, blob)");
            st.execute("CREATE TABLE IF NOT EXISTS blobs(type TEXT NOT NULL, repo_id TEXT NOT NULL, etag TEXT NOT NULL,"
                    + " size INTEGER NOT NULL, sha256 TEXT, last_access INTEGER NOT NULL, shared TEXT,"
                    + " PRIMARY KEY(type, repo_id, etag))");
            // huggingface_hub 2.0's cache-wide store of Xet files: each payload once, whichever repos link to it
            // (blobs.shared names the payload a repo blob links to)
            st.execute("CREATE TABLE IF NOT EXISTS shared_payloads(path TEXT NOT NULL PRIMARY KEY,"
                    + " size INTEGER NOT NULL)");
            st.execute("PRAGMA user_version=" + SCHEMA);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The database file. */
    public Path dbFile() {
        return dbFile;
    }

    /** Rebuilds every table from a scan of the cache, keeping stored hashes and later access times. */
    public synchronized void refresh() {
        List<CachedRepo> repos = cache.scan();
        try {
            Map<String, long[]> access = new HashMap<>();
            Map<String, String> hashes = new HashMap<>();
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT type, repo_id, etag, size, sha256, last_access FROM blobs")) {
                while (rs.next()) {
                    String k = rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3);
                    access.put(k, new long[]{rs.getLong(6), rs.getLong(4)});
                    if (rs.getString(5) != null) {
                        hashes.put(k, rs.getString(5));
                    }
                }
            }
            db.setAutoCommit(false);
            try (Statement st = db.createStatement()) {
                st.execute("DELETE FROM repos");
                st.execute("DELETE FROM revisions");
                st.execute("DELETE FROM files");
                st.execute("DELETE FROM blobs");
                st.execute("DELETE FROM shared_payloads");
            }
            SharedBlobStore store = cache.sharedBlobs();
            boolean storeMarked = store.exists();
            try (PreparedStatement pr = db.prepareStatement("INSERT INTO repos VALUES(?,?,?)");
                 PreparedStatement pv = db.prepareStatement("INSERT INTO revisions VALUES(?,?,?,?)");
                 PreparedStatement pf = db.prepareStatement("INSERT INTO files VALUES(?,?,?,?,?,?)");
                 PreparedStatement pb = db.prepareStatement("INSERT INTO blobs VALUES(?,?,?,?,?,?,?)");
                 PreparedStatement ps = db.prepareStatement("INSERT INTO shared_payloads VALUES(?,?)")) {
                for (CachedRepo r : repos) {
                    String type = r.repo().type().plural();
                    String id = r.repo().id();
                    pr.setString(1, type);
                    pr.setString(2, id);
                    pr.setString(3, r.dir().getFileName().toString());
                    pr.addBatch();
                    for (CachedRevision rev : r.revisions()) {
                        pv.setString(1, type);
                        pv.setString(2, id);
                        pv.setString(3, rev.commit());
                        pv.setString(4, String.join(",", new TreeSet<>(rev.refs())));
                        pv.addBatch();
                        for (CachedFile f : rev.files()) {
                            pf.setString(1, type);
                            pf.setString(2, id);
                            pf.setString(3, rev.commit());
                            pf.setString(4, f.path());
                            pf.setString(5, f.blobEtag());
                            pf.setLong(6, f.size());
                            pf.addBatch();
                        }
                    }
                    for (CachedRevision rev : r.revisions()) {
                        for (CachedFile f : rev.files()) {
                            if (f.isCopy()) {
                                // a real file in a snapshot takes space as a blob does: listed, counted, pruned as one
                                pb.setString(1, type);
                                pb.setString(2, id);
                                pb.setString(3, copyKey(rev.commit(), f.path()));
                                pb.setLong(4, f.size());
                                pb.setString(5, null);
                                pb.setLong(6, accessTime(f.file()));
                                pb.setString(7, null);
                                pb.addBatch();
                            }
                        }
                    }
                    for (Map.Entry<String, Long> b : r.blobs().entrySet()) {
                        String k = type + "|" + id + "|" + b.getKey();
                        Path blobFile = r.dir().resolve("blobs").resolve(b.getKey());
                        long fileAccess = accessTime(blobFile);
                        // as scan_cache_dir: a link into the store counts as the store's payload only when the
                        // store is marked (an unmarked one is not huggingface_hub's, its links count per repo)
                        Optional<Path> payload = storeMarked ? payloadOf(store, blobFile) : Optional.empty();
                        long[] old = access.get(k);
                        long last = old != null && old[1] == b.getValue() ? Math.max(old[0], fileAccess) : fileAccess;
                        pb.setString(1, type);
                        pb.setString(2, id);
                        pb.setString(3, b.getKey());
                        pb.setLong(4, b.getValue());
                        pb.setString(5, old != null && old[1] == b.getValue() ? hashes.get(k) : null);
                        pb.setLong(6, last);
                        pb.setString(7, payload.map(pl -> cache.root().toAbsolutePath().normalize()
                                .relativize(pl).toString()).orElse(null));
                        pb.addBatch();
                    }
                }
                for (Path pl : store.payloads()) {
                    ps.setString(1, cache.root().toAbsolutePath().normalize().relativize(pl).toString());
                    ps.setLong(2, fileSize(pl));
                    ps.addBatch();
                }
                pr.executeBatch();
                pv.executeBatch();
                pf.executeBatch();
                pb.executeBatch();
                ps.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new HubCacheException("cannot update cache index " + dbFile + ": " + e.getMessage()
                    + "; delete it, it is rebuilt from the cache", e);
        } finally {
            autoCommit();
        }
    }

    /**
     * The key under which a real file in a snapshot is kept in the blobs table:
     * {@code snapshots/{commit}/{path}}, which no etag can be (an etag has no {@code /}).
     */
    static String copyKey(String commit, String path) {
        return "snapshots/" + commit + "/" + path;
    }

    /** Whether a key of the blobs table names a real file in a snapshot ({@link #copyKey}). */
    static boolean isCopyKey(String key) {
        return key.startsWith("snapshots/");
    }

    /**
     * The shared-store payload a blob links to; empty when it cannot be read (the maintenance commands report it),
     * so that it is counted as the repo's own, never as a payload someone else frees.
     */
    private static Optional<Path> payloadOf(SharedBlobStore store, Path blob) {
        try {
            return store.payloadOf(blob);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static long accessTime(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Math.max(a.lastAccessTime().toMillis(), a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return 0;
        }
    }

    /** Records that a blob was used now. */
    public synchronized void touch(RepoRef repo, String etag) {
        update("UPDATE blobs SET last_access=? WHERE type=? AND repo_id=? AND etag=?",
                System.currentTimeMillis(), repo.type().plural(), repo.id(), etag);
    }

    /** Stores a verified sha256 for a blob. */
    synchronized void recordHash(RepoRef repo, String etag, String sha256) {
        update("UPDATE blobs SET sha256=? WHERE type=? AND repo_id=? AND etag=?", sha256, repo.type().plural(),
                repo.id(), etag);
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new HubCacheException("cannot update cache index " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * SQL condition on {@code blobs b}: a snapshot of its repo uses it (a real snapshot file, or a blob a snapshot
     * links to). huggingface_hub's {@code scan_cache_dir} sizes, counts and dates a repo by those blobs only.
     */
    private static final String LINKED = "(substr(b.etag,1,10)='snapshots/' OR EXISTS (SELECT 1 FROM files f"
            + " WHERE f.type=b.type AND f.repo_id=b.repo_id AND f.blob=b.etag))";

    /**
     * Every repo with its size, blob count, revisions and last access, largest first: as huggingface_hub's
     * {@code scan_cache_dir} gives them, from the blobs its snapshots use (a blob no snapshot links to is left out,
     * though {@link #totalSize()} and prune still see it).
     */
    public synchronized List<RepoSummary> list() {
        List<RepoSummary> out = new ArrayList<>();
        String sql = "SELECT r.type, r.repo_id, COALESCE(SUM(b.size),0), COUNT(b.etag), COALESCE(MAX(b.last_access),0),"
                + " r.folder FROM repos r LEFT JOIN blobs b ON b.type=r.type AND b.repo_id=r.repo_id AND " + LINKED
                + " GROUP BY r.type, r.repo_id ORDER BY 3 DESC, r.repo_id";
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                RepoRef repo = RepoRef.cached(RepoType.parse(rs.getString(1)), rs.getString(2));
                int files = rs.getInt(4);
                // no blob to date it: the repo folder's own access time, as huggingface_hub's scan_cache_dir takes
                Instant lastAccess = files == 0 ? folderAccess(rs.getString(6)) : Instant.ofEpochMilli(rs.getLong(5));
                out.add(new RepoSummary(repo, rs.getLong(3), files, revisions(repo), lastAccess));
            }
        } catch (SQLException e) {
            throw new HubCacheException("cannot read cache index " + dbFile + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Instant folderAccess(String folder) {
        try {
            return Files.readAttributes(cache.root().resolve(folder), BasicFileAttributes.class).lastAccessTime()
                    .toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (IOException e) {
            return Instant.EPOCH; // deleted since the index was refreshed
        }
    }

    private List<String> revisions(RepoRef repo) throws SQLException {
        List<String> revs = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT commit_hash, refs FROM revisions WHERE type=? AND repo_id=? ORDER BY commit_hash")) {
            ps.setString(1, repo.type().plural());
            ps.setString(2, repo.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String refs = rs.getString(2);
                    revs.add(rs.getString(1) + (refs.isEmpty() ? "" : " (" + refs + ")"));
                }
            }
        }
        return revs;
    }

    /** Blobs in least-recently-used order: {@code [repo, etag, size]}. */
    synchronized List<Object[]> blobsByAccess() {
        List<Object[]> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT type, repo_id, etag, size FROM blobs ORDER BY last_access ASC, size DESC")) {
            while (rs.next()) {
                out.add(new Object[]{RepoRef.cached(RepoType.parse(rs.getString(1)), rs.getString(2)), rs.getString(3),
                        rs.getLong(4)});
            }
        } catch (SQLException e) {
            throw new HubCacheException("cannot read cache index " + dbFile + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Bytes the cache takes on disk (what {@code cache prune} brings under its limit): every blob and real snapshot
     * file of the repos, a payload of huggingface_hub 2.0's shared Xet store once however many repos link to it
     * (payloads no repo links to any more included).
     */
    public synchronized long totalSize() {
        return sizeOf(Set.of(), false);
    }

    /**
     * The total {@code hf cache ls} prints, huggingface_hub's {@code scan_cache_dir().size_on_disk}: the blobs that
     * snapshots of the repos use, but not those of {@code leftOut} (the repos {@code cache ls} skips as inconsistent,
     * as {@code scan_cache_dir} does), and the shared store whole, each payload once.
     */
    public synchronized long listedSize(Set<RepoRef> leftOut) {
        return sizeOf(leftOut, true);
    }

    private long sizeOf(Set<RepoRef> leftOut, boolean linkedOnly) {
        long total = 0;
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT b.type, b.repo_id, COALESCE(SUM(b.size),0) FROM blobs b"
                    + " WHERE b.shared IS NULL" + (linkedOnly ? " AND " + LINKED : "") + " GROUP BY b.type, b.repo_id")) {
                while (rs.next()) {
                    RepoRef repo = RepoRef.cached(RepoType.parse(rs.getString(1)), rs.getString(2));
                    total += leftOut.contains(repo) ? 0 : rs.getLong(3);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(size),0) FROM shared_payloads")) {
                total += rs.next() ? rs.getLong(1) : 0;
            }
            return total;
        } catch (SQLException e) {
            throw new HubCacheException("cannot read cache index " + dbFile + ": " + e.getMessage(), e);
        }
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // deleted since the store was listed
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // nothing to undo
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // connection is broken; the next call reports it
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.debug("closing index: {}", e.getMessage());
        }
    }
}
