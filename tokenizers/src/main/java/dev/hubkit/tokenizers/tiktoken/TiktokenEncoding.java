package dev.hubkit.tokenizers.tiktoken;

import dev.hubkit.tokenizers.TokenizerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiktoken encoding: a {@code .tiktoken} rank file, a split regex and special tokens. Encodes
 * and decodes exactly like OpenAI's tiktoken. Immutable and thread-safe.
 */
public final class TiktokenEncoding {
    private final String name;
    private final RankTable ranks;
    private final Pattern split;
    private final Map<String, Integer> specialTokens;
    private final String[] specialById; // index = id - specialBase
    private final int specialBase;
    /** The cl100k and o200k patterns are matched by a hand-written scanner (same matches, no regex engine). */
    private final HandWrittenSplitPattern scanner;
    /** Ranks of recently merged pre-tokens (a speed-up only; shared by threads without locks). */
    private final PieceCache cache = new PieceCache(15);

    private TiktokenEncoding(String name, RankTable ranks, Pattern split, Map<String, Integer> specialTokens) {
        this.name = name;
        this.ranks = ranks;
        this.split = split;
        this.scanner = split.flags() == SplitPattern.CL100K.pattern().flags()
                ? HandWrittenSplitPattern.forRegex(split.pattern()).orElse(null) : null;
        this.specialTokens = Map.copyOf(specialTokens);
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (Map.Entry<String, Integer> e : specialTokens.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new TokenizerException("tiktoken encoding " + name + ": a special token is empty.");
            }
            int id = e.getValue();
            if (id < 0 || ranks.hasRank(id)) {
                throw new TokenizerException("tiktoken encoding " + name + ": special token " + e.getKey() + " has id "
                        + id + ", which is negative or already the rank of a mergeable token.");
            }
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        this.specialBase = max < 0 ? 0 : min;
        this.specialById = new String[max < 0 ? 0 : max - min + 1];
        for (Map.Entry<String, Integer> e : specialTokens.entrySet()) {
            if (specialById[e.getValue() - specialBase] != null) {
                throw new TokenizerException("tiktoken encoding " + name + ": special tokens "
                        + specialById[e.getValue() - specialBase] + " and " + e.getKey() + " share id " + e.getValue());
            }
            specialById[e.getValue() - specialBase] = e.getKey();
        }
    }

    /**
     * Loads a {@code .tiktoken} file with a split pattern and special tokens (token to id).
     *
     * @throws TokenizerException if the file is missing or malformed
     */
    public static TiktokenEncoding load(Path rankFile, Pattern split, Map<String, Integer> specialTokens) {
        try (InputStream in = Files.newInputStream(rankFile)) {
            return new TiktokenEncoding(rankFile.getFileName().toString(),
                    TiktokenFileReader.read(in, rankFile.toString()), split, specialTokens);
        } catch (NoSuchFileException e) {
            throw new TokenizerException("tiktoken file " + rankFile + " does not exist.", e);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read tiktoken file " + rankFile + ": " + e.getMessage(), e);
        }
    }

    /** Loads a {@code .tiktoken} file with one of the standard split patterns. */
    public static TiktokenEncoding load(Path rankFile, SplitPattern split, Map<String, Integer> specialTokens) {
        return load(rankFile, split.pattern(), specialTokens);
    }

    /** Reads rank data from a stream (e.g. a classpath resource); {@code name} is used in messages. */
    public static TiktokenEncoding read(InputStream rankData, String name, Pattern split,
                                        Map<String, Integer> specialTokens) {
        try {
            return new TiktokenEncoding(name, TiktokenFileReader.read(rankData, name), split, specialTokens);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read tiktoken data " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pattern and special tokens of a standard OpenAI encoding: {@code r50k_base},
     * {@code p50k_base}, {@code cl100k_base} or {@code o200k_base}.
     */
    public static TiktokenEncoding loadStandard(String encodingName, Path rankFile) {
        return switch (encodingName) {
            case "r50k_base", "gpt2" -> load(rankFile, SplitPattern.R50K, Map.of("<|endoftext|>", 50256));
            case "p50k_base" -> load(rankFile, SplitPattern.R50K, Map.of("<|endoftext|>", 50256));
            case "cl100k_base" -> load(rankFile, SplitPattern.CL100K, Map.of("<|endoftext|>", 100257,
                    "<|fim_prefix|>", 100258, "<|fim_middle|>", 100259, "<|fim_suffix|>", 100260,
                    "<|endofprompt|>", 100276));
            case "o200k_base" -> load(rankFile, SplitPattern.O200K, Map.of("<|endoftext|>", 199999,
                    "<|endofprompt|>", 200018));
            default -> throw new TokenizerException("Unknown tiktoken encoding '" + encodingName
                    + "'; known: r50k_base, p50k_base, cl100k_base, o200k_base. Use load(file, pattern, specials)"
                    + " for others.");
        };
    }

    /** Encodes {@code text} treating special-token strings as ordinary text (tiktoken's encode_ordinary). */
    public int[] encode(String text) {
        IntBuffer out = new IntBuffer(text.length() / 3 + 4);
        encodeOrdinary(text, 0, text.length(), out, new Scratch(ranks));
        return out.toArray();
    }

    /** Encodes {@code text}, turning every special token that occurs into its id (allowed_special="all"). */
    public int[] encodeWithSpecialTokens(String text) {
        IntBuffer out = new IntBuffer(text.length() / 3 + 4);
        Scratch scratch = new Scratch(ranks);
        int pos = 0;
        while (pos < text.length()) {
            int best = -1;
            String bestToken = null;
            for (String t : specialTokens.keySet()) {
                int at = text.indexOf(t, pos);
                if (at >= 0 && (best < 0 || at < best || (at == best && t.length() > bestToken.length()))) {
                    best = at;
                    bestToken = t;
                }
            }
            if (best < 0) {
                encodeOrdinary(text, pos, text.length(), out, scratch);
                break;
            }
            encodeOrdinary(text, pos, best, out, scratch);
            out.add(specialTokens.get(bestToken));
            pos = best + bestToken.length();
        }
        return out.toArray();
    }

    /** Per-call working memory. */
    private static final class Scratch {
        final BytePairMerger merger;
        byte[] bytes = new byte[256];

        Scratch(RankTable ranks) {
            merger = new BytePairMerger(ranks);
        }
    }

    private void encodeOrdinary(String text, int from, int to, IntBuffer out, Scratch scratch) {
        if (from >= to) {
            return;
        }
        if (scanner != null) {
            int s = from;
            while (s < to) {
                int e = scanner.matchEnd(text, s, to);
                encodePiece(text, s, e, out, scratch);
                s = e;
            }
            return;
        }
        Matcher m = split.matcher(text);
        m.region(from, to); // opaque, anchoring bounds: like tiktoken running the regex on the slice
        while (m.find()) {
            if (m.start() < m.end()) {
                encodePiece(text, m.start(), m.end(), out, scratch);
            }
        }
    }

    private void encodePiece(String text, int s, int e, IntBuffer out, Scratch scratch) {
        int need = (e - s) * 3;
        if (scratch.bytes.length < need) {
            scratch.bytes = new byte[Math.max(need, scratch.bytes.length * 2)];
        }
        byte[] bytes = scratch.bytes;
        int len = utf8(text, s, e, bytes);
        if (len <= 2) {
            int r = ranks.rank(bytes, 0, len);
            if (r != RankTable.NONE) {
                out.add(r);
            } else {
                scratch.merger.merge(bytes, 0, len, out);
            }
            return;
        }
        int h = RankTable.hash(bytes, 0, len);
        int r = ranks.rank(bytes, 0, len, h);
        if (r != RankTable.NONE) {
            out.add(r);
            return;
        }
        int[] cached = len <= PieceCache.MAX_BYTES ? cache.get(bytes, len, h) : null;
        if (cached != null) {
            out.addAll(cached);
            return;
        }
        int before = out.size();
        scratch.merger.merge(bytes, 0, len, out);
        cache.put(bytes, len, h, out.data(), before, out.size());
    }

    /** UTF-8 encodes {@code s[from, to)} into {@code out}; unpaired surrogates become U+FFFD. */
    private static int utf8(String s, int from, int to, byte[] out) {
        int o = 0;
        for (int i = from; i < to; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else {
                if (Character.isSurrogate((char) c)) {
                    if (Character.isHighSurrogate((char) c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint((char) c, s.charAt(++i));
                        out[o++] = (byte) (0xF0 | (cp >> 18));
                        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        out[o++] = (byte) (0x80 | (cp & 0x3F));
                        continue;
                    }
                    c = 0xFFFD;
                }
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return o;
    }

    /** The bytes that {@code ids} stand for (special tokens as their UTF-8 text). */
    public byte[] decodeBytes(int[] ids) {
        int total = 0;
        for (int id : ids) {
            total += tokenLength(id);
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (int id : ids) {
            if (ranks.hasRank(id)) {
                pos = ranks.copyBytes(id, out, pos);
            } else {
                byte[] b = specialById[id - specialBase].getBytes(StandardCharsets.UTF_8);
                System.arraycopy(b, 0, out, pos, b.length);
                pos += b.length;
            }
        }
        return out;
    }

    /** Decodes {@code ids} to text; invalid UTF-8 becomes U+FFFD (tiktoken's errors="replace"). */
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    private int tokenLength(int id) {
        if (ranks.hasRank(id)) {
            return ranks.length(id);
        }
        int k = id - specialBase;
        if (k >= 0 && k < specialById.length && specialById[k] != null) {
            return specialById[k].getBytes(StandardCharsets.UTF_8).length;
        }
        throw new TokenizerException("tiktoken encoding " + name + ": token id " + id + " is neither a rank nor a"
                + " special token (vocabulary size " + vocabSize() + ").");
    }

    /** Number of mergeable tokens plus special tokens. */
    public int vocabSize() {
        return ranks.size() + specialTokens.size();
    }

    /** Special tokens and their ids. */
    public Map<String, Integer> specialTokens() {
        return new LinkedHashMap<>(specialTokens);
    }

    /** The rank of the token made of exactly these bytes, or -1. */
    public int rankOf(byte[] token) {
        int r = ranks.rank(token, 0, token.length);
        return r == RankTable.NONE ? -1 : r;
    }

    /** The bytes of token {@code id} (mergeable or special). */
    public byte[] tokenBytes(int id) {
        return decodeBytes(new int[] {id});
    }

    public String name() {
        return name;
    }

    /** The split regex. */
    public Pattern splitPattern() {
        return split;
    }

    @Override
    public String toString() {
        return "TiktokenEncoding[" + name + ", " + vocabSize() + " tokens]";
    }
}
