package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hubkit.core.source.ModelSources;
import dev.hubkit.tokenizers.TokenizerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The slow-tokenizer files of one source (a vocabulary file, a model directory or a repo id), with its
 * {@code tokenizer_config.json}, {@code special_tokens_map.json} and {@code config.json} when present.
 *
 * @param source what the user named
 * @param files the vocabulary files found, by kind
 * @param tokenizerConfig tokenizer_config.json (an empty object when absent)
 * @param specialTokensMap special_tokens_map.json (an empty object when absent)
 * @param modelType config.json's model_type, or null
 */
public record SlowFiles(String source, Map<Kind, Path> files, JsonNode tokenizerConfig, JsonNode specialTokensMap,
                        String modelType) {
    /** Made on first use: creating an ObjectMapper costs tens of milliseconds at start-up (its date
     *  format loads locale data), and not every use of this class needs one. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Kinds of vocabulary files. */
    public enum Kind {
        /** BERT's {@code vocab.txt}. */
        VOCAB_TXT,
        /** GPT-2's {@code vocab.json}. */
        VOCAB_JSON,
        /** GPT-2's {@code merges.txt}. */
        MERGES_TXT,
        /** A SentencePiece {@code .model}. */
        SENTENCEPIECE,
        /** A tiktoken rank file. */
        TIKTOKEN
    }

    private static final List<String> SPM_NAMES = List.of("tokenizer.model", "spiece.model",
            "sentencepiece.bpe.model", "sentencepiece.model");

    /** Copies the map. */
    public SlowFiles {
        files = Map.copyOf(files);
    }

    /** The file of a kind, if present. */
    public Optional<Path> file(Kind kind) {
        return Optional.ofNullable(files.get(kind));
    }

    /**
     * Finds the slow files of {@code source}: a vocabulary file itself (its siblings are looked at too), a local
     * model directory, or anything {@link ModelSources} resolves (e.g. a hub repo id).
     *
     * @throws TokenizerException when a config file is not valid JSON
     */
    public static SlowFiles locate(String source) {
        Path path = asPath(source);
        Map<Kind, Path> found = new EnumMap<>(Kind.class);
        Path dir;
        if (path != null && Files.isRegularFile(path)) {
            Kind kind = kindOf(path);
            if (kind == null && path.getFileName().toString().endsWith(".json")) {
                dir = path.toAbsolutePath().getParent(); // a tokenizer.json: only its configs are of interest
                return new SlowFiles(source, found, readJson(sibling(dir, "tokenizer_config.json")),
                        readJson(sibling(dir, "special_tokens_map.json")), modelType(sibling(dir, "config.json")));
            }
            if (kind == null) {
                throw new TokenizerException(path + " is not a tokenizer file hubkit knows: pass a tokenizer.json, "
                        + "vocab.txt, vocab.json (with merges.txt beside it), a SentencePiece .model or a .tiktoken"
                        + " file, or a model directory.");
            }
            found.put(kind, path);
            dir = path.toAbsolutePath().getParent();
            if (kind == Kind.VOCAB_JSON) {
                sibling(dir, "merges.txt").ifPresent(p -> found.put(Kind.MERGES_TXT, p));
            }
            return new SlowFiles(source, found, readJson(sibling(dir, "tokenizer_config.json")),
                    readJson(sibling(dir, "special_tokens_map.json")), modelType(sibling(dir, "config.json")));
        }
        if (path != null && Files.isDirectory(path)) {
            sibling(path, "vocab.txt").ifPresent(p -> found.put(Kind.VOCAB_TXT, p));
            sibling(path, "vocab.json").ifPresent(p -> found.put(Kind.VOCAB_JSON, p));
            sibling(path, "merges.txt").ifPresent(p -> found.put(Kind.MERGES_TXT, p));
            for (String n : SPM_NAMES) {
                Optional<Path> p = sibling(path, n);
                if (p.isPresent()) {
                    found.putIfAbsent(Kind.SENTENCEPIECE, p.get());
                }
            }
            try (Stream<Path> list = Files.list(path)) {
                list.filter(p -> p.getFileName().toString().endsWith(".tiktoken")).sorted().findFirst()
                        .ifPresent(p -> found.put(Kind.TIKTOKEN, p));
            } catch (IOException e) {
                throw new TokenizerException("Cannot list model directory " + path + ": " + e.getMessage(), e);
            }
            return new SlowFiles(source, found, readJson(sibling(path, "tokenizer_config.json")),
                    readJson(sibling(path, "special_tokens_map.json")), modelType(sibling(path, "config.json")));
        }
        ModelSources.tryResolve(source, "vocab.txt").ifPresent(p -> found.put(Kind.VOCAB_TXT, p));
        ModelSources.tryResolve(source, "vocab.json").ifPresent(p -> found.put(Kind.VOCAB_JSON, p));
        if (found.containsKey(Kind.VOCAB_JSON)) {
            ModelSources.tryResolve(source, "merges.txt").ifPresent(p -> found.put(Kind.MERGES_TXT, p));
        }
        if (found.isEmpty()) {
            for (String n : SPM_NAMES) {
                Optional<Path> p = ModelSources.tryResolve(source, n);
                if (p.isPresent()) {
                    found.put(Kind.SENTENCEPIECE, p.get());
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            ModelSources.tryResolve(source, "tokenizer.tiktoken").ifPresent(p -> found.put(Kind.TIKTOKEN, p));
        }
        return new SlowFiles(source, found, readJson(ModelSources.tryResolve(source, "tokenizer_config.json")),
                readJson(ModelSources.tryResolve(source, "special_tokens_map.json")),
                modelType(ModelSources.tryResolve(source, "config.json")));
    }

    /** The kind of a file, from its name; null when unknown. */
    public static Kind kindOf(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".model")) {
            return Kind.SENTENCEPIECE;
        }
        if (n.endsWith(".tiktoken")) {
            return Kind.TIKTOKEN;
        }
        if (n.endsWith(".txt") && n.contains("vocab")) {
            return Kind.VOCAB_TXT;
        }
        if (n.endsWith(".json") && n.contains("vocab")) {
            return Kind.VOCAB_JSON;
        }
        return null;
    }

    /** A boolean from tokenizer_config.json (then special_tokens_map.json), or {@code def}. */
    public boolean bool(String key, boolean def) {
        JsonNode v = value(key);
        return v.isBoolean() ? v.booleanValue() : def;
    }

    /** A boolean from tokenizer_config.json, or null when absent or null. */
    public Boolean boolOrNull(String key) {
        JsonNode v = value(key);
        return v.isBoolean() ? v.booleanValue() : null;
    }

    /** An integer from tokenizer_config.json, or {@code def}. */
    public long integer(String key, long def) {
        JsonNode v = value(key);
        return v.isIntegralNumber() ? v.longValue() : def;
    }

    /** A string from tokenizer_config.json, or {@code def}. */
    public String string(String key, String def) {
        JsonNode v = value(key);
        return v.isTextual() ? v.textValue() : def;
    }

    /**
     * A special token ({@code bos_token}, {@code unk_token}...) from tokenizer_config.json or
     * special_tokens_map.json, written either as a string or as an AddedToken object; {@code def} when absent.
     */
    public String specialToken(String key, String def) {
        JsonNode v = value(key);
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isObject() && v.path("content").isTextual()) {
            return v.path("content").textValue();
        }
        return v.isNull() && (tokenizerConfig.has(key) || specialTokensMap.has(key)) ? null : def;
    }

    /** The raw value of {@code key}: tokenizer_config.json first, then special_tokens_map.json. */
    public JsonNode value(String key) {
        JsonNode v = tokenizerConfig.get(key);
        if (v == null) {
            v = specialTokensMap.get(key);
        }
        return v == null ? NullNode.getInstance() : v;
    }

    private static Path asPath(String source) {
        try {
            return Path.of(source);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Optional<Path> sibling(Path dir, String name) {
        if (dir == null) {
            return Optional.empty();
        }
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static JsonNode readJson(Optional<Path> file) {
        if (file.isEmpty()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(file.get().toFile());
            if (n == null || !n.isObject()) {
                throw new TokenizerException(file.get() + " is not a JSON object; it must be a {...} of settings."
                        + " Fix or delete the file.");
            }
            return n;
        } catch (IOException e) {
            throw new TokenizerException(file.get() + " is not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); fix or delete the file.", e);
        }
    }

    private static String modelType(Optional<Path> config) {
        JsonNode c = readJson(config);
        JsonNode t = c.get("model_type");
        return t != null && t.isTextual() ? t.textValue() : null;
    }
}
