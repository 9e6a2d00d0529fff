package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed {@code tokenizer_config.json}: special tokens (strings or AddedToken dicts),
 * {@code added_tokens_decoder}, {@code model_max_length}, padding/truncation sides, lower-casing,
 * BOS/EOS insertion flags and chat templates. Unknown fields are kept for {@link #toJsonString()}.
 */
public final class TokenizerConfig {

    /** transformers' VERY_LARGE_INTEGER = int(1e30): "no limit" for model_max_length. */
    private static final BigDecimal NO_LIMIT = new BigDecimal("1e29");

    private final ObjectNode json;
    private final String source;
    private final boolean ascii;
    private final Map<String, AddedToken> named;
    private final List<AddedToken> additional;
    private final Map<Integer, AddedToken> addedTokensDecoder;
    private final Map<String, String> chatTemplates;

    private TokenizerConfig(ConfigJson.Parsed parsed, String source) {
        this.json = parsed.node();
        this.ascii = parsed.ascii();
        this.source = source;
        this.named = SpecialTokens.named(json, source);
        this.additional = SpecialTokens.additional(json, source);
        this.addedTokensDecoder = parseDecoder(json.get("added_tokens_decoder"));
        this.chatTemplates = parseChatTemplates(json.get("chat_template"));
        modelMaxLength();
        side("padding_side");
        side("truncation_side");
        doLowerCase();
        addBosToken();
        addEosToken();
        addPrefixSpace();
        cleanUpTokenizationSpaces();
        tokenizerClass();
    }

    /** Reads a {@code tokenizer_config.json} file. */
    public static TokenizerConfig fromFile(Path file) {
        return new TokenizerConfig(ConfigJson.readObject(file), file.toString());
    }

    /** Parses JSON text; {@code sourceName} names it in error messages. */
    public static TokenizerConfig fromJson(String json, String sourceName) {
        return new TokenizerConfig(ConfigJson.parseObject(json, sourceName), sourceName);
    }

    /** Special tokens by slot ({@code bos_token}, {@code eos_token}, {@code unk_token}, {@code sep_token}, {@code pad_token}, {@code cls_token}, {@code mask_token}). */
    public Map<String, AddedToken> specialTokens() {
        return named;
    }

    /** The token of one slot, e.g. {@code token("pad_token")}. */
    public Optional<AddedToken> token(String slot) {
        return Optional.ofNullable(named.get(slot));
    }

    /** {@code additional_special_tokens}. */
    public List<AddedToken> additionalSpecialTokens() {
        return additional;
    }

    /** {@code added_tokens_decoder}: added tokens by id, in file order. */
    public Map<Integer, AddedToken> addedTokensDecoder() {
        return addedTokensDecoder;
    }

    /**
     * {@code model_max_length}; empty when absent or set to transformers' "no limit" sentinel
     * ({@code int(1e30)}).
     */
    public OptionalLong modelMaxLength() {
        JsonNode v = json.get("model_max_length");
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.isNumber() || v.decimalValue().signum() <= 0) {
            throw ConfigException.expected(source, "model_max_length", "a positive integer", Fields.describe(v));
        }
        BigDecimal d = v.decimalValue();
        if (d.compareTo(NO_LIMIT) >= 0 || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return OptionalLong.empty();
        }
        if (d.stripTrailingZeros().scale() > 0) {
            throw ConfigException.expected(source, "model_max_length", "a positive integer", Fields.describe(v));
        }
        return OptionalLong.of(d.longValueExact());
    }

    /** {@code padding_side}: {@code "right"} (default) or {@code "left"}. */
    public String paddingSide() {
        return side("padding_side");
    }

    /** {@code truncation_side}: {@code "right"} (default) or {@code "left"}. */
    public String truncationSide() {
        return side("truncation_side");
    }

    /** {@code do_lower_case}. */
    public Optional<Boolean> doLowerCase() {
        return Fields.optBool(json.get("do_lower_case"), source, "do_lower_case");
    }

    /** {@code add_bos_token} (Llama-style tokenizers). */
    public Optional<Boolean> addBosToken() {
        return Fields.optBool(json.get("add_bos_token"), source, "add_bos_token");
    }

    /** {@code add_eos_token} (Llama-style tokenizers). */
    public Optional<Boolean> addEosToken() {
        return Fields.optBool(json.get("add_eos_token"), source, "add_eos_token");
    }

    /** {@code add_prefix_space} (byte-level BPE tokenizers). */
    public Optional<Boolean> addPrefixSpace() {
        return Fields.optBool(json.get("add_prefix_space"), source, "add_prefix_space");
    }

    /** {@code clean_up_tokenization_spaces}. */
    public Optional<Boolean> cleanUpTokenizationSpaces() {
        return Fields.optBool(json.get("clean_up_tokenization_spaces"), source, "clean_up_tokenization_spaces");
    }

    /** {@code tokenizer_class}, e.g. {@code "BertTokenizer"}. */
    public Optional<String> tokenizerClass() {
        return Fields.optString(json.get("tokenizer_class"), source, "tokenizer_class");
    }

    /**
     * Chat templates by name. A {@code chat_template} string is named {@code "default"}; a list of
     * {@code {"name": ..., "template": ...}} keeps its names.
     */
    public Map<String, String> chatTemplates() {
        return chatTemplates;
    }

    /** The default chat template, if any. */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplates.get("default"));
    }

    /** Raw access to a top-level field (a copy). */
    public Optional<JsonNode> get(String key) {
        JsonNode v = json.get(key);
        return v == null ? Optional.empty() : Optional.of(v.deepCopy());
    }

    /** The file this config was read from. */
    public String source() {
        return source;
    }

    /** The file's JSON (a copy). */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /** Serialised like transformers' save_pretrained (2-space indent, original key order, non-ASCII kept). */
    public String toJsonString() {
        return PythonJson.toJsonString(json, ascii);
    }

    /** Writes {@link #toJsonString()} atomically. */
    public void save(Path file) {
        AtomicFiles.writeString(file, toJsonString());
    }

    private String side(String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return "right";
        }
        String s = Fields.string(v, source, field);
        if (!"right".equals(s) && !"left".equals(s)) {
            throw ConfigException.expected(source, field, "\"right\" or \"left\"", Fields.describe(v));
        }
        return s;
    }

    private Map<Integer, AddedToken> parseDecoder(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ConfigException.expected(source, "added_tokens_decoder", "an object mapping token ids to tokens",
                    Fields.describe(node));
        }
        Map<Integer, AddedToken> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw ConfigException.expected(source, "added_tokens_decoder", "non-negative integer token ids as keys",
                        "key \"" + e.getKey() + "\"");
            }
            if (id < 0) {
                throw ConfigException.expected(source, "added_tokens_decoder", "non-negative integer token ids as keys",
                        "key \"" + e.getKey() + "\"");
            }
            out.put(id, AddedToken.parse(e.getValue(), source, "added_tokens_decoder." + e.getKey(), false));
        }
        return Collections.unmodifiableMap(out);
    }

    private Map<String, String> parseChatTemplates(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (node.isTextual()) {
            return Map.of("default", node.textValue());
        }
        if (!node.isArray()) {
            throw ConfigException.expected(source, "chat_template",
                    "a template string or a list of {\"name\": ..., \"template\": ...}", Fields.describe(node));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String field = "chat_template[" + i + "]";
            if (!item.isObject()) {
                throw ConfigException.expected(source, field, "an object {\"name\": ..., \"template\": ...}",
                        Fields.describe(item));
            }
            out.put(Fields.string(item.get("name"), source, field + ".name"),
                    Fields.string(item.get("template"), source, field + ".template"));
        }
        return Collections.unmodifiableMap(out);
    }
}
