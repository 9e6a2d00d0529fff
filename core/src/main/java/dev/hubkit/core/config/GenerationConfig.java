package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed {@code generation_config.json}, with transformers' GenerationConfig defaults for absent
 * fields (max_length 20, num_beams 1, temperature 1.0, top_k 50, top_p 1.0...). Unknown fields are kept.
 */
public final class GenerationConfig {

    private final ObjectNode json;
    private final String source;
    private final boolean ascii;

    private GenerationConfig(ConfigJson.Parsed parsed, String source) {
        this.json = parsed.node();
        this.ascii = parsed.ascii();
        this.source = source;
        validate();
    }

    /** Reads a {@code generation_config.json} file. */
    public static GenerationConfig fromFile(Path file) {
        return new GenerationConfig(ConfigJson.readObject(file), file.toString());
    }

    /** Parses JSON text; {@code sourceName} names it in error messages. */
    public static GenerationConfig fromJson(String json, String sourceName) {
        return new GenerationConfig(ConfigJson.parseObject(json, sourceName), sourceName);
    }

    /** {@code max_length} (default 20): prompt plus generated tokens. */
    public int maxLength() {
        return intOr("max_length", 20);
    }

    /** {@code max_new_tokens}: generated tokens, overriding max_length when set. */
    public OptionalInt maxNewTokens() {
        return Fields.optInt(json.get("max_new_tokens"), source, "max_new_tokens");
    }

    /** {@code min_length} (default 0). */
    public int minLength() {
        return intOr("min_length", 0);
    }

    /** {@code do_sample} (default false: greedy or beam search). */
    public boolean doSample() {
        JsonNode v = json.get("do_sample");
        return v == null || v.isNull() ? false : Fields.bool(v, source, "do_sample");
    }

    /** {@code num_beams} (default 1). */
    public int numBeams() {
        return intOr("num_beams", 1);
    }

    /** {@code num_return_sequences} (default 1). */
    public int numReturnSequences() {
        return intOr("num_return_sequences", 1);
    }

    /** {@code temperature} (default 1.0). */
    public double temperature() {
        return numberOr("temperature", 1.0);
    }

    /** {@code top_k} (default 50). */
    public int topK() {
        return intOr("top_k", 50);
    }

    /** {@code top_p} (default 1.0). */
    public double topP() {
        return numberOr("top_p", 1.0);
    }

    /** {@code repetition_penalty} (default 1.0). */
    public double repetitionPenalty() {
        return numberOr("repetition_penalty", 1.0);
    }

    /** {@code length_penalty} (default 1.0). */
    public double lengthPenalty() {
        return numberOr("length_penalty", 1.0);
    }

    /** {@code no_repeat_ngram_size} (default 0). */
    public int noRepeatNgramSize() {
        return intOr("no_repeat_ngram_size", 0);
    }

    /** {@code pad_token_id}. */
    public OptionalInt padTokenId() {
        return first("pad_token_id");
    }

    /** {@code bos_token_id}. */
    public OptionalInt bosTokenId() {
        return first("bos_token_id");
    }

    /** The first {@code eos_token_id}. */
    public OptionalInt eosTokenId() {
        return first("eos_token_id");
    }

    /** All {@code eos_token_id}s (the field may hold a list). */
    public List<Integer> eosTokenIds() {
        return Fields.tokenIds(json.get("eos_token_id"), source, "eos_token_id");
    }

    /** {@code decoder_start_token_id}. */
    public OptionalInt decoderStartTokenId() {
        return first("decoder_start_token_id");
    }

    /** {@code forced_bos_token_id}. */
    public OptionalInt forcedBosTokenId() {
        return first("forced_bos_token_id");
    }

    /** {@code forced_eos_token_id}. */
    public OptionalInt forcedEosTokenId() {
        return first("forced_eos_token_id");
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

    /** Serialised like transformers (2-space indent, original key order, newline at end). */
    public String toJsonString() {
        return PythonJson.toJsonString(json, ascii);
    }

    /** Writes {@link #toJsonString()} atomically. */
    public void save(Path file) {
        AtomicFiles.writeString(file, toJsonString());
    }

    private void validate() {
        positive("max_length");
        positive("max_new_tokens");
        nonNegative("min_length");
        positive("num_beams");
        positive("num_return_sequences");
        nonNegative("top_k");
        nonNegative("no_repeat_ngram_size");
        doSample();
        double t = temperature();
        if (t < 0) {
            throw ConfigException.expected(source, "temperature", "a non-negative number", Fields.describe(json.get("temperature")));
        }
        double p = topP();
        if (p < 0 || p > 1) {
            throw ConfigException.expected(source, "top_p", "a number between 0 and 1", Fields.describe(json.get("top_p")));
        }
        if (!(repetitionPenalty() > 0)) {
            throw ConfigException.expected(source, "repetition_penalty", "a positive number",
                    Fields.describe(json.get("repetition_penalty")));
        }
        lengthPenalty();
        padTokenId();
        bosTokenId();
        eosTokenIds();
        decoderStartTokenId();
        forcedBosTokenId();
        forcedEosTokenId();
    }

    private void positive(String field) {
        JsonNode v = json.get(field);
        if (v != null && !v.isNull()) {
            Fields.positiveInt(v, source, field);
        }
    }

    private void nonNegative(String field) {
        JsonNode v = json.get(field);
        if (v != null && !v.isNull()) {
            Fields.nonNegativeInt(v, source, field);
        }
    }

    private int intOr(String field, int dflt) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? dflt : Fields.integer(v, source, field);
    }

    private double numberOr(String field, double dflt) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? dflt : Fields.number(v, source, field);
    }

    private OptionalInt first(String field) {
        List<Integer> ids = Fields.tokenIds(json.get(field), source, field);
        return ids.isEmpty() ? OptionalInt.empty() : OptionalInt.of(ids.get(0));
    }
}
