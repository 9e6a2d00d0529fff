package dev.hubkit.hub;

import java.util.Locale;

/** Kind of hub repository; decides URL prefixes and the cache folder prefix. */
public enum RepoType {
    MODEL("models", ""),
    DATASET("datasets", "datasets/"),
    SPACE("spaces", "spaces/"),
    /** huggingface_hub 2.0's kernel repos ({@code kernels--org--name} in the cache). */
    KERNEL("kernels", "kernels/");

    private final String plural;
    private final String urlPrefix;

    RepoType(String plural, String urlPrefix) {
        this.plural = plural;
        this.urlPrefix = urlPrefix;
    }

    /** {@code models}, {@code datasets} or {@code spaces}: API path segment and cache folder prefix. */
    public String plural() {
        return plural;
    }

    /** Prefix of {@code resolve} URLs: empty for models, {@code datasets/} for datasets. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** Parses {@code model}, {@code dataset}, {@code space} or {@code kernel} (plural accepted, any case). */
    public static RepoType parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "model", "models", "" -> MODEL;
            case "dataset", "datasets" -> DATASET;
            case "space", "spaces" -> SPACE;
            case "kernel", "kernels" -> KERNEL;
            default -> throw new HubException("unknown repo type '" + text + "': use model, dataset, space or kernel");
        };
    }

    /** The type whose cache folder prefix is {@code plural}, e.g. {@code models}; null for none. */
    public static RepoType fromPlural(String plural) {
        for (RepoType t : values()) {
            if (t.plural.equals(plural)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
