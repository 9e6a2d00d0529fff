package dev.hubkit.hub.server;

import java.util.List;

/**
 * The revision and the path in the repo that the URL segments after an operation name
 * ({@code tree/{rev}/{path}}, {@code resolve/{rev}/{file}}, {@code revision/{rev}}). Clients send a revision with
 * a {@code /} ({@code refs/pr/1}, a branch {@code feature/x}) URL-encoded as one segment ({@code refs%2Fpr%2F1}:
 * huggingface_hub, the Rust hf-hub), or written out ({@code @huggingface/hub}'s file listing and commits); segments
 * arrive here decoded, so the encoded form is already one segment. A written-out revision is found as the longest
 * run of leading segments that names a ref (branch, tag, {@code refs/pr/N}, {@code refs/convert/...}); only when no
 * run names a ref is the first segment taken as a commit id (full, or a unique abbreviation), so a branch
 * {@code 1234abc/x} wins over a commit that {@code 1234abc} abbreviates.
 *
 * @param revision the revision, {@code HEAD} read as {@code main}
 * @param path     what follows it, {@code ""} when nothing does
 * @param asked    the revision as the client wrote it, for a message when it names nothing: the one segment, or
 *                 the written-out segments that could hold it (all but the file for {@code resolve})
 */
record RevisionPath(String revision, String path, String asked) {

    /** What a repo knows of revision names. */
    interface Revisions {
        /** Whether {@code name} is one of the repo's refs (not a commit id). */
        boolean isRef(String name);

        /** Whether {@code revision} names a snapshot of the repo at all: a ref, a commit or an abbreviation. */
        boolean names(String revision);
    }

    /** For operations that end with the revision ({@code revision}, {@code paths-info}): every segment is in it. */
    static RevisionPath whole(List<String> segs) {
        String rev = segs.isEmpty() ? "main" : String.join("/", segs);
        return new RevisionPath(named(rev), "", rev);
    }

    /**
     * For operations with a path after the revision.
     *
     * @param segs      the decoded segments after the operation
     * @param needsPath whether at least one segment must be left for the path (a file to resolve)
     * @param repo      the repo's refs and commits
     */
    static RevisionPath split(List<String> segs, boolean needsPath, Revisions repo) {
        if (segs.isEmpty()) {
            return new RevisionPath("main", "", "main");
        }
        int last = Math.max(1, needsPath ? segs.size() - 1 : segs.size());
        for (int n = last; n >= 1; n--) {
            String candidate = named(String.join("/", segs.subList(0, n)));
            if (repo.isRef(candidate)) {
                return at(segs, n, candidate);
            }
        }
        String first = named(segs.get(0));
        if (repo.names(first)) {
            return at(segs, 1, first);
        }
        for (int n = 2; n <= last; n++) {
            String candidate = String.join("/", segs.subList(0, n));
            if (repo.names(candidate)) {
                return at(segs, n, candidate);
            }
        }
        // a first segment with a '/' arrived URL-encoded: the client named exactly that revision, not a run of segments
        String asked = first.indexOf('/') >= 0 ? first : String.join("/", segs.subList(0, last));
        return new RevisionPath(first, String.join("/", segs.subList(1, segs.size())), asked);
    }

    /**
     * The message of a 404 for a revision that names nothing, naming it as the client asked for it: huggingface.co's
     * {@code Invalid rev id: <rev>}, and for a written-out revision that no leading run of segments names, the run.
     */
    String notFoundMessage() {
        String msg = "Invalid rev id: " + asked;
        if (asked.indexOf('/') >= 0 && !asked.equals(revision)) {
            msg += " (neither it nor any leading part of it names a branch, tag or commit; write a revision with a"
                    + " '/' URL-encoded, e.g. " + asked.replace("/", "%2F") + ", to name it exactly)";
        }
        return msg;
    }

    private static RevisionPath at(List<String> segs, int n, String revision) {
        return new RevisionPath(revision, String.join("/", segs.subList(n, segs.size())), revision);
    }

    /** {@code HEAD} names the default branch, as clients such as {@code @huggingface/hub} send it. */
    private static String named(String rev) {
        return "HEAD".equals(rev) ? "main" : rev;
    }
}
