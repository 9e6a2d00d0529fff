package dev.hubkit.hub.cache;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One snapshot folder of a cached repo.
 *
 * @param commit the commit hash (snapshot folder name)
 * @param refs   the refs (branch or tag names) that point to it
 * @param dir    the snapshot folder
 * @param files  its files, sorted by path
 */
public record CachedRevision(String commit, Set<String> refs, Path dir, List<CachedFile> files) {
}
