package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed {@code special_tokens_map.json}: the special tokens by slot plus the additional ones. */
public final class SpecialTokensMap {

    private final ObjectNode json;
    private final String source;
    private final boolean ascii;
    private final Map<String, AddedToken> named;
    private final List<AddedToken> additional;

    private SpecialTokensMap(ConfigJson.Parsed parsed, String source) {
        this.json = parsed.node();
        this.ascii = parsed.ascii();
        this.source = source;
        this.named = SpecialTokens.named(json, source);
        this.additional = SpecialTokens.additional(json, source);
    }

    /** Reads a {@code special_tokens_map.json} file. */
    public static SpecialTokensMap fromFile(Path file) {
        return new SpecialTokensMap(ConfigJson.readObject(file), file.toString());
    }

    /** Parses JSON text; {@code sourceName} names it in error messages. */
    public static SpecialTokensMap fromJson(String json, String sourceName) {
        return new SpecialTokensMap(ConfigJson.parseObject(json, sourceName), sourceName);
    }

    /** The tokens by slot ({@code bos_token}, {@code eos_token}, {@code unk_token}, {@code sep_token}, {@code pad_token}, {@code cls_token}, {@code mask_token}), in file order of the slots. */
    public Map<String, AddedToken> tokens() {
        return named;
    }

    /** The token of one slot, e.g. {@code token("cls_token")}. */
    public Optional<AddedToken> token(String slot) {
        return Optional.ofNullable(named.get(slot));
    }

    /** {@code additional_special_tokens}. */
    public List<AddedToken> additionalSpecialTokens() {
        return additional;
    }

    /** The file this map was read from. */
    public String source() {
        return source;
    }

    /** The file's JSON (a copy). */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /** Serialised like transformers' save_pretrained (2-space indent, non-ASCII kept, newline at end). */
    public String toJsonString() {
        return PythonJson.toJsonString(json, ascii);
    }

    /** Writes {@link #toJsonString()} atomically. */
    public void save(Path file) {
        AtomicFiles.writeString(file, toJsonString());
    }
}
