package dev.hubkit.hub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.hubkit.hub.HubException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses hub URLs and answers them from a {@link RepoStore}. */
final class RequestRouter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPS = Set.of("revision", "tree", "paths-info", "resolve", "raw", "refs", "commits",
            "auth-check");
    /** Tries at answering from a fresh listing before giving up on a file that keeps changing. */
    private static final int LISTING_TRIES = 3;
    private static final Pattern PULL_REQUEST = Pattern.compile("refs/pr/(\\d+)");

    private final RepoStore store;
    private final RepoAccess access;
    private final UrlSigner signer;
    private final StallWatch stallWatch;

    /** @throws UnknownRepoKeyException when a private or gated key names no served repo */
    RequestRouter(ServerOptions options, byte[] secret, StallWatch stallWatch) {
        this.stallWatch = stallWatch;
        this.store = options.store();
        this.access = new RepoAccess(options);
        this.access.requireServed(store);
        this.signer = new UrlSigner(secret);
    }

    /** Which file answer a request wants. */
    private enum Mode {
        /** {@code resolve}: the bytes, or a redirect to them for a large file. */
        RESOLVE,
        /** {@code raw}: the bytes, or the git-lfs pointer of a large file; never a redirect. */
        RAW,
        /** a signed large-file URL: the bytes. */
        BLOB
    }

    void handle(HttpExchange ex) {
        try (ex) {
            try {
                stallWatch.watch(ex);
                route(ex);
            } catch (HubException | IllegalArgumentException e) {
                error(ex, 400, null, e.getMessage(), null);
            } catch (IOException e) {
                LOG.debug("client went away: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("request {} failed", ex.getRequestURI(), e);
                error(ex, 500, null, "internal error: " + e.getMessage(), null);
            }
        } catch (RuntimeException e) {
            LOG.debug("response failed: {}", e.getMessage());
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        List<String> segs = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (!s.isEmpty()) {
                segs.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            // a mirror: nothing is created, changed or deleted through it
            ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
            error(ex, 405, null, method + " is not supported: this hub server is read-only", null);
            return;
        }
        if (segs.isEmpty()) {
            text(ex, 200, "hubkit hub server\n");
            return;
        }
        if (segs.get(0).equals("api") && segs.size() >= 3) {
            RepoType type = typeOf(segs.get(1));
            if (type == null) {
                error(ex, 404, null, "unknown API path " + raw, null);
                return;
            }
            api(ex, method, type, segs, 2);
            return;
        }
        if (segs.get(0).equals("_lfs") && segs.size() >= 5) {
            lfs(ex, segs);
            return;
        }
        int start = 0;
        RepoType type = RepoType.MODEL;
        if ((segs.get(0).equals("datasets") || segs.get(0).equals("spaces")) && segs.size() > 3) {
            type = typeOf(segs.get(0));
            start = 1;
        }
        int idLen = idLength(type, segs, start);
        int op = start + idLen;
        if (op + 2 < segs.size() && (segs.get(op).equals("resolve") || segs.get(op).equals("raw"))) {
            RepoRef repo = repo(type, segs, start, idLen);
            if (!authorized(ex, repo, true)) {
                return; // before the revision is split: that lists the repo, which this client may not see
            }
            RevisionPath at = RevisionPath.split(segs.subList(op + 1, segs.size()), true, revisions(repo));
            resolve(ex, method, repo, at, segs.get(op).equals("raw") ? Mode.RAW : Mode.RESOLVE);
            return;
        }
        error(ex, 404, null, "no such endpoint: " + raw, null);
    }

    private static RepoType typeOf(String plural) {
        return switch (plural) {
            case "models" -> RepoType.MODEL;
            case "datasets" -> RepoType.DATASET;
            case "spaces" -> RepoType.SPACE;
            default -> null;
        };
    }

    /**
     * 1 for a bare id ({@code gpt2}) followed by an operation, else 2 ({@code org/name}). {@code refs} ends its
     * path, so {@code org/refs/resolve/...} stays a file of the repo {@code org/refs}. A repo named like an
     * operation ({@code org/tree}) is found when it exists and the bare id {@code org} does not.
     */
    private int idLength(RepoType type, List<String> segs, int start) {
        if (segs.size() <= start + 1) {
            return 1;
        }
        String next = segs.get(start + 1);
        boolean bareIdOp = next.equals("refs") ? segs.size() == start + 2 : OPS.contains(next);
        if (bareIdOp && servedAs(type, segs.get(start) + "/" + next) && !servedAs(type, segs.get(start))) {
            return 2;
        }
        return bareIdOp ? 1 : 2;
    }

    private boolean servedAs(RepoType type, String id) {
        try {
            return store.exists(new RepoRef(type, id));
        } catch (HubException e) {
            return false;
        }
    }

    /**
     * Whether a revision names a snapshot of the repo: splits a written-out revision from the path after it. It lists
     * the repo, so it is asked only once the client is {@link #authorized} to see the repo.
     */
    private RevisionPath.Revisions revisions(RepoRef repo) {
        return new RevisionPath.Revisions() {
            @Override
            public boolean isRef(String name) {
                return store.isRef(repo, name);
            }

            @Override
            public boolean names(String revision) {
                return store.snapshot(repo, revision).isPresent();
            }
        };
    }

    private static RepoRef repo(RepoType type, List<String> segs, int start, int idLen) {
        if (segs.size() < start + idLen) {
            throw new IllegalArgumentException("missing repo id");
        }
        return new RepoRef(type, String.join("/", segs.subList(start, start + idLen)));
    }

    private void api(HttpExchange ex, String method, RepoType type, List<String> segs, int start) throws IOException {
        int idLen = idLength(type, segs, start);
        RepoRef repo = repo(type, segs, start, idLen);
        int op = start + idLen;
        String kind = op < segs.size() ? segs.get(op) : "info";
        List<String> after = op + 1 < segs.size() ? segs.subList(op + 1, segs.size()) : List.of();
        if (kind.equals("refs")) {
            refs(ex, method, repo, op + 1 < segs.size());
            return;
        }
        if (kind.equals("auth-check")) {
            String rest = op + 1 < segs.size() ? String.join("/", segs.subList(op + 1, segs.size())) : "";
            authCheck(ex, method, repo, rest);
            return;
        }
        // tree and commits take a path after the revision; revision and paths-info end with it
        boolean withPath = kind.equals("tree") || kind.equals("commits");
        if (withPath && !authorized(ex, repo, false)) {
            return; // before the revision is split: that lists the repo, which this client may not see
        }
        RevisionPath at = withPath ? RevisionPath.split(after, false, revisions(repo)) : RevisionPath.whole(after);
        String sub = at.path();
        Optional<RepoSnapshot> snap = authorizedSnapshot(ex, repo, at, false);
        if (snap.isEmpty()) {
            return;
        }
        switch (kind) {
            case "info", "revision" -> json(ex, 200, info(repo, snap.get(), query(ex).containsKey("blobs")));
            case "tree" -> tree(ex, repo, snap.get(), sub, query(ex));
            case "paths-info" -> {
                if (!method.equals("POST")) {
                    error(ex, 405, null, "paths-info needs POST", null);
                    return;
                }
                pathsInfo(ex, snap.get());
            }
            case "commits" -> commits(ex, method, snap.get(), sub);
            default -> error(ex, 404, null, "unknown API path " + ex.getRequestURI().getRawPath(), null);
        }
    }

    /**
     * {@code GET /api/{type}s/{repo}/commits/{rev}[/{path}]}, as {@code HfApi.list_repo_commits} reads it: the one
     * commit the server knows of the revision ({@link CommitLog}); a path must name a file or folder of it.
     */
    private void commits(HttpExchange ex, String method, RepoSnapshot snap, String path) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            error(ex, 405, null, "commits needs GET", null);
            return;
        }
        if (!path.isEmpty() && !snap.files().containsKey(path) && !directories(snap).contains(path)) {
            error(ex, 404, "EntryNotFound", "Entry not found: " + path, snap.commit());
            return;
        }
        Map<String, String> q = query(ex);
        int page;
        try {
            page = Integer.parseInt(q.getOrDefault("p", "0"));
        } catch (NumberFormatException e) {
            error(ex, 400, null, "page p must be a number, got " + q.get("p"), null);
            return;
        }
        json(ex, 200, CommitLog.of(snap, Math.max(page, 0), "formatted".equals(q.get("expand[]"))
                || "formatted".equals(q.get("expand"))));
    }

    /**
     * Checks existence, tokens and revision; writes the error and returns empty when not allowed.
     *
     * @param download whether the request reads file bytes (a gated repo's token is needed) rather than metadata
     */
    private Optional<RepoSnapshot> authorizedSnapshot(HttpExchange ex, RepoRef repo, RevisionPath at,
                                                      boolean download) {
        if (!authorized(ex, repo, download)) {
            return Optional.empty();
        }
        Optional<RepoSnapshot> snap = store.snapshot(repo, at.revision());
        if (snap.isEmpty()) {
            error(ex, 404, "RevisionNotFound", at.notFoundMessage(), null);
        }
        return snap;
    }

    /**
     * Checks existence and tokens; writes the error and returns false when not allowed. A missing repo and a
     * private one without its token get the same answer, so that the answer does not tell a private repo
     * exists: 401 without a token, 404 with one, as huggingface.co answers.
     */
    private boolean authorized(HttpExchange ex, RepoRef repo, boolean download) {
        String given = bearer(ex);
        if (!store.exists(repo) || !access.mayList(repo, given)) {
            error(ex, given == null ? 401 : 404, "RepoNotFound", "Repository Not Found for url: " + ex.getRequestURI()
                    + ". Please make sure you specified the correct `repo_id` and `repo_type`."
                    + " If you are trying to access a private or gated repo, make sure you are authenticated.", null);
            return false;
        }
        if (download && !access.mayDownload(repo, given)) {
            error(ex, given == null ? 401 : 403, "GatedRepo", "Access to " + RepoAccess.kindOf(repo) + " " + repo.id()
                    + " is restricted. You must have access to it and be authenticated to access it. Please log in.", null);
            return false;
        }
        return true;
    }

    private static String bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }

    private ObjectNode info(RepoRef repo, RepoSnapshot snap, boolean blobs) {
        ObjectNode n = JSON.createObjectNode();
        n.put("_id", snap.commit().substring(0, 24));
        n.put("id", repo.id());
        if (repo.type() == RepoType.MODEL) {
            n.put("modelId", repo.id());
        }
        n.put("author", repo.id().contains("/") ? repo.id().substring(0, repo.id().indexOf('/')) : repo.id());
        n.put("sha", snap.commit());
        n.put("lastModified", CommitLog.DATE);
        n.put("private", access.isPrivate(repo));
        if (access.isGated(repo)) {
            n.put("gated", "manual");
        } else {
            n.put("gated", false);
        }
        n.put("disabled", false);
        n.putArray("tags");
        ArrayNode sib = n.putArray("siblings");
        for (ServedFile f : snap.files().values()) {
            ObjectNode s = sib.addObject();
            s.put("rfilename", f.path());
            if (blobs) {
                s.put("blobId", f.oid());
                s.put("size", f.size());
                if (f.isLfs()) {
                    ObjectNode l = s.putObject("lfs");
                    l.put("sha256", f.sha256());
                    l.put("size", f.size());
                    l.put("pointerSize", f.lfsPointer().length());
                }
            }
        }
        return n;
    }

    /**
     * {@code GET /api/{type}s/{repo}/auth-check[/write]}, as {@code HfApi.auth_check} calls it: 200 when the
     * request may download the repo's files, else the answer a download gets (repo not found, gated); write access
     * is refused (403), since this server is read-only.
     */
    private void authCheck(HttpExchange ex, String method, RepoRef repo, String rest) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            error(ex, 405, null, "auth-check needs GET", null);
            return;
        }
        if (!rest.isEmpty() && !rest.equals("write")) {
            error(ex, 404, null, "unknown API path " + ex.getRequestURI().getRawPath(), null);
            return;
        }
        if (!authorized(ex, repo, true)) {
            return;
        }
        if (rest.equals("write")) {
            error(ex, 403, null, "no write access to " + RepoAccess.kindOf(repo) + " " + repo.id()
                    + ": this hub server is read-only", null);
            return;
        }
        json(ex, 200, JSON.createObjectNode());
    }

    /** {@code GET /api/{type}s/{repo}/refs}, as {@code HfApi.list_repo_refs} reads it. */
    private void refs(HttpExchange ex, String method, RepoRef repo, boolean trailing) throws IOException {
        if (!authorized(ex, repo, false)) {
            return;
        }
        if (trailing) {
            error(ex, 404, null, "unknown API path " + ex.getRequestURI().getRawPath(), null);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            error(ex, 405, null, "refs needs GET", null);
            return;
        }
        String prs = query(ex).get("include_prs");
        json(ex, 200, refs(store.refs(repo), "true".equalsIgnoreCase(prs) || "1".equals(prs)));
    }

    /**
     * Branches ({@code main} first, then by name), and pull requests ({@code refs/pr/N}) when asked.
     * Every other ref is a branch: a cache's ref files cannot tell tags from branches, so tags stay empty.
     */
    private static ObjectNode refs(SortedMap<String, String> refs, boolean prs) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode branches = n.putArray("branches");
        n.putArray("converts");
        n.putArray("tags");
        ArrayNode pulls = prs ? n.putArray("pullRequests") : null;
        if (refs.containsKey("main")) {
            ref(branches, "main", "refs/heads/main", refs.get("main"));
        }
        refs.forEach((name, commit) -> {
            Matcher pr = PULL_REQUEST.matcher(name);
            if (pr.matches()) {
                if (pulls != null) {
                    ref(pulls, "pr/" + pr.group(1), name, commit);
                }
            } else if (!name.equals("main")) {
                ref(branches, name, "refs/heads/" + name, commit);
            }
        });
        return n;
    }

    private static void ref(ArrayNode out, String name, String ref, String commit) {
        ObjectNode r = out.addObject();
        r.put("name", name);
        r.put("ref", ref);
        r.put("targetCommit", commit);
    }

    private void tree(HttpExchange ex, RepoRef repo, RepoSnapshot snap, String sub, Map<String, String> q)
            throws IOException {
        boolean recursive = "true".equalsIgnoreCase(q.get("recursive")) || "1".equals(q.get("recursive"));
        boolean expand = "true".equalsIgnoreCase(q.get("expand")) || "1".equals(q.get("expand"));
        String prefix = sub.isEmpty() ? "" : sub + "/";
        if (!sub.isEmpty() && directories(snap).stream().noneMatch(sub::equals)) {
            error(ex, 404, "EntryNotFound", "Entry not found: " + sub, snap.commit());
            return;
        }
        ArrayNode out = JSON.createArrayNode();
        Set<String> dirs = new LinkedHashSet<>();
        for (ServedFile f : snap.files().values()) {
            if (!f.path().startsWith(prefix)) {
                continue;
            }
            String rest = f.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                if (recursive) {
                    String[] parts = rest.split("/");
                    String acc = prefix;
                    for (int i = 0; i < parts.length - 1; i++) {
                        acc += parts[i];
                        dirs.add(acc);
                        acc += "/";
                    }
                } else {
                    dirs.add(prefix + rest.substring(0, slash));
                    continue;
                }
            }
        }
        for (String d : dirs) {
            out.add(dirEntry(d, snap, expand));
        }
        for (ServedFile f : snap.files().values()) {
            if (f.path().startsWith(prefix) && (recursive || f.path().indexOf('/', prefix.length()) < 0)) {
                out.add(fileEntry(f, snap, expand));
            }
        }
        json(ex, 200, out);
    }

    private static List<String> directories(RepoSnapshot snap) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String p : snap.files().keySet()) {
            int i = -1;
            while ((i = p.indexOf('/', i + 1)) > 0) {
                dirs.add(p.substring(0, i));
            }
        }
        return new ArrayList<>(dirs);
    }

    private static ObjectNode dirEntry(String path, RepoSnapshot snap, boolean expand) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "directory");
        n.put("oid", Hashing.sha1Hex("tree " + snap.commit() + " " + path));
        n.put("size", 0);
        n.put("path", path);
        if (expand) {
            lastCommit(n, snap);
        }
        return n;
    }

    private static ObjectNode fileEntry(ServedFile f, RepoSnapshot snap, boolean expand) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "file");
        n.put("oid", f.oid());
        n.put("size", f.size());
        n.put("path", f.path());
        if (f.isLfs()) {
            ObjectNode l = n.putObject("lfs");
            l.put("oid", f.sha256());
            l.put("size", f.size());
            l.put("pointerSize", f.lfsPointer().length());
        }
        if (expand) {
            lastCommit(n, snap);
            n.putNull("securityFileStatus");
        }
        return n;
    }

    private static void lastCommit(ObjectNode n, RepoSnapshot snap) {
        CommitLog.lastCommit(n, snap);
    }

    private void pathsInfo(HttpExchange ex, RepoSnapshot snap) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(1 << 20);
        }
        List<String> paths = new ArrayList<>();
        boolean expand = false;
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null && ct.contains("json")) {
            JsonNode n;
            try {
                n = JSON.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                error(ex, 400, null, "the request body is not valid JSON (expected {\"paths\": [...], \"expand\": true})",
                        null);
                return;
            }
            if (n == null || !n.isObject()) {
                error(ex, 400, null, "the request body must be a JSON object like {\"paths\": [...]}", null);
                return;
            }
            n.path("paths").forEach(p -> paths.add(p.asText()));
            expand = n.path("expand").asBoolean(false) || "true".equals(n.path("expand").asText());
        } else {
            for (String kv : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                if (k.equals("paths") || k.equals("paths[]")) {
                    paths.add(v);
                } else if (k.equals("expand")) {
                    expand = v.equalsIgnoreCase("true") || v.equals("1");
                }
            }
        }
        ArrayNode out = JSON.createArrayNode();
        List<String> dirs = directories(snap);
        for (String p : paths) {
            String clean = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            ServedFile f = snap.files().get(clean);
            if (f != null) {
                out.add(fileEntry(f, snap, expand));
            } else if (dirs.contains(clean)) {
                out.add(dirEntry(clean, snap, expand));
            }
        }
        json(ex, 200, out);
    }

    private void resolve(HttpExchange ex, String method, RepoRef repo, RevisionPath at, Mode mode)
            throws IOException {
        Optional<RepoSnapshot> snap = authorizedSnapshot(ex, repo, at, true);
        if (snap.isPresent()) {
            serveFile(ex, method, repo, at.revision(), snap.get(), at.path(), mode);
        }
    }

    private void lfs(HttpExchange ex, List<String> segs) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        String sig = query(ex).get("sig");
        if (sig == null || !signer.verify(raw, sig)) {
            error(ex, 403, null, "bad or missing signature on large-file URL", null);
            return;
        }
        RepoType type = typeOf(segs.get(1));
        RepoRef repo = new RepoRef(type == null ? RepoType.MODEL : type, segs.get(2));
        String commit = segs.get(3);
        String path = String.join("/", segs.subList(4, segs.size()));
        Optional<RepoSnapshot> snap = store.snapshot(repo, commit);
        if (snap.isEmpty()) {
            error(ex, 404, "EntryNotFound", path + " not found at " + commit, commit);
            return;
        }
        serveFile(ex, ex.getRequestMethod(), repo, commit, snap.get(), path, Mode.BLOB);
    }

    /**
     * Answers one file of a listed snapshot. A file whose size or modification time differ from its listing
     * has changed since: the repo is listed again and the answer comes from the fresh listing, so that the
     * commit, etag and size sent always describe the bytes sent (or 404 when the file is gone).
     */
    private void serveFile(HttpExchange ex, String method, RepoRef repo, String rev, RepoSnapshot listed,
                           String path, Mode mode) throws IOException {
        RepoSnapshot snap = listed;
        for (int tries = 1; ; tries++) {
            ServedFile f = snap.files().get(path);
            if (f == null) {
                error(ex, 404, "EntryNotFound", path + " does not exist on \"" + rev + "\"", snap.commit());
                return;
            }
            if (f.isLfs() && mode != Mode.BLOB) {
                if (f.unchangedOnDisk()) {
                    if (mode == Mode.RESOLVE) {
                        redirect(ex, repo, snap, f);
                    } else {
                        pointer(ex, snap, f);
                    }
                    return;
                }
            } else {
                Optional<FileChannel> open = FileSender.open(f);
                if (open.isPresent()) {
                    try (FileChannel ch = open.get()) {
                        commonHeaders(ex, snap, f);
                        FileSender.send(ex, method, f, ch);
                    }
                    return;
                }
            }
            if (tries == LISTING_TRIES) {
                error(ex, 503, null, path + " keeps changing on disk; retry when it is written", snap.commit());
                return;
            }
            LOG.debug("{} of {} changed since it was listed: listing the repo again", path, repo);
            Optional<RepoSnapshot> fresh = store.relist(repo, rev);
            if (fresh.isEmpty()) {
                // a commit id that the change replaced
                error(ex, 404, mode == Mode.BLOB ? "EntryNotFound" : "RevisionNotFound",
                        path + " changed: " + rev + " is no longer served; ask for main again", null);
                return;
            }
            snap = fresh.get();
        }
    }

    /** {@code resolve} of a large file: a signed URL of its bytes, which needs no token. */
    private void redirect(HttpExchange ex, RepoRef repo, RepoSnapshot snap, ServedFile f) throws IOException {
        commonHeaders(ex, snap, f);
        String target = "/_lfs/" + repo.type().plural() + "/" + URLEncoder.encode(repo.id(), StandardCharsets.UTF_8)
                + "/" + snap.commit() + "/" + encodePath(f.path());
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort();
        }
        String location = "http://" + host + target + "?sig=" + signer.sign(target);
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Content-Length", "0");
        ex.sendResponseHeaders(302, -1);
    }

    /** {@code raw} of a large file: its git-lfs pointer text, as git stores it and huggingface.co answers. */
    private static void pointer(HttpExchange ex, RepoSnapshot snap, ServedFile f) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("X-Repo-Commit", snap.commit());
        h.set("ETag", "\"" + f.oid() + "\"");
        text(ex, 200, f.lfsPointer());
    }

    private static void commonHeaders(HttpExchange ex, RepoSnapshot snap, ServedFile f) {
        var h = ex.getResponseHeaders();
        h.set("X-Repo-Commit", snap.commit());
        h.set("Accept-Ranges", "bytes");
        if (f.isLfs()) {
            h.set("X-Linked-Etag", "\"" + f.sha256() + "\"");
            h.set("X-Linked-Size", Long.toString(f.size()));
            h.set("ETag", "\"" + f.sha256() + "\"");
        } else {
            h.set("ETag", "\"" + f.oid() + "\"");
        }
    }

    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String s : path.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new TreeMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    static void json(HttpExchange ex, int status, JsonNode node) throws IOException {
        byte[] body = JSON.writeValueAsBytes(node);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(ex, status, body);
    }

    static void text(HttpExchange ex, int status, String s) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(ex, status, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    static void error(HttpExchange ex, int status, String code, String message, String commit) {
        try {
            if (code != null) {
                ex.getResponseHeaders().set("X-Error-Code", code);
            }
            // a header line: short (a client refuses overlong lines; the message may quote a huge URL), one line
            String line = message.replace('\n', ' ').replace('\r', ' ');
            ex.getResponseHeaders().set("X-Error-Message", line.length() > 300 ? line.substring(0, 300) + "..." : line);
            if (commit != null) {
                ex.getResponseHeaders().set("X-Repo-Commit", commit);
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("error", message);
            json(ex, status, n);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot send error: {}", e.getMessage());
        }
    }
}
