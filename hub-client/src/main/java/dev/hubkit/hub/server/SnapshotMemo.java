package dev.hubkit.hub.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reuses a computed snapshot for a short while, so a client fetching hundreds of files does not
 * make the server re-list the repo on every request.
 */
final class SnapshotMemo {

    /** How long a listing is reused. */
    static final long TTL_MILLIS = 2000;

    private record Entry(RepoSnapshot snapshot, long at) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    RepoSnapshot get(String key, Supplier<RepoSnapshot> compute) {
        long now = System.currentTimeMillis();
        Entry e = entries.get(key);
        if (e != null && now - e.at() < TTL_MILLIS) {
            return e.snapshot();
        }
        RepoSnapshot s = compute.get();
        if (s != null) {
            entries.put(key, new Entry(s, now));
        }
        return s;
    }
}
