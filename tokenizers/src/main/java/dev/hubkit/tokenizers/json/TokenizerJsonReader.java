package dev.hubkit.tokenizers.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.Direction;
import dev.hubkit.tokenizers.Padding;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.Truncation;
import dev.hubkit.tokenizers.added.AddedToken;
import dev.hubkit.tokenizers.decoders.BpeDecoder;
import dev.hubkit.tokenizers.decoders.ByteFallback;
import dev.hubkit.tokenizers.decoders.ByteLevelDecoder;
import dev.hubkit.tokenizers.decoders.Ctc;
import dev.hubkit.tokenizers.decoders.Decoder;
import dev.hubkit.tokenizers.decoders.DecoderSequence;
import dev.hubkit.tokenizers.decoders.Fuse;
import dev.hubkit.tokenizers.decoders.MetaspaceDecoder;
import dev.hubkit.tokenizers.decoders.ReplaceDecoder;
import dev.hubkit.tokenizers.decoders.StripDecoder;
import dev.hubkit.tokenizers.decoders.WordPieceDecoder;
import dev.hubkit.tokenizers.models.Bpe;
import dev.hubkit.tokenizers.models.MergeList;
import dev.hubkit.tokenizers.models.Model;
import dev.hubkit.tokenizers.models.Unigram;
import dev.hubkit.tokenizers.models.Vocab;
import dev.hubkit.tokenizers.models.WordLevel;
import dev.hubkit.tokenizers.models.WordPiece;
import dev.hubkit.tokenizers.normalizers.BertNormalizer;
import dev.hubkit.tokenizers.normalizers.ByteLevelNormalizer;
import dev.hubkit.tokenizers.normalizers.Lowercase;
import dev.hubkit.tokenizers.normalizers.Nmt;
import dev.hubkit.tokenizers.normalizers.Normalizer;
import dev.hubkit.tokenizers.normalizers.NormalizerSequence;
import dev.hubkit.tokenizers.normalizers.Precompiled;
import dev.hubkit.tokenizers.normalizers.Prepend;
import dev.hubkit.tokenizers.normalizers.Replace;
import dev.hubkit.tokenizers.normalizers.Strip;
import dev.hubkit.tokenizers.normalizers.StripAccents;
import dev.hubkit.tokenizers.normalizers.UnicodeNormalizer;
import dev.hubkit.tokenizers.pretokenizers.BertPreTokenizer;
import dev.hubkit.tokenizers.pretokenizers.ByteLevelPreTokenizer;
import dev.hubkit.tokenizers.pretokenizers.CharDelimiterSplit;
import dev.hubkit.tokenizers.pretokenizers.FixedLength;
import dev.hubkit.tokenizers.pretokenizers.Digits;
import dev.hubkit.tokenizers.pretokenizers.Metaspace;
import dev.hubkit.tokenizers.pretokenizers.PreTokenizer;
import dev.hubkit.tokenizers.pretokenizers.PreTokenizerSequence;
import dev.hubkit.tokenizers.pretokenizers.Punctuation;
import dev.hubkit.tokenizers.pretokenizers.Split;
import dev.hubkit.tokenizers.pretokenizers.UnicodeScripts;
import dev.hubkit.tokenizers.pretokenizers.Whitespace;
import dev.hubkit.tokenizers.pretokenizers.WhitespaceSplit;
import dev.hubkit.tokenizers.processors.BertProcessing;
import dev.hubkit.tokenizers.processors.ByteLevelProcessor;
import dev.hubkit.tokenizers.processors.PostProcessor;
import dev.hubkit.tokenizers.processors.ProcessorSequence;
import dev.hubkit.tokenizers.processors.RobertaProcessing;
import dev.hubkit.tokenizers.processors.TemplateProcessing;
import dev.hubkit.tokenizers.text.OnigRegex;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import dev.hubkit.tokenizers.tiktoken.HandWrittenSplitPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.PatternSyntaxException;

/** Reads tokenizer.json into {@link TokenizerParts}; every error names the JSON path and what is supported. */
public final class TokenizerJsonReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenizerJsonReader.class);
    /** For streaming the rest of a file whose vocabulary and merges were scanned (small). */
    private static final JsonFactory FACTORY = new JsonFactory();
    /** For streaming a whole file: a vocabulary's 100k+ keys are not worth interning. */
    private static final JsonFactory STREAMING = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

    /** Created on first use: only writing and {@link TokenizerParts#tree()} need it, loading does not. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    /** The object mapper for writing tokenizer.json and parsing its tree. */
    static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private TokenizerJsonReader() {
    }

    /** Parses tokenizer.json text. */
    public static TokenizerParts read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses tokenizer.json bytes (UTF-8). {@code model.vocab} and {@code model.merges} are read straight from
     * the bytes by {@link ModelSectionScanner} (they are nearly all of a large file) and Jackson streams only the
     * rest; a file the scanner does not take is streamed by Jackson whole, with the two sections going straight
     * into the model's tables instead of a JSON tree. Either way the tree that {@link TokenizerParts#tree()}
     * returns is parsed again from {@code json} when asked for.
     */
    public static TokenizerParts read(byte[] json) {
        ModelSections pre = ModelSectionScanner.scan(json);
        if (pre != null) {
            try {
                return stream(pre.rest(), pre, json);
            } catch (RuntimeException e) {
                // Whatever is wrong (or merely unusual), the general path says it with the original positions.
                LOG.debug("tokenizer.json: the fast reading gave up ({}); reading it the general way", e.toString());
            }
        }
        return stream(json, null, json);
    }

    /** The general path alone (Jackson streams the whole file), as {@link #read(byte[])} takes it when it must. */
    static TokenizerParts readWithoutScanner(byte[] json) {
        return stream(json, null, json);
    }

    /** Streams {@code json}; with {@code pre}, the (empty) model.vocab and model.merges in it are taken from it. */
    private static TokenizerParts stream(byte[] json, ModelSections pre, byte[] original) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        Map<String, Integer> vocab = null;
        List<String[]> merges = null;
        boolean vocabTaken = pre == null || pre.vocab() == null;
        boolean mergesTaken = pre == null || pre.merges() == null;
        try (JsonParser p = pre != null ? FACTORY.createParser(json) : STREAMING.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerException("tokenizer.json: the top level must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("model") && t == JsonToken.START_OBJECT) {
                    ObjectNode model = JsonNodeFactory.instance.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("vocab") && v == JsonToken.START_OBJECT) {
                            vocab = streamVocab(p);
                            if (!vocabTaken) {
                                vocab = taken(vocab.isEmpty(), pre.vocab());
                                vocabTaken = true;
                            }
                            model.set(field, JsonNodeFactory.instance.objectNode());
                        } else if (field.equals("merges") && v == JsonToken.START_ARRAY) {
                            merges = streamMerges(p);
                            if (!mergesTaken) {
                                merges = taken(merges.isEmpty(), pre.merges());
                                mergesTaken = true;
                            }
                            model.set(field, JsonNodeFactory.instance.arrayNode());
                        } else {
                            model.set(field, JsonTrees.read(p));
                        }
                    }
                    root.set(name, model);
                } else {
                    root.set(name, JsonTrees.read(p));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new TokenizerException("tokenizer.json: unexpected content after the top-level object (line "
                        + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr() + ")");
            }
        } catch (JsonProcessingException e) {
            throw new TokenizerException("tokenizer.json is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        } catch (IOException e) {
            throw new TokenizerException("tokenizer.json cannot be parsed: " + e.getMessage(), e);
        }
        if (!vocabTaken || !mergesTaken) {
            throw new IllegalStateException("the scanned model sections were not where Jackson found model.vocab "
                    + "and model.merges");
        }
        return read(root, vocab, merges, () -> reparse(original));
    }

    /** {@code scanned}, checking that Jackson saw the placeholder ({@code {}} or {@code []}) in its place. */
    private static <T> T taken(boolean placeholderEmpty, T scanned) {
        if (!placeholderEmpty) {
            throw new IllegalStateException("model section placeholder is not empty");
        }
        return scanned;
    }

    private static ObjectNode reparse(byte[] json) {
        try {
            return (ObjectNode) mapper().readTree(json);
        } catch (IOException e) {
            throw new TokenizerException("tokenizer.json cannot be parsed again: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> streamVocab(JsonParser p) throws IOException {
        Vocab.Entries m = new Vocab.Entries(1024);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                    || p.getIntValue() < 0) {
                throw JsonPath.error("model.vocab[\"" + key + "\"]", "expected a non-negative integer id, got "
                        + JsonTrees.read(p));
            }
            m.add(key, p.getIntValue());
        }
        return m;
    }

    private static List<String[]> streamMerges(JsonParser p) throws IOException {
        MergeList out = new MergeList(1024);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int i = out.size();
            if (t == JsonToken.VALUE_STRING) {
                char[] buf = p.getTextCharacters();
                int from = p.getTextOffset();
                int end = from + p.getTextLength();
                int sp = -1;
                int spaces = 0;
                for (int k = from; k < end; k++) {
                    if (buf[k] == ' ') {
                        spaces++;
                        sp = k;
                    }
                }
                if (spaces != 1) {
                    throw JsonPath.error("model.merges[" + i + "]", "a merge must be \"left right\" with one space, got \""
                            + new String(buf, from, end - from) + "\"");
                }
                out.add(buf, from, sp, 1, end);
            } else {
                boolean ok = false;
                if (t == JsonToken.START_ARRAY && p.nextToken() == JsonToken.VALUE_STRING) {
                    out.addLeft(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    if (p.nextToken() == JsonToken.VALUE_STRING) {
                        out.addRight(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                        ok = p.nextToken() == JsonToken.END_ARRAY;
                    }
                }
                if (!ok) {
                    throw JsonPath.error("model.merges[" + i + "]",
                            "a merge must be \"left right\" or [\"left\", \"right\"]");
                }
            }
        }
        return out;
    }

    /** Builds the parts from a parsed tree. */
    public static TokenizerParts read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new TokenizerException("tokenizer.json: the top level must be a JSON object");
        }
        ObjectNode tree = (ObjectNode) root;
        return read(tree, null, null, () -> tree);
    }

    private static TokenizerParts read(ObjectNode root, Map<String, Integer> vocab, List<String[]> merges,
                                       Supplier<ObjectNode> tree) {
        JsonPath r = new JsonPath(root, "");
        Normalizer normalizer = r.has("normalizer") ? normalizer(r.get("normalizer")) : null;
        PreTokenizer pre = r.has("pre_tokenizer") ? preTokenizer(r.get("pre_tokenizer")) : null;
        Model model = model(r.require("model"), vocab, merges);
        PostProcessor post = r.has("post_processor") ? postProcessor(r.get("post_processor")) : null;
        Decoder decoder = r.has("decoder") ? decoder(r.get("decoder")) : null;
        List<AddedToken> added = new ArrayList<>();
        List<Integer> addedIds = new ArrayList<>();
        if (r.has("added_tokens")) {
            JsonPath at = r.get("added_tokens").array();
            for (int i = 0; i < at.size(); i++) {
                JsonPath t = at.at(i).object();
                boolean special = t.boolOr("special", false);
                added.add(new AddedToken(t.require("content").string(), t.boolOr("single_word", false),
                        t.boolOr("lstrip", false), t.boolOr("rstrip", false), t.boolOr("normalized", !special),
                        special));
                addedIds.add(t.has("id") ? t.get("id").integer() : null);
            }
        }
        Truncation trunc = r.has("truncation") ? truncation(r.get("truncation")) : null;
        Padding pad = r.has("padding") ? padding(r.get("padding")) : null;
        return new TokenizerParts(normalizer, pre, model, post, decoder, added, addedIds, trunc, pad, tree);
    }

    private static String type(JsonPath p, String what, String supported) {
        p.object();
        JsonPath t = p.get("type");
        if (t.isMissing()) {
            throw t.error("missing " + what + " type; supported: " + supported);
        }
        return t.string();
    }

    private static TokenizerException unknown(JsonPath p, String type, String what, String supported) {
        return p.get("type").error("unknown " + what + " type \"" + type + "\"; supported: " + supported);
    }

    // ------------------------------------------------------------------------------------------ normalizers

    private static final String NORMALIZERS = "BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, "
            + "Replace, Prepend, Precompiled, ByteLevel, Nmt, Sequence";

    static Normalizer normalizer(JsonPath p) {
        String type = type(p, "normalizer", NORMALIZERS);
        switch (type) {
            case "BertNormalizer":
                return new BertNormalizer(p.boolOr("clean_text", true), p.boolOr("handle_chinese_chars", true),
                        p.has("strip_accents") ? p.get("strip_accents").bool() : null, p.boolOr("lowercase", true));
            case "NFC":
                return new UnicodeNormalizer(java.text.Normalizer.Form.NFC);
            case "NFD":
                return new UnicodeNormalizer(java.text.Normalizer.Form.NFD);
            case "NFKC":
                return new UnicodeNormalizer(java.text.Normalizer.Form.NFKC);
            case "NFKD":
                return new UnicodeNormalizer(java.text.Normalizer.Form.NFKD);
            case "Lowercase":
                return new Lowercase();
            case "StripAccents":
                return new StripAccents();
            case "Strip":
                return new Strip(p.boolOr("strip_left", true), p.boolOr("strip_right", true));
            case "Replace":
                return new Replace(pattern(p.require("pattern")), p.require("content").string());
            case "Prepend":
                return new Prepend(p.require("prepend").string());
            case "Precompiled": {
                JsonPath m = p.get("precompiled_charsmap");
                if (m.isMissing()) {
                    return new Precompiled(new byte[0]);
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(m.string());
                } catch (IllegalArgumentException e) {
                    throw m.error("not valid base64: " + e.getMessage());
                }
                try {
                    return new Precompiled(bytes);
                } catch (TokenizerException e) {
                    throw m.error(e.getMessage());
                }
            }
            case "ByteLevel":
                return new ByteLevelNormalizer();
            case "Nmt":
                return new Nmt();
            case "Sequence": {
                JsonPath list = p.require("normalizers").array();
                List<Normalizer> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(normalizer(list.at(i)));
                }
                return new NormalizerSequence(out);
            }
            default:
                throw unknown(p, type, "normalizer", NORMALIZERS);
        }
    }

    /** {"String": "..."} or {"Regex": "..."}. */
    static SplitPattern pattern(JsonPath p) {
        p.object();
        if (p.has("String")) {
            return Patterns.literal(p.get("String").string());
        }
        if (p.has("Regex")) {
            JsonPath re = p.get("Regex");
            // cl100k / o200k split regexes: a hand-written splitter with exactly the regex's matches
            var handWritten = HandWrittenSplitPattern.forRegex(re.string());
            if (handWritten.isPresent()) {
                return handWritten.get();
            }
            try {
                return Patterns.regex(OnigRegex.compile(re.string()));
            } catch (PatternSyntaxException e) {
                throw re.error("invalid regex: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        throw p.error("a pattern must be {\"String\": ...} or {\"Regex\": ...}, got " + p.describe());
    }

    // ------------------------------------------------------------------------------------------ pre-tokenizers

    private static final String PRE_TOKENIZERS = "BertPreTokenizer, ByteLevel, Whitespace, WhitespaceSplit, Metaspace, "
            + "Split, Punctuation, Digits, UnicodeScripts, CharDelimiterSplit, FixedLength, Sequence";

    static PreTokenizer preTokenizer(JsonPath p) {
        String type = type(p, "pre-tokenizer", PRE_TOKENIZERS);
        switch (type) {
            case "BertPreTokenizer":
                return new BertPreTokenizer();
            case "ByteLevel":
                return new ByteLevelPreTokenizer(p.boolOr("add_prefix_space", true), p.boolOr("trim_offsets", true),
                        p.boolOr("use_regex", true));
            case "Whitespace":
                return new Whitespace();
            case "WhitespaceSplit":
                return new WhitespaceSplit();
            case "Metaspace":
                return new Metaspace(replacement(p), prependScheme(p), p.boolOr("split", true));
            case "Split":
                return new Split(pattern(p.require("pattern")), behavior(p.require("behavior")),
                        p.boolOr("invert", false));
            case "Punctuation":
                return new Punctuation(p.has("behavior") ? behavior(p.get("behavior")) : SplitBehavior.ISOLATED);
            case "Digits":
                return new Digits(p.boolOr("individual_digits", false));
            case "UnicodeScripts":
                return new UnicodeScripts();
            case "CharDelimiterSplit":
                return new CharDelimiterSplit(p.require("delimiter").singleChar());
            case "FixedLength": {
                int length = p.intOr("length", FixedLength.DEFAULT_LENGTH);
                if (length <= 0) {
                    throw p.get("length").error("must be a positive length, got " + length);
                }
                return new FixedLength(length);
            }
            case "Sequence": {
                JsonPath list = p.require("pretokenizers").array();
                List<PreTokenizer> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(preTokenizer(list.at(i)));
                }
                return new PreTokenizerSequence(out);
            }
            default:
                throw unknown(p, type, "pre-tokenizer", PRE_TOKENIZERS);
        }
    }

    private static int replacement(JsonPath p) {
        if (p.has("replacement")) {
            return p.get("replacement").singleChar();
        }
        if (p.has("str_rep")) {
            return p.get("str_rep").singleChar();
        }
        return 0x2581;
    }

    private static Metaspace.PrependScheme prependScheme(JsonPath p) {
        if (p.has("prepend_scheme")) {
            JsonPath s = p.get("prepend_scheme");
            switch (s.string().toLowerCase(java.util.Locale.ROOT)) {
                case "always":
                    return Metaspace.PrependScheme.ALWAYS;
                case "first":
                    return Metaspace.PrependScheme.FIRST;
                case "never":
                    return Metaspace.PrependScheme.NEVER;
                default:
                    throw s.error("unknown prepend_scheme \"" + s.string() + "\"; supported: always, first, never");
            }
        }
        return p.boolOr("add_prefix_space", true) ? Metaspace.PrependScheme.ALWAYS : Metaspace.PrependScheme.NEVER;
    }

    private static SplitBehavior behavior(JsonPath p) {
        SplitBehavior b = SplitBehavior.parse(p.string());
        if (b == null) {
            throw p.error("unknown split behavior \"" + p.string()
                    + "\"; supported: Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------ models

    private static final String MODELS = "BPE, WordPiece, WordLevel, Unigram";

    static Model model(JsonPath p) {
        return model(p, null, null);
    }

    /** The model; {@code vocab} and {@code merges}, when not null, were streamed and replace those fields. */
    static Model model(JsonPath p, Map<String, Integer> vocab, List<String[]> merges) {
        p.object();
        String type;
        if (p.has("type")) {
            type = p.get("type").string();
        } else if (p.has("merges")) {
            type = "BPE";
        } else if (p.has("vocab") && p.get("vocab").node().isArray()) {
            type = "Unigram";
        } else if (p.has("continuing_subword_prefix") || p.has("max_input_chars_per_word")) {
            type = "WordPiece";
        } else if (p.has("vocab")) {
            type = "WordLevel";
        } else {
            throw p.get("type").error("missing model type; supported: " + MODELS);
        }
        try {
            switch (type) {
                case "WordPiece":
                    return new WordPiece(vocab != null ? vocab : vocabMap(p.require("vocab")), p.stringOr("unk_token", "[UNK]"),
                            p.stringOr("continuing_subword_prefix", "##"), p.intOr("max_input_chars_per_word", 100));
                case "WordLevel":
                    return new WordLevel(vocab != null ? vocab : vocabMap(p.require("vocab")), p.stringOr("unk_token", "<unk>"));
                case "BPE": {
                    JsonPath dropout = p.get("dropout");
                    if (!dropout.isMissing() && dropout.number() != 0.0) {
                        throw dropout.error("BPE dropout (" + dropout.number() + ") makes encoding random and is not "
                                + "supported; set \"dropout\": null");
                    }
                    return new Bpe(vocab != null ? vocab : vocabMap(p.require("vocab")),
                            merges != null ? merges : merges(p.require("merges")),
                            p.stringOr("unk_token", null), p.stringOr("continuing_subword_prefix", null),
                            p.stringOr("end_of_word_suffix", null), p.boolOr("fuse_unk", false),
                            p.boolOr("byte_fallback", false), p.boolOr("ignore_merges", false));
                }
                case "Unigram": {
                    JsonPath v = p.require("vocab").array();
                    List<String> pieces = new ArrayList<>(v.size());
                    List<Double> scores = new ArrayList<>(v.size());
                    for (int i = 0; i < v.size(); i++) {
                        JsonPath e = v.at(i).array();
                        if (e.size() != 2) {
                            throw e.error("a Unigram vocab entry must be [piece, score]");
                        }
                        pieces.add(e.at(0).string());
                        scores.add(e.at(1).number());
                    }
                    Integer unk = p.has("unk_id") ? p.get("unk_id").integer() : null;
                    return new Unigram(pieces, scores, unk, p.boolOr("byte_fallback", false));
                }
                default:
                    throw unknown(p, type, "model", MODELS);
            }
        } catch (TokenizerException e) {
            if (e.getMessage().startsWith("tokenizer.json")) {
                throw e;
            }
            throw p.error(e.getMessage());
        }
    }

    private static Map<String, Integer> vocabMap(JsonPath p) {
        p.object();
        Map<String, Integer> m = new LinkedHashMap<>(p.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> it = p.node().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw JsonPath.error(p.path() + "[\"" + e.getKey() + "\"]", "expected a non-negative integer id, got "
                        + v);
            }
            m.put(e.getKey(), v.asInt());
        }
        return m;
    }

    private static List<String[]> merges(JsonPath p) {
        p.array();
        List<String[]> out = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            JsonNode n = p.node().get(i);
            if (n.isTextual()) {
                String s = n.asText();
                String[] parts = s.split(" ", -1);
                if (parts.length != 2) {
                    throw JsonPath.error(p.path() + "[" + i + "]", "a merge must be \"left right\" with one space, got \""
                            + s + "\"");
                }
                out.add(parts);
            } else if (n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()) {
                out.add(new String[] {n.get(0).asText(), n.get(1).asText()});
            } else {
                throw JsonPath.error(p.path() + "[" + i + "]", "a merge must be \"left right\" or [\"left\", \"right\"], got "
                        + n);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ post-processors

    private static final String PROCESSORS = "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence";

    static PostProcessor postProcessor(JsonPath p) {
        String type = type(p, "post-processor", PROCESSORS);
        switch (type) {
            case "BertProcessing": {
                JsonPath sep = p.require("sep").array();
                JsonPath cls = p.require("cls").array();
                return new BertProcessing(sep.at(0).string(), sep.at(1).integer(), cls.at(0).string(),
                        cls.at(1).integer());
            }
            case "RobertaProcessing": {
                JsonPath sep = p.require("sep").array();
                JsonPath cls = p.require("cls").array();
                return new RobertaProcessing(sep.at(0).string(), sep.at(1).integer(), cls.at(0).string(),
                        cls.at(1).integer(), p.boolOr("trim_offsets", true), p.boolOr("add_prefix_space", true));
            }
            case "ByteLevel":
                return new ByteLevelProcessor(p.boolOr("add_prefix_space", true), p.boolOr("trim_offsets", true),
                        p.boolOr("use_regex", true));
            case "TemplateProcessing":
                return template(p);
            case "Sequence": {
                JsonPath list = p.require("processors").array();
                List<PostProcessor> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(postProcessor(list.at(i)));
                }
                return new ProcessorSequence(out);
            }
            default:
                throw unknown(p, type, "post-processor", PROCESSORS);
        }
    }

    private static TemplateProcessing template(JsonPath p) {
        Map<String, TemplateProcessing.SpecialToken> specials = new HashMap<>();
        if (p.has("special_tokens")) {
            JsonPath st = p.get("special_tokens").object();
            Iterator<String> names = st.node().fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonPath t = st.get(name).object();
                JsonPath ids = t.require("ids").array();
                JsonPath toks = t.require("tokens").array();
                if (ids.size() != toks.size()) {
                    throw t.error("ids and tokens must have the same length");
                }
                int[] idArr = new int[ids.size()];
                String[] tokArr = new String[toks.size()];
                for (int i = 0; i < idArr.length; i++) {
                    idArr[i] = ids.at(i).integer();
                    tokArr[i] = toks.at(i).string();
                }
                specials.put(name, new TemplateProcessing.SpecialToken(t.stringOr("id", name), idArr, tokArr));
            }
        }
        try {
            return new TemplateProcessing(pieces(p.require("single")), p.has("pair") ? pieces(p.get("pair"))
                    : pieces(new JsonPath(JsonNodeFactory.instance.textNode("$A $B"), p.path() + ".pair")), specials);
        } catch (TokenizerException e) {
            if (e.getMessage().startsWith("tokenizer.json")) {
                throw e;
            }
            throw p.error(e.getMessage());
        }
    }

    private static List<TemplateProcessing.Piece> pieces(JsonPath p) {
        List<TemplateProcessing.Piece> out = new ArrayList<>();
        if (p.node().isTextual()) {
            for (String item : p.string().trim().split("\\s+")) {
                if (!item.isEmpty()) {
                    out.add(pieceFromString(p, item));
                }
            }
            return out;
        }
        p.array();
        for (int i = 0; i < p.size(); i++) {
            JsonPath e = p.at(i);
            if (e.node().isTextual()) {
                out.add(pieceFromString(e, e.string()));
            } else if (e.has("Sequence")) {
                JsonPath s = e.get("Sequence").object();
                String id = s.require("id").string();
                if (!id.equals("A") && !id.equals("B")) {
                    throw s.get("id").error("sequence id must be \"A\" or \"B\", got \"" + id + "\"");
                }
                out.add(new TemplateProcessing.SequencePiece(id.equals("A") ? 0 : 1, s.intOr("type_id", 0)));
            } else if (e.has("SpecialToken")) {
                JsonPath s = e.get("SpecialToken").object();
                out.add(new TemplateProcessing.SpecialPiece(s.require("id").string(), s.intOr("type_id", 0)));
            } else {
                throw e.error("a template piece must be {\"Sequence\": ...} or {\"SpecialToken\": ...}, got "
                        + e.describe());
            }
        }
        return out;
    }

    private static TemplateProcessing.Piece pieceFromString(JsonPath p, String item) {
        String name = item;
        int typeId = 0;
        int colon = item.lastIndexOf(':');
        if (colon > 0) {
            try {
                typeId = Integer.parseInt(item.substring(colon + 1));
                name = item.substring(0, colon);
            } catch (NumberFormatException ignored) {
                name = item;
            }
        }
        if (name.startsWith("$")) {
            String seq = name.substring(1);
            if (seq.isEmpty() || seq.equals("A") || seq.equals("a")) {
                return new TemplateProcessing.SequencePiece(0, typeId);
            }
            if (seq.equals("B") || seq.equals("b")) {
                return new TemplateProcessing.SequencePiece(1, typeId);
            }
            try {
                return new TemplateProcessing.SequencePiece(0, Integer.parseInt(seq));
            } catch (NumberFormatException e) {
                throw p.error("cannot parse template piece \"" + item + "\"");
            }
        }
        return new TemplateProcessing.SpecialPiece(name, typeId);
    }

    // ------------------------------------------------------------------------------------------ decoders

    private static final String DECODERS = "WordPiece, ByteLevel, Metaspace, BPEDecoder, ByteFallback, Fuse, Strip, "
            + "Replace, CTC, Sequence";

    static Decoder decoder(JsonPath p) {
        String type = type(p, "decoder", DECODERS);
        switch (type) {
            case "WordPiece":
                return new WordPieceDecoder(p.stringOr("prefix", "##"), p.boolOr("cleanup", true));
            case "ByteLevel":
                return new ByteLevelDecoder();
            case "Metaspace":
                return new MetaspaceDecoder(replacement(p), prependScheme(p) != Metaspace.PrependScheme.NEVER);
            case "BPEDecoder":
                return new BpeDecoder(p.stringOr("suffix", "</w>"));
            case "ByteFallback":
                return new ByteFallback();
            case "Fuse":
                return new Fuse();
            case "Strip":
                return new StripDecoder(p.require("content").singleChar(), p.intOr("start", 0), p.intOr("stop", 0));
            case "Replace":
                return new ReplaceDecoder(pattern(p.require("pattern")), p.require("content").string());
            case "CTC":
                return new Ctc(p.stringOr("pad_token", "<pad>"), p.stringOr("word_delimiter_token", "|"),
                        p.boolOr("cleanup", true));
            case "Sequence": {
                JsonPath list = p.require("decoders").array();
                List<Decoder> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(decoder(list.at(i)));
                }
                return new DecoderSequence(out);
            }
            default:
                throw unknown(p, type, "decoder", DECODERS);
        }
    }

    // ------------------------------------------------------------------------------------------ truncation / padding

    static Truncation truncation(JsonPath p) {
        p.object();
        Truncation.Strategy strategy;
        String s = p.stringOr("strategy", "LongestFirst");
        switch (s) {
            case "LongestFirst":
                strategy = Truncation.Strategy.LONGEST_FIRST;
                break;
            case "OnlyFirst":
                strategy = Truncation.Strategy.ONLY_FIRST;
                break;
            case "OnlySecond":
                strategy = Truncation.Strategy.ONLY_SECOND;
                break;
            default:
                throw p.get("strategy").error("unknown truncation strategy \"" + s
                        + "\"; supported: LongestFirst, OnlyFirst, OnlySecond");
        }
        return new Truncation(p.intOr("max_length", 512), strategy, p.intOr("stride", 0), direction(p));
    }

    private static Direction direction(JsonPath p) {
        String d = p.stringOr("direction", "Right");
        switch (d) {
            case "Right":
                return Direction.RIGHT;
            case "Left":
                return Direction.LEFT;
            default:
                throw p.get("direction").error("unknown direction \"" + d + "\"; supported: Left, Right");
        }
    }

    static Padding padding(JsonPath p) {
        p.object();
        JsonPath st = p.get("strategy");
        Padding.Strategy strategy = Padding.Strategy.BATCH_LONGEST;
        int length = 0;
        if (!st.isMissing()) {
            if (st.node().isTextual() && st.string().equals("BatchLongest")) {
                strategy = Padding.Strategy.BATCH_LONGEST;
            } else if (st.node().isObject() && st.has("Fixed")) {
                strategy = Padding.Strategy.FIXED;
                length = st.get("Fixed").integer();
            } else {
                throw st.error("padding strategy must be \"BatchLongest\" or {\"Fixed\": n}, got " + st.describe());
            }
        }
        Integer multiple = p.has("pad_to_multiple_of") ? p.get("pad_to_multiple_of").integer() : null;
        return new Padding(strategy, length, direction(p), multiple, p.intOr("pad_id", 0), p.intOr("pad_type_id", 0),
                p.stringOr("pad_token", "[PAD]"));
    }
}
