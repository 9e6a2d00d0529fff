package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.core.source.ModelSources;
import dev.hubkit.runtime.RuntimeBackendException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Sentence-embedding settings: pooling mode, L2 normalisation and sentence-transformers'
 * {@code max_seq_length}, read from {@code modules.json}, {@code 1_Pooling/config.json} and
 * {@code sentence_bert_config.json} when the model has them.
 *
 * @param pooling      how token vectors are combined
 * @param normalize    whether the result is scaled to unit length
 * @param maxSeqLength sentence-transformers' token limit, if set
 */
public record PoolingConfig(Pooling pooling, boolean normalize, OptionalInt maxSeqLength) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The given mode and normalisation, no length limit of its own. */
    public static PoolingConfig of(Pooling pooling, boolean normalize) {
        return new PoolingConfig(pooling, normalize, OptionalInt.empty());
    }

    /**
     * Reads sentence-transformers' files of {@code model}; when it has none, returns
     * {@code fallback}.
     */
    public static PoolingConfig read(String model, PoolingConfig fallback) {
        Optional<Path> modules = ModelSources.tryResolve(model, "modules.json");
        OptionalInt maxSeq = ModelSources.tryResolve(model, "sentence_bert_config.json")
                .map(p -> {
                    JsonNode n = readJson(p).get("max_seq_length");
                    return n != null && n.canConvertToInt() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
                })
                .orElse(OptionalInt.empty());
        if (modules.isEmpty()) {
            return new PoolingConfig(fallback.pooling(), fallback.normalize(),
                    maxSeq.isPresent() ? maxSeq : fallback.maxSeqLength());
        }
        JsonNode list = readJson(modules.get());
        if (!list.isArray()) {
            throw new RuntimeBackendException(modules.get() + ": expected a JSON array of modules");
        }
        Pooling pooling = fallback.pooling();
        boolean normalize = false;
        for (JsonNode m : list) {
            String type = m.path("type").asText("");
            if (type.endsWith(".Pooling")) {
                String dir = m.path("path").asText("1_Pooling");
                Path cfg = ModelSources.tryResolve(model, dir + "/config.json").orElseThrow(() ->
                        new RuntimeBackendException(modules.get() + " lists a Pooling module in '" + dir
                                + "' but " + dir + "/config.json is missing"));
                pooling = poolingOf(readJson(cfg), cfg);
            } else if (type.endsWith(".Normalize")) {
                normalize = true;
            }
        }
        return new PoolingConfig(pooling, normalize, maxSeq);
    }

    private static Pooling poolingOf(JsonNode cfg, Path where) {
        if (cfg.path("pooling_mode_cls_token").asBoolean(false)) {
            return Pooling.CLS;
        }
        if (cfg.path("pooling_mode_max_tokens").asBoolean(false)) {
            return Pooling.MAX;
        }
        if (cfg.path("pooling_mode_mean_tokens").asBoolean(false)) {
            return Pooling.MEAN;
        }
        JsonNode mode = cfg.get("pooling_mode");
        if (mode != null && mode.isTextual()) {
            return Pooling.parse(mode.asText());
        }
        throw new RuntimeBackendException(where + ": no supported pooling mode set (cls, mean or max;"
                + " mean_sqrt_len, weightedmean and lasttoken are not supported)");
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new RuntimeBackendException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
