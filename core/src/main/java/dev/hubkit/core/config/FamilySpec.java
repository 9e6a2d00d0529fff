package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What one model family's transformers config class knows: which JSON keys hold each canonical field
 * (its {@code attribute_map} and constructor aliases), the constructor defaults, and its shape rules.
 */
final class FamilySpec {

    /** How {@code hidden_size} and {@code num_attention_heads} must relate. */
    enum HeadRule {
        /** No constraint (the family sizes heads explicitly, e.g. T5's d_kv, Gemma's head_dim). */
        NONE,
        /** hidden_size must be a multiple of num_attention_heads. */
        DIVISIBLE,
        /** Like DIVISIBLE, unless head_dim is given explicitly (Llama, Mistral, Qwen2). */
        DIVISIBLE_UNLESS_HEAD_DIM
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String modelType;
    private final Map<String, List<String>> keys;
    private final Map<String, Function<ModelConfig, JsonNode>> defaults;
    private final HeadRule headRule;
    private final boolean groupedQueryAttention;
    private final boolean lenientSizes;
    private final boolean nestedTextConfig;

    private FamilySpec(Builder b) {
        this.modelType = b.modelType;
        this.keys = Map.copyOf(b.keys);
        this.defaults = Map.copyOf(b.defaults);
        this.headRule = b.headRule;
        this.groupedQueryAttention = b.groupedQueryAttention;
        this.lenientSizes = b.lenientSizes;
        this.nestedTextConfig = b.nestedTextConfig;
    }

    String modelType() {
        return modelType;
    }

    HeadRule headRule() {
        return headRule;
    }

    /** Whether num_attention_heads must be a multiple of num_key_value_heads. */
    boolean groupedQueryAttention() {
        return groupedQueryAttention;
    }

    /**
     * Whether size fields may also hold what families hubkit does not know use: per-layer or per-stage
     * lists (Swin's {@code num_heads}, Gemma 3n's {@code intermediate_size}), per-part objects
     * (LXMERT's {@code num_hidden_layers}), integral floats and a zero {@code head_dim}. They are shown as
     * written; negative sizes are still refused.
     */
    boolean lenientSizes() {
        return lenientSizes;
    }

    /**
     * Whether a nested text config ({@code text_config}, {@code decoder}...) answers the canonical fields
     * the top level lacks, as transformers' {@code get_text_config(decoder=True)} does for composite models.
     */
    boolean nestedTextConfig() {
        return nestedTextConfig;
    }

    /** The JSON keys that may hold {@code canonical}, in lookup order. */
    List<String> keysFor(String canonical) {
        return keys.getOrDefault(canonical, List.of(canonical));
    }

    /** The family default for {@code canonical} (JSON null for a Python {@code None}), or empty when none. */
    Optional<JsonNode> defaultFor(String canonical, ModelConfig config) {
        Function<ModelConfig, JsonNode> f = defaults.get(canonical);
        return f == null ? Optional.empty() : Optional.ofNullable(f.apply(config));
    }

    /** Default that repeats another canonical field, e.g. num_key_value_heads = num_attention_heads. */
    static JsonNode copyOf(ModelConfig c, String canonical) {
        OptionalInt v = c.resolvedInt(canonical);
        return v.isPresent() ? node(v.getAsInt()) : null;
    }

    /** Default that multiplies another canonical field, e.g. GPT-2's n_inner = 4 * n_embd. */
    static Function<ModelConfig, JsonNode> times(String canonical, int factor) {
        return c -> {
            OptionalInt v = c.resolvedInt(canonical);
            return v.isPresent() && (long) v.getAsInt() * factor <= Integer.MAX_VALUE
                    ? node(v.getAsInt() * factor) : null;
        };
    }

    /** head_dim = hidden_size / num_attention_heads, when that divides evenly. */
    static JsonNode hiddenPerHead(ModelConfig c) {
        OptionalInt hidden = c.resolvedInt("hidden_size");
        OptionalInt heads = c.resolvedInt("num_attention_heads");
        if (hidden.isEmpty() || heads.isEmpty() || heads.getAsInt() <= 0
                || hidden.getAsInt() % heads.getAsInt() != 0) {
            return null;
        }
        return node(hidden.getAsInt() / heads.getAsInt());
    }

    static Builder builder(String modelType) {
        return new Builder(modelType);
    }

    static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof String s) {
            return NODES.textNode(s);
        } else if (value instanceof JsonNode n) {
            return n;
        }
        throw new IllegalArgumentException("unsupported default " + value);
    }

    /** Builds a spec; starts from the defaults every transformers {@code PretrainedConfig} has. */
    static final class Builder {
        private final String modelType;
        private final Map<String, List<String>> keys = new HashMap<>();
        private final Map<String, Function<ModelConfig, JsonNode>> defaults = new HashMap<>();
        private HeadRule headRule = HeadRule.DIVISIBLE;
        private boolean groupedQueryAttention;
        private boolean lenientSizes;
        private boolean nestedTextConfig;

        private Builder(String modelType) {
            this.modelType = modelType;
            keys("torch_dtype", "torch_dtype", "dtype");
            value("architectures", null);
            value("torch_dtype", null);
            value("pad_token_id", null);
            value("bos_token_id", null);
            value("eos_token_id", null);
            value("tie_word_embeddings", true);
            value("is_encoder_decoder", false);
            value("type_vocab_size", 0);
            derived("num_key_value_heads", c -> copyOf(c, "num_attention_heads"));
            derived("head_dim", FamilySpec::hiddenPerHead);
        }

        /** Sets the keys that hold {@code canonical}, in lookup order (list the canonical key itself if it counts). */
        Builder keys(String canonical, String... rawKeys) {
            keys.put(canonical, List.copyOf(Arrays.asList(rawKeys)));
            return this;
        }

        /** A constant default (null means Python's None). */
        Builder value(String canonical, Object value) {
            JsonNode n = node(value);
            defaults.put(canonical, c -> n);
            return this;
        }

        /** A default computed from other fields, e.g. GPT-2's n_inner = 4 * n_embd. Returning null means none. */
        Builder derived(String canonical, Function<ModelConfig, JsonNode> f) {
            defaults.put(canonical, f);
            return this;
        }

        /** Removes the default of {@code canonical}: absent means absent. */
        Builder noDefault(String canonical) {
            defaults.remove(canonical);
            return this;
        }

        Builder headRule(HeadRule rule) {
            this.headRule = rule;
            return this;
        }

        Builder groupedQueryAttention() {
            this.groupedQueryAttention = true;
            return this;
        }

        /** See {@link FamilySpec#lenientSizes()}. */
        Builder lenientSizes() {
            this.lenientSizes = true;
            return this;
        }

        /** See {@link FamilySpec#nestedTextConfig()}. */
        Builder nestedTextConfig() {
            this.nestedTextConfig = true;
            return this;
        }

        FamilySpec build() {
            return new FamilySpec(this);
        }
    }
}
