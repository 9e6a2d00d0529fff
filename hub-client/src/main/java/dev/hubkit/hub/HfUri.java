package dev.hubkit.hub;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repo URI {@code hf://[<TYPE>/]<ID>[@<REVISION>][/<PATH>]}, parsed as huggingface_hub's {@code parse_hf_uri}
 * parses one (web URLs and buckets are not accepted here).
 *
 * @param repo       the repository (type from the plural prefix, model when there is none)
 * @param revision   the revision after {@code @}, URL-decoded; null when none was given
 * @param pathInRepo the path after the revision or id, without leading/trailing {@code /}; empty for the root
 */
public record HfUri(RepoRef repo, String revision, String pathInRepo) {

    /** The scheme prefix. */
    public static final String PROTOCOL = "hf://";

    private static final Pattern SPECIAL_REFS = Pattern.compile("^refs/(?:convert/[\\w.-]+|pr/\\d+)",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Map<String, RepoType> PREFIXES = Map.of("models", RepoType.MODEL,
            "datasets", RepoType.DATASET, "spaces", RepoType.SPACE);
    private static final Map<String, String> SINGULAR = Map.of("model", "models", "dataset", "datasets",
            "space", "spaces", "kernel", "kernels", "bucket", "buckets");

    /** Parses {@code uri}, which starts with {@code hf://}; throws {@link HubException} saying what is wrong. */
    public static HfUri parse(String uri) {
        if (!uri.startsWith(PROTOCOL)) {
            throw error(uri, "Must start with '" + PROTOCOL + "'. Expected format: " + PROTOCOL
                    + "[<TYPE>/]<ID>[@<REVISION>][/<PATH>]");
        }
        String location = uri.substring(PROTOCOL.length());
        if (location.isEmpty()) {
            throw error(uri, "Empty body after '" + PROTOCOL + "'.");
        }
        RepoType type = RepoType.MODEL;
        int slash = location.indexOf('/');
        String first = slash < 0 ? location : location.substring(0, slash);
        if (slash < 0 && (PREFIXES.containsKey(first) || first.equals("kernels") || first.equals("buckets"))) {
            throw error(uri, "Missing identifier after '" + first + "'. Expected '" + PROTOCOL + first + "/<ID>'.");
        }
        if (SINGULAR.containsKey(first)) {
            throw error(uri, slash < 0
                    ? "Type prefix must be plural. Did you mean '" + PROTOCOL + SINGULAR.get(first) + "/...'?"
                    : "Type prefix must be plural, got '" + first + "/'. Did you mean '" + SINGULAR.get(first) + "/'?");
        }
        if (first.equals("kernels") || first.equals("buckets")) {
            throw new HubException("'" + uri + "': " + first + " are not supported by hubkit download");
        }
        if (slash >= 0 && PREFIXES.containsKey(first)) {
            type = PREFIXES.get(first);
            location = location.substring(slash + 1);
        }
        return parseRepoBody(uri, type, strip(location));
    }

    private static HfUri parseRepoBody(String uri, RepoType type, String location) {
        if (location.isEmpty()) {
            throw error(uri, "Missing repository id.");
        }
        int at = location.indexOf('@');
        String id;
        String revision = null;
        String path;
        if (at < 0 || count(location.substring(0, at)) > 1) {
            String[] parts = location.split("/", 3);
            if (parts.length < 2) {
                throw error(uri, "Repository id must be 'namespace/name', got '" + location + "'. ");
            }
            id = parts[0] + "/" + parts[1];
            path = parts.length > 2 ? parts[2] : "";
        } else {
            id = location.substring(0, at);
            String revAndPath = location.substring(at + 1);
            if (id.isEmpty()) {
                throw error(uri, "Missing repository id before '@'.");
            }
            if (count(id) != 1) {
                throw error(uri, "Repository id must be 'namespace/name', got '" + id + "'.");
            }
            Matcher m = SPECIAL_REFS.matcher(revAndPath);
            if (m.find()) {
                revision = m.group();
                path = revAndPath.substring(revision.length());
                path = path.startsWith("/") ? path.substring(1) : path;
            } else {
                int s = revAndPath.indexOf('/');
                revision = s < 0 ? revAndPath : revAndPath.substring(0, s);
                path = s < 0 ? "" : revAndPath.substring(s + 1);
            }
            revision = unquote(revision);
            if (revision.isEmpty()) {
                throw error(uri, "Empty revision after '@'.");
            }
        }
        if (id.isEmpty() || count(id) != 1) {
            throw error(uri, "Id must be 'namespace/name', got '" + id + "'.");
        }
        RepoRef repo;
        try {
            repo = new RepoRef(type, id);
        } catch (HubException e) {
            throw error(uri, e.getMessage());
        }
        if (!path.isEmpty() && (path.startsWith("/") || path.contains("//"))) {
            throw error(uri, "Path must not contain empty segments (got '" + path + "').");
        }
        return new HfUri(repo, revision, path);
    }

    /** Python's {@code urllib.parse.unquote}: {@code +} stays, a malformed escape stays as written. */
    private static String unquote(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String strip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && s.charAt(b) == '/') {
            b++;
        }
        while (e > b && s.charAt(e - 1) == '/') {
            e--;
        }
        return s.substring(b, e);
    }

    private static int count(String s) {
        return (int) s.chars().filter(c -> c == '/').count();
    }

    private static HubException error(String uri, String msg) {
        return new HubException("Invalid HF URI: " + uri + ". " + msg);
    }
}
