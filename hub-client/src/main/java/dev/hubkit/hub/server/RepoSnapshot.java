package dev.hubkit.hub.server;

import java.util.SortedMap;

/**
 * One revision of a served repo.
 *
 * @param commit 40-hex commit id
 * @param files  path to file, sorted
 */
public record RepoSnapshot(String commit, SortedMap<String, ServedFile> files) {
}
