package dev.hubkit.hub;

import java.util.regex.Pattern;

/**
 * A hub repository: its type and id ({@code org/name}, or a bare {@code name}).
 *
 * @param type the repository kind
 * @param id   the repo id
 */
public record RepoRef(RepoType type, String id) {

    private static final Pattern ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95}(/[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95})?");

    public RepoRef {
        if (type == null) {
            type = RepoType.MODEL;
        }
        if (id == null || !ID.matcher(id).matches() || id.contains("..") || id.contains("--")
                || id.endsWith(".") || id.endsWith(".git")) {
            throw new HubException("'" + id + "' is not a valid repo id: use org/name (letters, digits, '-', '_', '.')");
        }
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

    /** Parses a cache folder name such as {@code datasets--org--name}; null when it is not one. */
    public static RepoRef fromCacheFolderName(String folder) {
        int sep = folder.indexOf("--");
        if (sep < 0) {
            return null;
        }
        RepoType type = RepoType.fromPlural(folder.substring(0, sep));
        if (type == null) {
            return null;
        }
        String id = folder.substring(sep + 2).replace("--", "/");
        try {
            return new RepoRef(type, id);
        } catch (HubException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return type == RepoType.MODEL ? id : type + ":" + id;
    }
}
