package dev.hubkit.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ClassicHttpResponse;

/** Maps an error response (status + {@code X-Error-Code}) to a typed exception with a helpful message. */
final class HubErrors {

    private static final java.util.Set<String> KNOWN =
            java.util.Set.of("RepoNotFound", "GatedRepo", "RevisionNotFound", "EntryNotFound");

    private HubErrors() {
    }

    /**
     * Builds the exception for a non-2xx response.
     *
     * @param repo     the repository asked for
     * @param revision the revision, or null
     * @param file     the file, or null
     */
    static HubException of(ClassicHttpResponse resp, RepoRef repo, String revision, String file, boolean hasToken) {
        int code = resp.getCode();
        String errorCode = HubHttp.header(resp, "X-Error-Code");
        String serverMsg = HubHttp.header(resp, "X-Error-Message");
        if (serverMsg == null) {
            serverMsg = bodySnippet(resp);
        }
        String at = revision == null ? repo.toString() : repo + "@" + revision;
        // a known X-Error-Code says it all (the hub's own text repeats it, with the URL); keep the server's words
        // only where they may add something
        String detail = serverMsg == null || serverMsg.isBlank() || (errorCode != null && KNOWN.contains(errorCode)) ? ""
                : " (server said: " + oneLine(serverMsg) + ")";
        if ("RepoNotFound".equals(errorCode) || (errorCode == null && code == 401 && file == null)) {
            return new RepositoryNotFoundException("repository " + repo + " not found"
                    + (hasToken ? "; check the repo id, and that your token can read it"
                                : "; check the repo id, or pass a token if it is private (--token or HF_TOKEN)")
                    + detail);
        }
        if ("GatedRepo".equals(errorCode)) {
            return new GatedRepoException(repo + " is gated: "
                    + (hasToken ? "your token has not been granted access; request access on the repo page"
                                : "pass a token (--token or HF_TOKEN) of an account with access") + detail);
        }
        if ("RevisionNotFound".equals(errorCode)) {
            return new RevisionNotFoundException("revision " + revision + " not found in " + repo
                    + "; check the branch, tag or commit name" + detail);
        }
        if ("EntryNotFound".equals(errorCode) || (code == 404 && file != null && errorCode == null)) {
            return new EntryNotFoundException("file " + file + " not found in " + at
                    + "; check the file name (see the repo's file list)" + detail);
        }
        if (code == 404) {
            return new RepositoryNotFoundException("repository " + repo + " not found (HTTP 404)" + detail);
        }
        if (code == 401 || code == 403) {
            return new UnauthorizedException("access to " + at + (file == null ? "" : " file " + file)
                    + " was refused (HTTP " + code + ")"
                    + (hasToken ? "; the token was rejected: check it" : "; pass a token (--token or HF_TOKEN)") + detail);
        }
        return new HubException("the hub answered HTTP " + code + " for " + at + (file == null ? "" : " file " + file)
                + detail);
    }

    private static String bodySnippet(ClassicHttpResponse resp) {
        try {
            if (resp.getEntity() == null) {
                return null;
            }
            String s;
            try (var in = resp.getEntity().getContent()) {
                s = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
            }
            int i = s.indexOf("\"error\"");
            if (i >= 0) {
                int q1 = s.indexOf('"', s.indexOf(':', i) + 1);
                int q2 = q1 < 0 ? -1 : s.indexOf('"', q1 + 1);
                if (q2 > q1) {
                    return s.substring(q1 + 1, q2);
                }
            }
            return s.length() > 200 ? s.substring(0, 200) : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
