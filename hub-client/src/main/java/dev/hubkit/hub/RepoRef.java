package dev.hubkit.hub;

import java.util.regex.Pattern;

/**
 * A hub repository: its type and id ({@code org/name}, or a bare {@code name}).
 *
 * <p>Two refs are equal when type and id are; {@code fromCache} only records where the id came from.
 *
 * @param type      the repository kind
 * @param id        the repo id
 * @param fromCache true for an id that is no valid hub id, read from a cache folder's name: huggingface_hub
 *                  lists every {@code models--*} folder, so {@code models--a--b--c} is repo {@code a/b/c} and
 *                  {@code models--} the empty id. Such a ref only names its cache folder (one path segment).
 */
public record RepoRef(RepoType type, String id, boolean fromCache) {

    private static final Pattern ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95}(/[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95})?");

    public RepoRef {
        if (type == null) {
            type = RepoType.MODEL;
        }
        if (fromCache ? id == null || id.contains("\0")
                : id == null || !ID.matcher(id).matches() || id.contains("..") || id.contains("--")
                        || id.endsWith(".") || id.endsWith(".git")) {
            throw new HubException("'" + id + "' is not a valid repo id: use org/name (letters, digits, '-', '_', '.')");
        }
    }

    /** A checked repo id, e.g. from the command line or a URL. */
    public RepoRef(RepoType type, String id) {
        this(type, id, false);
    }

    /** A repo as a cache lists it: its id is whatever its folder's name holds (see {@link #fromCache()}). */
    public static RepoRef cached(RepoType type, String id) {
        try {
            return new RepoRef(type, id);
        } catch (HubException notAHubId) {
            return new RepoRef(type, id, true);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepoRef r && r.type == type && r.id.equals(id);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + id.hashCode();
    }

    /** A model repository. */
    public static RepoRef model(String id) {
        return new RepoRef(RepoType.MODEL, id);
    }

    /** A dataset repository. */
    public static RepoRef dataset(String id) {
        return new RepoRef(RepoType.DATASET, id);
    }

    /** The cache folder name huggingface_hub uses: {@code models--org--name}. */
    public String cacheFolderName() {
        return type.plural() + "--" + id.replace("/", "--");
    }

    /**
     * Parses a cache folder name such as {@code datasets--org--name} as huggingface_hub's {@code scan_cache_dir}
     * does: the type prefix before the first {@code --}, then every {@code --} a {@code /} ({@code models--a--b--c}
     * is {@code a/b/c}, {@code models--x} is {@code x}); null when the name has no {@code --} or an unknown prefix.
     */
    public static RepoRef fromCacheFolderName(String folder) {
        int sep = folder.indexOf("--");
        if (sep < 0) {
            return null;
        }
        RepoType type = RepoType.fromPlural(folder.substring(0, sep));
        if (type == null || folder.indexOf('/') >= 0 || folder.indexOf('\\') >= 0) {
            return null;
        }
        return cached(type, folder.substring(sep + 2).replace("--", "/"));
    }

    @Override
    public String toString() {
        return type == RepoType.MODEL ? id : type + ":" + id;
    }
}
