package dev.hubkit.hub.index;

import java.nio.file.Path;
import java.util.List;

/**
 * Result of {@code hubkit cache prune}.
 *
 * @param deleted     blobs deleted, as {@code repo: etag}, and shared-store payloads no repo linked to, as
 *                    {@code shared blob <path>}
 * @param partials    partial downloads deleted: files left by stopped downloads (no download holds their lock)
 * @param freedBytes  bytes freed, partial downloads included
 * @param sizeAfter   cache size afterwards
 */
public record PruneReport(List<String> deleted, List<Path> partials, long freedBytes, long sizeAfter) {
}
