package dev.hubkit.hub.index;

import java.util.List;

/**
 * Result of {@code hubkit cache prune}.
 *
 * @param deleted     blobs deleted, as {@code repo: etag}
 * @param freedBytes  bytes freed
 * @param sizeAfter   cache size afterwards
 */
public record PruneReport(List<String> deleted, long freedBytes, long sizeAfter) {
}
