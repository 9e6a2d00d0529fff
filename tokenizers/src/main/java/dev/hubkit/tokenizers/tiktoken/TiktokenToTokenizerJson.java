package dev.hubkit.tokenizers.tiktoken;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a tiktoken rank file into a Hugging Face {@code tokenizer.json} (byte-level BPE), the way
 * transformers' {@code TikTokenConverter} does: the vocabulary maps each token, written in GPT-2's
 * byte-level alphabet, to its rank; the merges are every split of a multi-byte token into two
 * tokens of the vocabulary, ordered by the rank of the token they produce (ties by the ranks of
 * the left, then the right part); special tokens become added tokens.
 *
 * <p>The default pipeline is transformers' one: {@code Split(regex, isolated)} then
 * {@code ByteLevel(use_regex=false)} pre-tokenizer, {@code ignore_merges}, merges as pairs,
 * a {@code ByteLevel(trim_offsets=false)} post-processor and a {@code ByteLevel} decoder.
 * {@link #gpt2ByteLevel()} gives GPT-2's layout instead (a {@code ByteLevel} pre-tokenizer with
 * its built-in regex). Instances are immutable and thread-safe.
 *
 * <p>Special tokens are written with the ids given, but Hugging Face tokenizers (and hubkit's
 * {@code Tokenizer}, which follows it) re-number added tokens that are not in the vocabulary
 * consecutively from the vocabulary size when loading; ids that leave a gap after the last rank
 * (cl100k's {@code <|endoftext|>} is 100257, its vocabulary ends at 100255) therefore load as
 * different ids. A warning is logged when that happens.
 */
public final class TiktokenToTokenizerJson {
    /** transformers' default {@code TikTokenConverter} pattern (the cl100k / Llama-3 split regex). */
    public static final String CL100K_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** The GPT-2 / r50k split regex as the ByteLevel pre-tokenizer of Hugging Face tokenizers has it built in. */
    public static final String R50K_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+"
            + "|\\s+(?!\\S)|\\s+";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Logger LOG = LoggerFactory.getLogger(TiktokenToTokenizerJson.class);

    private final String splitRegex; // null: GPT-2 ByteLevel pre-tokenizer with its own regex
    private final boolean addPrefixSpace;
    private final boolean ignoreMerges;
    private final boolean mergesAsPairs;
    private final Map<String, Integer> specialTokens;

    private TiktokenToTokenizerJson(Builder b) {
        this.splitRegex = b.splitRegex;
        this.addPrefixSpace = b.addPrefixSpace;
        this.ignoreMerges = b.ignoreMerges;
        this.mergesAsPairs = b.mergesAsPairs;
        this.specialTokens = new LinkedHashMap<>(b.specialTokens);
    }

    /**
     * transformers' layout: {@code Split(regex, isolated)} + {@code ByteLevel(use_regex=false)},
     * ignore_merges on, merges as pairs. {@code regex} is written into the JSON as is, so it must be
     * in the Oniguruma dialect Hugging Face tokenizers uses (see {@link #huggingFaceRegex}).
     */
    public static Builder splitThenByteLevel(String regex) {
        Objects.requireNonNull(regex, "regex");
        if (regex.isEmpty()) {
            throw new TokenizerException("The split regex of a tiktoken conversion is empty; pass the encoding's"
                    + " pat_str (e.g. TiktokenToTokenizerJson.CL100K_REGEX).");
        }
        Builder b = new Builder(regex);
        b.ignoreMerges = true;
        return b;
    }

    /** GPT-2's layout: a {@code ByteLevel} pre-tokenizer with its built-in regex, ignore_merges off. */
    public static Builder gpt2ByteLevel() {
        return new Builder(null);
    }

    /**
     * The split regex of a standard encoding in the dialect Hugging Face tokenizers accepts (the
     * {@link SplitPattern} sources use Java-only possessive forms): the patterns transformers uses.
     */
    public static String huggingFaceRegex(SplitPattern pattern) {
        return switch (pattern) {
            case R50K -> R50K_REGEX;
            case CL100K -> CL100K_REGEX;
            case O200K -> pattern.regex(); // written without Java-only constructs
        };
    }

    /** Options of a conversion. */
    public static final class Builder {
        private final String splitRegex;
        private boolean addPrefixSpace;
        private boolean ignoreMerges;
        private boolean mergesAsPairs = true;
        private final Map<String, Integer> specialTokens = new LinkedHashMap<>();

        private Builder(String splitRegex) {
            this.splitRegex = splitRegex;
        }

        /** The ByteLevel pre-tokenizer's add_prefix_space (default false). */
        public Builder addPrefixSpace(boolean value) {
            this.addPrefixSpace = value;
            return this;
        }

        /** The BPE model's ignore_merges: whole words found in the vocabulary skip merging. */
        public Builder ignoreMerges(boolean value) {
            this.ignoreMerges = value;
            return this;
        }

        /** Merges as {@code ["a","b"]} pairs (true, default; tokenizers &ge; 0.20) or {@code "a b"} strings. */
        public Builder mergesAsPairs(boolean value) {
            this.mergesAsPairs = value;
            return this;
        }

        /** Adds a special token (e.g. {@code <|endoftext|>}) with its id; ids must not be ranks. */
        public Builder specialToken(String content, int id) {
            Objects.requireNonNull(content, "content");
            if (content.isEmpty()) {
                throw new TokenizerException("A special token of a tiktoken conversion is empty.");
            }
            if (id < 0) {
                throw new TokenizerException("Special token " + content + " has the negative id " + id + ".");
            }
            Integer old = specialTokens.put(content, id);
            if (old != null && old != id) {
                throw new TokenizerException("Special token " + content + " given twice, with ids " + old + " and "
                        + id + ".");
            }
            return this;
        }

        /** Adds special tokens (token to id). */
        public Builder specialTokens(Map<String, Integer> tokens) {
            tokens.forEach(this::specialToken);
            return this;
        }

        public TiktokenToTokenizerJson build() {
            Map<Integer, String> byId = new TreeMap<>();
            for (Map.Entry<String, Integer> e : specialTokens.entrySet()) {
                String other = byId.put(e.getValue(), e.getKey());
                if (other != null) {
                    throw new TokenizerException("Special tokens " + other + " and " + e.getKey() + " share id "
                            + e.getValue() + "; give each its own id.");
                }
            }
            return new TiktokenToTokenizerJson(this);
        }
    }

    /**
     * Converts a {@code .tiktoken} rank file.
     *
     * @throws TokenizerException if the file is missing or malformed, or a special token id is a rank
     */
    public ObjectNode convert(Path rankFile) {
        try (InputStream in = Files.newInputStream(rankFile)) {
            return convert(TiktokenFileReader.read(in, rankFile.toString()), rankFile.toString());
        } catch (NoSuchFileException e) {
            throw new TokenizerException("tiktoken file " + rankFile + " does not exist.", e);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read tiktoken file " + rankFile + ": " + e.getMessage(), e);
        }
    }

    /** Converts rank data read from a stream (e.g. a classpath resource); {@code name} is used in messages. */
    public ObjectNode convert(InputStream rankData, String name) {
        try {
            return convert(TiktokenFileReader.read(rankData, name), name);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read tiktoken data " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@link #convert(Path)} serialized as compact JSON. */
    public String toJson(Path rankFile) {
        return convert(rankFile).toString();
    }

    /** {@link #convert(InputStream, String)} serialized as compact JSON. */
    public String toJson(InputStream rankData, String name) {
        return convert(rankData, name).toString();
    }

    private ObjectNode convert(RankTable ranks, String name) {
        for (Map.Entry<String, Integer> e : specialTokens.entrySet()) {
            if (ranks.hasRank(e.getValue())) {
                throw new TokenizerException("tiktoken file " + name + ": special token " + e.getKey() + " has id "
                        + e.getValue() + ", which is already the rank of a mergeable token; pick an id outside"
                        + " the ranks (at least " + ranks.rankLimit() + ").");
            }
        }
        Map<Integer, String> byId = new TreeMap<>();
        specialTokens.forEach((token, id) -> byId.put(id, token));
        int expected = ranks.size();
        for (Map.Entry<Integer, String> e : byId.entrySet()) {
            if (e.getKey() != expected++) {
                LOG.warn("tiktoken file {}: special token {} has id {}, but a tokenizer.json loader numbers added"
                        + " tokens consecutively after the {} vocabulary entries, so it will load as id {}.",
                        name, e.getValue(), e.getKey(), ranks.size(), expected - 1);
            }
        }
        ObjectNode root = F.objectNode().put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        byId.forEach((id, token) -> added.add(F.objectNode().put("id", id).put("content", token)
                .put("single_word", false).put("lstrip", false).put("rstrip", false)
                .put("normalized", false).put("special", true)));
        root.putNull("normalizer");
        if (splitRegex == null) {
            root.set("pre_tokenizer", byteLevel(addPrefixSpace, true, true));
        } else {
            ObjectNode split = F.objectNode().put("type", "Split");
            split.set("pattern", F.objectNode().put("Regex", splitRegex));
            split.put("behavior", "Isolated").put("invert", false);
            ObjectNode seq = F.objectNode().put("type", "Sequence");
            seq.putArray("pretokenizers").add(split).add(byteLevel(addPrefixSpace, true, false));
            root.set("pre_tokenizer", seq);
        }
        root.set("post_processor", byteLevel(true, false, true));
        root.set("decoder", byteLevel(true, true, true));
        root.set("model", model(ranks));
        return root;
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
        return F.objectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", trimOffsets).put("use_regex", useRegex);
    }

    private ObjectNode model(RankTable ranks) {
        ObjectNode model = F.objectNode().put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "")
                .put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", ignoreMerges);
        ObjectNode vocab = model.putObject("vocab");
        ArrayNode merges = model.putArray("merges");
        byte[] token = new byte[64];
        List<long[]> local = new ArrayList<>();
        for (int rank = 0; rank < ranks.rankLimit(); rank++) {
            if (!ranks.hasRank(rank)) {
                continue;
            }
            int len = ranks.length(rank);
            if (token.length < len) {
                token = new byte[Math.max(len, token.length * 2)];
            }
            ranks.copyBytes(rank, token, 0);
            vocab.put(byteLevel(token, 0, len), rank);
            // every split into two known tokens, ordered by (left rank, right rank); the outer loop
            // runs in rank order, so the whole list is ordered by the rank of the merged token
            local.clear();
            for (int i = 1; i < len; i++) {
                int left = ranks.rank(token, 0, i);
                if (left == RankTable.NONE) {
                    continue;
                }
                int right = ranks.rank(token, i, len);
                if (right != RankTable.NONE) {
                    local.add(new long[] {left, right, i});
                }
            }
            local.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            for (long[] m : local) {
                int at = (int) m[2];
                String l = byteLevel(token, 0, at);
                String r = byteLevel(token, at, len);
                if (mergesAsPairs) {
                    merges.add(F.arrayNode().add(l).add(r));
                } else {
                    merges.add(l + " " + r);
                }
            }
        }
        return model;
    }

    private static String byteLevel(byte[] b, int from, int to) {
        char[] c = new char[to - from];
        for (int i = from; i < to; i++) {
            c[i - from] = ByteLevelAlphabet.charOf(b[i]);
        }
        return new String(c);
    }

    @Override
    public String toString() {
        return "TiktokenToTokenizerJson[" + (splitRegex == null ? "ByteLevel" : "Split+ByteLevel")
                + ", ignore_merges=" + ignoreMerges + ", pairs=" + mergesAsPairs + ", special=" + specialTokens + "]";
    }
}
