package dev.hubkit.hub.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reuses a computed snapshot, so a client fetching hundreds of files does not make the server
 * re-list the repo on every request. Past {@link #TTL_MILLIS} the old snapshot is still answered
 * while one background thread re-lists the repo (stale while revalidating): no request waits for
 * a re-listing except the very first one.
 */
final class SnapshotMemo {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotMemo.class);
    /** How long a listing is reused before it is refreshed in the background. */
    static final long TTL_MILLIS = 2000;
    private static final ExecutorService REFRESHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hubkit-serve-relist");
        t.setDaemon(true);
        return t;
    });

    private record Entry(RepoSnapshot snapshot, long at) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> refreshing = new ConcurrentHashMap<>();

    RepoSnapshot get(String key, Supplier<RepoSnapshot> compute) {
        Entry e = entries.get(key);
        if (e == null) {
            return computeNow(key, compute);
        }
        if (System.currentTimeMillis() - e.at() >= TTL_MILLIS && refreshing.putIfAbsent(key, Boolean.TRUE) == null) {
            try {
                REFRESHER.execute(() -> {
                    try {
                        computeNow(key, compute);
                    } catch (RuntimeException ex) {
                        entries.remove(key);
                        LOG.warn("re-listing {} failed: {}", key, ex.getMessage());
                    } finally {
                        refreshing.remove(key);
                    }
                });
            } catch (RuntimeException ex) {
                refreshing.remove(key);
                return computeNow(key, compute);
            }
        }
        return e.snapshot();
    }

    /** Computes the snapshot now, replacing whatever was reused, and returns it (null when there is none). */
    RepoSnapshot refresh(String key, Supplier<RepoSnapshot> compute) {
        return computeNow(key, compute);
    }

    private RepoSnapshot computeNow(String key, Supplier<RepoSnapshot> compute) {
        long now = System.currentTimeMillis();
        RepoSnapshot s = compute.get();
        if (s != null) {
            entries.put(key, new Entry(s, now));
        } else {
            entries.remove(key);
        }
        return s;
    }
}
