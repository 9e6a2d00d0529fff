package dev.hubkit.hub.server;

import dev.hubkit.hub.HubException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * Which served repos are private or gated, and the bearer token that opens each. A key is
 * {@code org/name} for a model, {@code datasets/org/name} for a dataset, {@code spaces/org/name} for a
 * space. A private repo is hidden from anyone without its token; a gated repo shows its metadata to
 * everyone and its files only to its token.
 */
final class RepoAccess {

    private final Map<RepoRef, String> privateTokens;
    private final Map<RepoRef, String> gatedTokens;

    RepoAccess(ServerOptions options) {
        this.privateTokens = parse(options.privateTokens(), "private");
        this.gatedTokens = parse(options.gatedTokens(), "gated");
    }

    /** The repo a token key names: {@code org/name}, {@code datasets/org/name} or {@code spaces/org/name}. */
    static RepoRef repoOf(String key) {
        for (RepoType t : new RepoType[]{RepoType.DATASET, RepoType.SPACE}) {
            String prefix = t.plural() + "/";
            if (key.startsWith(prefix)) {
                return new RepoRef(t, key.substring(prefix.length()));
            }
        }
        return new RepoRef(RepoType.MODEL, key);
    }

    private static Map<RepoRef, String> parse(Map<String, String> tokens, String kind) {
        Map<RepoRef, String> out = new HashMap<>();
        tokens.forEach((key, token) -> {
            try {
                out.put(repoOf(key), token);
            } catch (HubException e) {
                throw new UnknownRepoKeyException(kind + " repo key '" + key + "' is not a repo: use org/name for a"
                        + " model, datasets/org/name for a dataset, spaces/org/name for a space");
            }
        });
        return out;
    }

    /** Fails when a key names a repo the store does not serve: that repo would be served unprotected. */
    void requireServed(RepoStore store) {
        check(store, privateTokens, "private");
        check(store, gatedTokens, "gated");
    }

    private static void check(RepoStore store, Map<RepoRef, String> tokens, String kind) {
        for (RepoRef repo : tokens.keySet()) {
            if (!store.exists(repo)) {
                String key = repo.type() == RepoType.MODEL ? repo.id() : repo.type().plural() + "/" + repo.id();
                throw new UnknownRepoKeyException(kind + " repo key '" + key + "' names no served " + kindOf(repo)
                        + ": fix the key (org/name for a model, datasets/org/name for a dataset, spaces/org/name"
                        + " for a space) or add the repo");
            }
        }
    }

    /** {@code model}, {@code dataset} or {@code space}. */
    static String kindOf(RepoRef repo) {
        return switch (repo.type()) {
            case MODEL -> "model";
            case DATASET -> "dataset";
            case SPACE -> "space";
            case KERNEL -> "kernel";
        };
    }

    boolean isPrivate(RepoRef repo) {
        return privateTokens.containsKey(repo);
    }

    boolean isGated(RepoRef repo) {
        return gatedTokens.containsKey(repo);
    }

    private static boolean matches(String expected, String given) {
        return expected == null || (given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a request with this token (null: none) may see the repo exists and read its metadata. */
    boolean mayList(RepoRef repo, String token) {
        return matches(privateTokens.get(repo), token);
    }

    /** Whether a request with this token (null: none) may download the files of a listable repo. */
    boolean mayDownload(RepoRef repo, String token) {
        return matches(gatedTokens.get(repo), token);
    }
}
