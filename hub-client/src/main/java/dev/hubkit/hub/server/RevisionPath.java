package dev.hubkit.hub.server;

import java.util.List;
import java.util.function.Predicate;

/**
 * The revision and the path in the repo that the URL segments after an operation name
 * ({@code tree/{rev}/{path}}, {@code resolve/{rev}/{file}}, {@code revision/{rev}}). Clients send a revision with
 * a {@code /} ({@code refs/pr/1}, a branch {@code feature/x}) URL-encoded as one segment ({@code refs%2Fpr%2F1}:
 * huggingface_hub, the Rust hf-hub), or written out ({@code @huggingface/hub}'s file listing and commits); segments
 * arrive here decoded, so the encoded form is already one segment. A written-out revision is found as the shortest
 * run of leading segments that names a revision: git cannot hold both a ref {@code a} and a ref {@code a/b}, so at
 * most one run names a branch.
 *
 * @param revision the revision, {@code HEAD} read as {@code main}
 * @param path     what follows it, {@code ""} when nothing does
 */
record RevisionPath(String revision, String path) {

    /** For operations that end with the revision ({@code revision}, {@code paths-info}): every segment is in it. */
    static RevisionPath whole(List<String> segs) {
        return new RevisionPath(segs.isEmpty() ? "main" : named(String.join("/", segs)), "");
    }

    /**
     * For operations with a path after the revision.
     *
     * @param segs      the decoded segments after the operation
     * @param needsPath whether at least one segment must be left for the path (a file to resolve)
     * @param known     whether a revision names a snapshot of the repo
     */
    static RevisionPath split(List<String> segs, boolean needsPath, Predicate<String> known) {
        if (segs.isEmpty()) {
            return new RevisionPath("main", "");
        }
        int last = needsPath ? segs.size() - 1 : segs.size();
        String first = named(segs.get(0));
        if (last > 1 && !known.test(first)) {
            for (int n = 2; n <= last; n++) {
                String candidate = String.join("/", segs.subList(0, n));
                if (known.test(candidate)) {
                    return new RevisionPath(candidate, String.join("/", segs.subList(n, segs.size())));
                }
            }
        }
        return new RevisionPath(first, String.join("/", segs.subList(1, segs.size())));
    }

    /** {@code HEAD} names the default branch, as clients such as {@code @huggingface/hub} send it. */
    private static String named(String rev) {
        return "HEAD".equals(rev) ? "main" : rev;
    }
}
