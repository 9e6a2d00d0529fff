package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.core.tensor.DType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A parsed {@code config.json}. Typed accessors answer for every family through the aliases and
 * defaults transformers applies (GPT-2's {@code n_embd}, T5's {@code d_model}, DistilBERT's
 * {@code dim}...), so {@link #hiddenSize()} works whatever the family. Unknown fields and key order
 * are kept: {@link #toJsonString()} writes the file back the way transformers does.
 *
 * <p>Instances are immutable. Families with their own fields have subclasses ({@link BertConfig},
 * {@link Gpt2Config}, {@link T5Config}, {@link LlamaConfig}...); unknown model types get a plain
 * {@code ModelConfig} that understands the keys transformers renames their fields to, the common aliases,
 * per-layer sizes, and the nested text config of composite models ({@link #textConfig()}).
 */
public class ModelConfig {

    /** Canonical field names, in the order {@link #canonicalJson()} and {@link #describe()} use. */
    public static final List<String> CANONICAL_FIELDS = List.of("model_type", "architectures", "vocab_size",
            "hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
            "intermediate_size", "max_position_embeddings", "type_vocab_size", "layer_norm_eps", "hidden_act",
            "torch_dtype", "pad_token_id", "bos_token_id", "eos_token_id", "tie_word_embeddings",
            "is_encoder_decoder");

    private static final List<String> POSITIVE_INTS = List.of("vocab_size", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "num_key_value_heads", "head_dim", "intermediate_size");
    private static final List<String> NON_NEGATIVE_INTS = List.of("max_position_embeddings", "type_vocab_size");

    /** Canonical fields a nested text config answers when the top level of a composite config lacks them. */
    private static final List<String> TEXT_FIELDS = List.of("vocab_size", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "num_key_value_heads", "head_dim", "intermediate_size", "max_position_embeddings",
            "type_vocab_size", "layer_norm_eps", "hidden_act", "pad_token_id", "bos_token_id", "eos_token_id");

    private final ObjectNode json;
    private final String source;
    private final FamilySpec family;
    private final String modelType;
    private final boolean ascii;
    private final Nested text;

    /** A resolved value and the JSON key it came from ({@code fromFile} false for a family default). */
    record Value(String key, JsonNode node, boolean fromFile) {
    }

    /** The text config nested under {@code key} of a composite config (Llava's {@code text_config}...). */
    record Nested(String key, ModelConfig config) {
    }

    ModelConfig(ConfigJson.Parsed parsed, String source, FamilySpec family, String modelType) {
        this.json = parsed.node().deepCopy();
        this.ascii = parsed.ascii();
        this.source = source;
        this.family = family;
        this.modelType = modelType;
        this.text = family.nestedTextConfig() ? Families.nestedText(parsed, source).orElse(null) : null;
        validateCommon();
        validateFamily();
    }

    // ---------------------------------------------------------------- factories

    /** Reads a {@code config.json} file and dispatches on {@code model_type} like {@link AutoConfig}. */
    public static ModelConfig fromFile(Path configJson) {
        return Families.create(ConfigJson.readObject(configJson), configJson.toString());
    }

    /** Parses config JSON text; {@code sourceName} names it in error messages (e.g. a file name). */
    public static ModelConfig fromJson(String json, String sourceName) {
        return Families.create(ConfigJson.parseObject(json, sourceName), sourceName);
    }

    // ---------------------------------------------------------------- canonical accessors

    /** The {@code model_type}, inferred from the name or architectures when the file has none. */
    public String modelType() {
        return modelType;
    }

    /** The file or source name this config was read from. */
    public String source() {
        return source;
    }

    /** {@code architectures}, e.g. {@code [BertForMaskedLM]}; empty when absent or null. */
    public List<String> architectures() {
        Optional<Value> v = lookup("architectures", false);
        return v.isEmpty() ? List.of() : Fields.stringList(v.get().node(), source, v.get().key());
    }

    /** Vocabulary size. */
    public int vocabSize() {
        return requireInt("vocab_size");
    }

    /** Hidden size ({@code n_embd}, {@code d_model}, {@code dim}... depending on the family). */
    public int hiddenSize() {
        return requireInt("hidden_size");
    }

    /** Number of (encoder) layers. */
    public int numHiddenLayers() {
        return requireInt("num_hidden_layers");
    }

    /** Number of attention heads (of the encoder for encoder-decoders). */
    public int numAttentionHeads() {
        return requireInt("num_attention_heads");
    }

    /** Number of key/value heads (grouped-query attention); equals the attention heads when not given. */
    public int numKeyValueHeads() {
        return requireInt("num_key_value_heads");
    }

    /** Size of one attention head: {@code head_dim} / {@code d_kv}, or hidden size / heads. */
    public int headDim() {
        return requireInt("head_dim");
    }

    /** Feed-forward inner size ({@code intermediate_size}, {@code n_inner}, {@code d_ff}, {@code hidden_dim}...). */
    public int intermediateSize() {
        return requireInt("intermediate_size");
    }

    /** Maximum sequence length of learned/rotary positions; 0 for families without a limit (T5). */
    public int maxPositionEmbeddings() {
        return requireInt("max_position_embeddings");
    }

    /** Number of token types (segments); 0 for families without token type embeddings. */
    public int typeVocabSize() {
        return requireInt("type_vocab_size");
    }

    /** Epsilon of the (RMS) layer norms ({@code layer_norm_eps}, {@code layer_norm_epsilon}, {@code rms_norm_eps}...). */
    public double layerNormEps() {
        Value v = require("layer_norm_eps", true);
        return Fields.positiveNumber(v.node(), source, v.key());
    }

    /** Activation of the feed-forward layers ({@code hidden_act}, {@code activation_function}...). */
    public String hiddenAct() {
        Value v = require("hidden_act", true);
        return Fields.string(v.node(), source, v.key());
    }

    /** {@code torch_dtype} (or {@code dtype}) as written, e.g. {@code "float32"}; empty when absent or null. */
    public Optional<String> torchDtype() {
        Optional<Value> v = lookup("torch_dtype", false);
        return v.isEmpty() ? Optional.empty() : Fields.optString(v.get().node(), source, v.get().key());
    }

    /** {@link #torchDtype()} as a {@link DType}. */
    public Optional<DType> dtype() {
        Optional<String> name = torchDtype();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DType.fromTorch(name.get()));
        } catch (IllegalArgumentException e) {
            Value v = lookup("torch_dtype", false).orElseThrow();
            throw ConfigException.expected(source, v.key(), "a PyTorch dtype such as \"float32\" or \"bfloat16\"",
                    Fields.describe(v.node()));
        }
    }

    /** Labels by class index: {@code id2label}, else inverted {@code label2id}, else {@code LABEL_i} for {@code num_labels}. */
    public Map<Integer, String> id2label() {
        JsonNode node = json.get("id2label");
        if (node != null && !node.isNull()) {
            return parseId2label(node);
        }
        JsonNode inverse = json.get("label2id");
        Map<Integer, String> out = new LinkedHashMap<>();
        if (inverse != null && !inverse.isNull()) {
            parseLabel2id(inverse).forEach((label, id) -> out.put(id, label));
            return Collections.unmodifiableMap(out);
        }
        int n = numLabelsFromField();
        for (int i = 0; i < n; i++) {
            out.put(i, "LABEL_" + i);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Class indices by label: {@code label2id}, else the inverse of {@link #id2label()}. */
    public Map<String, Integer> label2id() {
        JsonNode node = json.get("label2id");
        if (node != null && !node.isNull()) {
            return parseLabel2id(node);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        id2label().forEach((id, label) -> out.put(label, id));
        return Collections.unmodifiableMap(out);
    }

    /** Number of classification labels. */
    public int numLabels() {
        return id2label().size();
    }

    /** {@code pad_token_id}; empty when null or absent without a family default. */
    public OptionalInt padTokenId() {
        return firstTokenId("pad_token_id");
    }

    /** {@code bos_token_id}; empty when null or absent without a family default. */
    public OptionalInt bosTokenId() {
        return firstTokenId("bos_token_id");
    }

    /** The first {@code eos_token_id} (the field may hold a list, see {@link #eosTokenIds()}). */
    public OptionalInt eosTokenId() {
        return firstTokenId("eos_token_id");
    }

    /** All {@code eos_token_id}s (newer models list several). */
    public List<Integer> eosTokenIds() {
        return tokenIds("eos_token_id");
    }

    /** Whether the output embedding shares the input embedding's weights (transformers' default: true). */
    public boolean tieWordEmbeddings() {
        return bool("tie_word_embeddings");
    }

    /** Whether the model is an encoder-decoder (T5, BART). */
    public boolean isEncoderDecoder() {
        return bool("is_encoder_decoder");
    }

    // ---------------------------------------------------------------- raw and generic access

    /** Raw access to a top-level field exactly as in the file (a copy). */
    public Optional<JsonNode> get(String key) {
        JsonNode v = json.get(key);
        return v == null ? Optional.empty() : Optional.of(v.deepCopy());
    }

    /** A canonical or family field resolved through this family's aliases and defaults (a copy). */
    public Optional<JsonNode> resolve(String canonicalName) {
        if ("model_type".equals(canonicalName)) {
            return Optional.of(JsonNodeFactory.instance.textNode(modelType));
        }
        return lookup(canonicalName, true).map(v -> v.node().deepCopy());
    }

    /**
     * The text model's config nested in a composite config ({@code text_config} of Llava or Gemma 3,
     * {@code decoder} of an encoder-decoder...), which answers the canonical fields the top level lacks.
     */
    public Optional<ModelConfig> textConfig() {
        return Optional.ofNullable(text).map(Nested::config);
    }

    /** The key the {@link #textConfig()} is nested under, e.g. {@code text_config}. */
    public Optional<String> textConfigKey() {
        return Optional.ofNullable(text).map(Nested::key);
    }

    /** The file's JSON (a copy), keys in their original order. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /**
     * The file's own keys plus every canonical field ({@link #CANONICAL_FIELDS}) resolved through
     * aliases and defaults: a GPT-2 config shows {@code hidden_size: 768} as well as {@code n_embd: 768}.
     */
    public ObjectNode canonicalJson() {
        ObjectNode out = json.deepCopy();
        for (String name : CANONICAL_FIELDS) {
            if ("model_type".equals(name)) {
                out.put(name, modelType);
                continue;
            }
            lookup(name, !isNullable(name)).ifPresent(v -> out.set(name, v.node().deepCopy()));
        }
        return out;
    }

    /** Serialised like transformers' {@code to_json_string}: 2-space indent, original key order, newline at end. */
    public String toJsonString() {
        return PythonJson.toJsonString(json, ascii);
    }

    /** Writes {@link #toJsonString()} to {@code file} atomically (temp file + rename). */
    public void save(Path file) {
        AtomicFiles.writeString(file, toJsonString());
    }

    /** A short aligned {@code key: value} listing of the canonical fields, for people. */
    public String describe() {
        return ConfigDescription.of(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + modelType + " from " + source + "]";
    }

    // ---------------------------------------------------------------- for subclasses and defaults

    /** Looks a canonical/family field up; {@code nullIsAbsent} lets a JSON null fall through to the default. */
    final Optional<Value> lookup(String canonical, boolean nullIsAbsent) {
        Value explicitNull = null;
        for (String key : family.keysFor(canonical)) {
            JsonNode v = json.get(key);
            if (v == null || (v.isNull() && nullIsAbsent)) {
                continue;
            }
            if (v.isNull() && text != null && TEXT_FIELDS.contains(canonical)) {
                explicitNull = new Value(key, v, true); // a composite's top-level None: its text config answers
                break;
            }
            return Optional.of(new Value(key, v, true));
        }
        if (text != null && TEXT_FIELDS.contains(canonical)) {
            Optional<Value> inner = text.config().lookup(canonical, nullIsAbsent).filter(v -> !v.node().isNull());
            if (inner.isPresent()) {
                return Optional.of(new Value(text.key() + "." + inner.get().key(), inner.get().node(), false));
            }
        }
        if (explicitNull != null) {
            return Optional.of(explicitNull);
        }
        return family.defaultFor(canonical, this).map(v -> new Value(canonical, v, false));
    }

    final Value require(String canonical, boolean nullIsAbsent) {
        return lookup(canonical, nullIsAbsent).orElseThrow(() -> new ConfigException(source, canonical,
                "is absent (looked for " + String.join(", ", family.keysFor(canonical)) + ") and model type '"
                        + modelType + "' has no default for it; add it to the config"));
    }

    /** An integer field that must be there; its type was checked when the config was read. */
    final int requireInt(String canonical) {
        Value v = require(canonical, true);
        return Fields.integer(v.node(), source, v.key());
    }

    /** An integer field when present and well-typed (used by derived defaults; never throws). */
    final OptionalInt resolvedInt(String canonical) {
        Optional<Value> v = lookup(canonical, true);
        return v.isPresent() && Fields.isInt(v.get().node()) ? OptionalInt.of(v.get().node().intValue())
                : OptionalInt.empty();
    }

    final OptionalInt optInt(String canonical) {
        Optional<Value> v = lookup(canonical, false);
        return v.isEmpty() ? OptionalInt.empty() : Fields.optInt(v.get().node(), source, v.get().key());
    }

    final double number(String canonical) {
        Value v = require(canonical, true);
        return Fields.number(v.node(), source, v.key());
    }

    final OptionalDouble optNumber(String canonical) {
        Optional<Value> v = lookup(canonical, false);
        if (v.isEmpty() || v.get().node().isNull()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Fields.number(v.get().node(), source, v.get().key()));
    }

    final boolean bool(String canonical) {
        Value v = require(canonical, true);
        return Fields.bool(v.node(), source, v.key());
    }

    final String string(String canonical) {
        Value v = require(canonical, true);
        return Fields.string(v.node(), source, v.key());
    }

    final Optional<String> optString(String canonical) {
        Optional<Value> v = lookup(canonical, false);
        return v.isEmpty() ? Optional.empty() : Fields.optString(v.get().node(), source, v.get().key());
    }

    final Optional<JsonNode> optNode(String canonical) {
        Optional<Value> v = lookup(canonical, false);
        return v.isEmpty() || v.get().node().isNull() ? Optional.empty() : Optional.of(v.get().node().deepCopy());
    }

    final List<Integer> tokenIds(String canonical) {
        Optional<Value> v = lookup(canonical, false);
        return v.isEmpty() ? List.of() : Fields.tokenIds(v.get().node(), source, v.get().key());
    }

    final OptionalInt firstTokenId(String canonical) {
        List<Integer> ids = tokenIds(canonical);
        return ids.isEmpty() ? OptionalInt.empty() : OptionalInt.of(ids.get(0));
    }

    final ConfigException invalid(String canonical, String expected) {
        Value v = require(canonical, true);
        return ConfigException.expected(source, v.key(), expected, Fields.describe(v.node()));
    }

    /** Checks the family's own fields; subclasses call their accessors here so bad types fail at load time. */
    void validateFamily() {
        // the generic config has no fields of its own
    }

    // ---------------------------------------------------------------- validation

    private static boolean isNullable(String canonical) {
        return switch (canonical) {
            case "architectures", "torch_dtype", "pad_token_id", "bos_token_id", "eos_token_id" -> true;
            default -> false;
        };
    }

    private void validateCommon() {
        for (String name : POSITIVE_INTS) {
            lookup(name, true).filter(Value::fromFile).ifPresent(v -> {
                if (family.lenientSizes()) {
                    Fields.lenientSize(v.node(), source, v.key(), "head_dim".equals(name) ? 0 : 1);
                } else {
                    Fields.positiveInt(v.node(), source, v.key());
                }
            });
        }
        for (String name : NON_NEGATIVE_INTS) {
            lookup(name, true).filter(Value::fromFile).ifPresent(v -> {
                if (family.lenientSizes()) {
                    Fields.lenientSize(v.node(), source, v.key(), 0);
                } else {
                    Fields.nonNegativeInt(v.node(), source, v.key());
                }
            });
        }
        lookup("layer_norm_eps", true).filter(Value::fromFile)
                .ifPresent(v -> Fields.positiveNumber(v.node(), source, v.key()));
        lookup("hidden_act", true).filter(Value::fromFile).ifPresent(v -> Fields.string(v.node(), source, v.key()));
        lookup("tie_word_embeddings", true).filter(Value::fromFile)
                .ifPresent(v -> Fields.bool(v.node(), source, v.key()));
        lookup("is_encoder_decoder", true).filter(Value::fromFile)
                .ifPresent(v -> Fields.bool(v.node(), source, v.key()));
        architectures();
        dtype();
        padTokenId();
        bosTokenId();
        eosTokenIds();
        id2label();
        label2id();
        checkHeads();
    }

    private void checkHeads() {
        OptionalInt hidden = resolvedInt("hidden_size");
        OptionalInt heads = resolvedInt("num_attention_heads");
        if (hidden.isEmpty() || heads.isEmpty()) {
            return;
        }
        boolean mustDivide = switch (family.headRule()) {
            case NONE -> false;
            case DIVISIBLE -> true;
            case DIVISIBLE_UNLESS_HEAD_DIM -> lookup("head_dim", true).filter(Value::fromFile).isEmpty();
        };
        if (mustDivide && hidden.getAsInt() % heads.getAsInt() != 0) {
            Value h = require("hidden_size", true);
            Value n = require("num_attention_heads", true);
            throw ConfigException.expected(source, h.key(), "a multiple of the number of attention heads ("
                    + heads.getAsInt() + (n.fromFile() ? "" : ", the '" + modelType + "' default") + ") for model type '"
                    + modelType + "'", hidden.getAsInt() + (h.fromFile() ? "" : " (the '" + modelType
                    + "' default, as the field is absent)"));
        }
        if (family.groupedQueryAttention()) {
            OptionalInt kv = resolvedInt("num_key_value_heads");
            if (kv.isPresent() && heads.getAsInt() % kv.getAsInt() != 0) {
                Value k = require("num_key_value_heads", true);
                throw ConfigException.expected(source, k.key(), "a divisor of the number of attention heads ("
                        + heads.getAsInt() + ")", String.valueOf(kv.getAsInt()));
            }
        }
    }

    private int numLabelsFromField() {
        JsonNode n = json.get("num_labels");
        if (n != null && !n.isNull()) {
            return Fields.nonNegativeInt(n, source, "num_labels");
        }
        return resolvedInt("num_labels").orElse(2);
    }

    private Map<Integer, String> parseId2label(JsonNode node) {
        if (!node.isObject()) {
            throw ConfigException.expected(source, "id2label", "an object mapping class indices to labels",
                    Fields.describe(node));
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey().strip());
            } catch (NumberFormatException ex) {
                throw ConfigException.expected(source, "id2label", "integer class indices as keys",
                        "key \"" + e.getKey() + "\"");
            }
            out.put(id, Fields.string(e.getValue(), source, "id2label." + e.getKey()));
        }
        return Collections.unmodifiableMap(out);
    }

    private Map<String, Integer> parseLabel2id(JsonNode node) {
        if (!node.isObject()) {
            throw ConfigException.expected(source, "label2id", "an object mapping labels to class indices",
                    Fields.describe(node));
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), Fields.integer(e.getValue(), source, "label2id." + e.getKey()));
        }
        return Collections.unmodifiableMap(out);
    }
}
