package dev.hubkit.hub.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The commit history the server can tell: a served snapshot is one commit whose parents it does not know
 * (a {@code --root} folder has no history; a cache keeps commits, not how they follow each other). So the log
 * of a revision is that one commit, with the title, author and date the tree listings give as its
 * {@code lastCommit}. Shaped as huggingface.co's {@code GET /api/{type}s/{repo}/commits/{rev}}, which
 * {@code HfApi.list_repo_commits} and {@code HfFileSystem.info(..., expand_info=True)} read.
 */
final class CommitLog {

    /** The commit title served for every snapshot. */
    static final String TITLE = "hubkit snapshot";
    /** The commit date served for every snapshot (and the repos' {@code lastModified}). */
    static final String DATE = "2026-01-01T00:00:00.000Z";
    /** The author named in the log. */
    static final String AUTHOR = "hubkit";

    private CommitLog() {
    }

    /**
     * The log of {@code snap}'s commit as the hub pages it.
     *
     * @param page      the page asked for ({@code p}, from 0); every page after the first is empty
     * @param formatted whether {@code expand[]=formatted} asked for the HTML-formatted title and message
     */
    static ArrayNode of(RepoSnapshot snap, int page, boolean formatted) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (page > 0) {
            return out;
        }
        ObjectNode c = out.addObject();
        c.put("id", snap.commit());
        c.put("title", TITLE);
        c.put("message", "");
        c.putArray("authors").addObject().put("user", AUTHOR);
        c.put("date", DATE);
        if (formatted) {
            ObjectNode f = c.putObject("formatted");
            f.put("title", TITLE);
            f.put("message", "");
        }
        return out;
    }

    /** The {@code lastCommit} object of a tree or paths-info entry of {@code snap}. */
    static void lastCommit(ObjectNode entry, RepoSnapshot snap) {
        ObjectNode c = entry.putObject("lastCommit");
        c.put("id", snap.commit());
        c.put("title", TITLE);
        c.put("date", DATE);
    }
}
