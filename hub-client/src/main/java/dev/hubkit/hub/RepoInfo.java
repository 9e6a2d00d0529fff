package dev.hubkit.hub;

import java.util.List;

/**
 * {@code GET /api/{type}s/{repo}[/revision/{rev}]}.
 *
 * @param id        repo id
 * @param sha       commit of the revision asked for
 * @param siblings  file paths ({@code siblings[].rfilename})
 * @param isPrivate whether the repo is private
 * @param gated     {@code false}, {@code auto} or {@code manual}
 */
public record RepoInfo(String id, String sha, List<String> siblings, boolean isPrivate, String gated) {
}
