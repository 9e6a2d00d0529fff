package dev.hubkit.tokenizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.added.AddedToken;
import dev.hubkit.tokenizers.added.AddedVocabulary;
import dev.hubkit.tokenizers.decoders.Decoder;
import dev.hubkit.tokenizers.json.TokenizerJsonReader;
import dev.hubkit.tokenizers.json.TokenizerJsonWriter;
import dev.hubkit.tokenizers.json.TokenizerParts;
import dev.hubkit.tokenizers.models.Model;
import dev.hubkit.tokenizers.models.WordPiece;
import dev.hubkit.tokenizers.normalizers.Normalizer;
import dev.hubkit.tokenizers.pretokenizers.BertPreTokenizer;
import dev.hubkit.tokenizers.pretokenizers.PreTokenizer;
import dev.hubkit.tokenizers.processors.PostProcessor;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A tokenizer.json pipeline: added tokens, normalizer, pre-tokenizer, model, post-processor, decoder,
 * truncation and padding, producing what the Rust {@code tokenizers} library produces.
 * Immutable and safe to share between threads.
 */
public final class Tokenizer {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Model model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final AddedVocabulary added;
    private final Truncation truncation;
    private final Padding padding;
    /** The tokenizer.json as read; may parse the file again (only writing needs it). */
    private final Supplier<ObjectNode> tree;
    /** A shortcut for plain byte-level BPE pipelines (same encodings), or null. */
    private final ByteLevelBpeFastPath fastPath;

    private Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
                      Decoder decoder, AddedVocabulary added, Truncation truncation, Padding padding,
                      Supplier<ObjectNode> tree) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.added = added;
        this.truncation = truncation;
        this.padding = padding;
        this.tree = tree;
        this.fastPath = ByteLevelBpeFastPath.of(normalizer, preTokenizer, model, added);
    }

    private static Tokenizer of(TokenizerParts p) {
        AddedVocabulary av = new AddedVocabulary(p.addedTokens(), p.addedTokenIds(), p.model(), p.normalizer());
        return new Tokenizer(p.normalizer(), p.preTokenizer(), p.model(), p.postProcessor(), p.decoder(), av,
                p.truncation(), p.padding(), p.treeSource());
    }

    /**
     * Loads a tokenizer.json file.
     *
     * @throws TokenizerException when the file cannot be read, is malformed or uses unsupported components
     */
    public static Tokenizer fromFile(Path tokenizerJson) {
        byte[] json;
        try {
            json = readFile(tokenizerJson);
        } catch (NoSuchFileException e) {
            throw new TokenizerException("tokenizer file not found: " + tokenizerJson.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new TokenizerException("cannot read tokenizer file " + tokenizerJson.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        try {
            return of(TokenizerJsonReader.read(json));
        } catch (TokenizerException e) {
            throw new TokenizerException(tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's bytes, read in 64 KiB steps: {@code Files.readAllBytes} reads through one temporary direct
     * buffer as large as the file, which costs a fresh JVM about twice the time on a 10 MB tokenizer.json.
     */
    private static byte[] readFile(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size > MAX_FILE) {
                throw new IOException("the file is larger than 2 GB");
            }
            byte[] b = new byte[(int) size];
            int n = 0;
            while (true) {
                while (n < b.length) {
                    int r = ch.read(ByteBuffer.wrap(b, n, Math.min(1 << 16, b.length - n)));
                    if (r < 0) {
                        return Arrays.copyOf(b, n); // shrunk while being read
                    }
                    n += r;
                }
                ByteBuffer one = ByteBuffer.allocate(1);
                if (ch.read(one) < 0) {
                    return b;
                }
                if (b.length >= MAX_FILE) { // grew while being read
                    throw new IOException("the file is larger than 2 GB");
                }
                b = Arrays.copyOf(b, (int) Math.min(MAX_FILE, Math.max(1024L, b.length * 2L)));
                b[n++] = one.get(0);
            }
        }
    }

    private static final int MAX_FILE = Integer.MAX_VALUE - 16;

    /** Loads a tokenizer from tokenizer.json text. */
    public static Tokenizer fromJson(String json) {
        return of(TokenizerJsonReader.read(json));
    }

    // ------------------------------------------------------------------------------------------ encode

    /** Encodes {@code text} with special tokens. */
    public Encoding encode(String text) {
        return encode(text, null, true);
    }

    /** Encodes {@code text}. */
    public Encoding encode(String text, boolean addSpecialTokens) {
        return encode(text, null, addSpecialTokens);
    }

    /** Encodes a pair ({@code pair} may be null) with special tokens. */
    public Encoding encode(String text, String pair) {
        return encode(text, pair, true);
    }

    /** Encodes a pair ({@code pair} may be null). */
    public Encoding encode(String text, String pair, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        Encoding first = encodeSequence(text, 0);
        Encoding second = pair == null ? null : encodeSequence(pair, 1);
        return clearSplitChars(postProcess(first, second, addSpecialTokens), text, pair);
    }

    /**
     * Offsets that cut a surrogate pair are moved to the pair's edge: a start forward past the pair, an end back
     * before it (then the end no earlier than the start). This happens only after byte-level offset trimming of a
     * token whose leading or trailing space was inserted (a prefix space aligned to a supplementary character);
     * the Python library trims such offsets in characters (it converts to char offsets before post-processing),
     * which is the same as this.
     */
    private static Encoding clearSplitChars(Encoding e, String text, String pair) {
        int[] s = e.rawStarts();
        int[] en = e.rawEnds();
        int[] seq = null;
        int[] ns = null;
        int[] ne = null;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == en[i] && s[i] == 0) {
                continue;
            }
            if (seq == null) {
                seq = e.sequenceIds();
            }
            String src = seq[i] == 1 && pair != null ? pair : text;
            if (splits(src, s[i]) || splits(src, en[i])) {
                if (ns == null) {
                    ns = s.clone();
                    ne = en.clone();
                }
                int start = splits(src, s[i]) ? s[i] + 1 : s[i];
                int end = splits(src, en[i]) ? en[i] - 1 : en[i];
                ns[i] = start;
                ne[i] = Math.max(end, start);
            }
        }
        List<Encoding> over = e.overflowing();
        if (!over.isEmpty()) {
            List<Encoding> fixed = new ArrayList<>(over.size());
            for (Encoding o : over) {
                fixed.add(clearSplitChars(o, text, pair));
            }
            e = e.withOverflowing(fixed);
        }
        return ns == null ? e : e.withOffsets(ns, ne);
    }

    private static boolean splits(String src, int pos) {
        return pos > 0 && pos < src.length() && Character.isLowSurrogate(src.charAt(pos))
                && Character.isHighSurrogate(src.charAt(pos - 1));
    }

    /** Encodes texts in parallel, then applies batch padding. */
    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        Encoding[] out = new Encoding[texts.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = encode(texts.get(i), null, addSpecialTokens));
        return padBatch(out);
    }

    /** Encodes pairs in parallel, then applies batch padding. */
    public List<Encoding> encodePairBatch(List<String> firsts, List<String> seconds, boolean addSpecialTokens) {
        if (firsts.size() != seconds.size()) {
            throw new TokenizerException("encodePairBatch: " + firsts.size() + " first texts but " + seconds.size()
                    + " second texts; pass lists of equal length");
        }
        Encoding[] out = new Encoding[firsts.size()];
        IntStream.range(0, out.length).parallel()
                .forEach(i -> out[i] = encode(firsts.get(i), seconds.get(i), addSpecialTokens));
        return padBatch(out);
    }

    private List<Encoding> padBatch(Encoding[] encodings) {
        if (padding != null && encodings.length > 0) {
            padAll(encodings, padding);
        }
        return List.of(encodings);
    }

    private static void padAll(Encoding[] encodings, Padding p) {
        int target;
        if (p.strategy() == Padding.Strategy.FIXED) {
            target = p.length();
        } else {
            target = 0;
            for (Encoding e : encodings) {
                target = Math.max(target, e.length());
            }
        }
        Integer m = p.padToMultipleOf();
        if (m != null && m > 0 && target % m > 0) {
            target += m - target % m;
        }
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = encodings[i].pad(target, p.padId(), p.padTypeId(), p.padToken(), p.direction());
        }
    }

    /** Runs added-token extraction, normalization, pre-tokenization and the model on one sequence. */
    private Encoding encodeSequence(String text, int typeId) {
        if (fastPath != null) {
            Encoding fast = fastPath.encode(text, typeId);
            if (fast != null) {
                return fast;
            }
        }
        PreTokenizedString pts = added.extractAndNormalize(normalizer, text);
        if (preTokenizer instanceof BertPreTokenizer && model instanceof WordPiece wordPiece) {
            return encodeBertSequence(pts, wordPiece, typeId, text.length());
        }
        if (preTokenizer != null) {
            preTokenizer.preTokenize(pts);
        }
        Collector c = new Collector(Math.max(8, text.length() / 3));
        List<PreTokenizedString.Split> splits = pts.splits();
        for (int w = 0; w < splits.size(); w++) {
            PreTokenizedString.Split s = splits.get(w);
            NormalizedString ns = s.normalized();
            c.word = w;
            c.ns = ns;
            if (s.isTokenized()) {
                c.accept(s.tokenId(), ns.get(), 0, ns.length());
            } else {
                model.tokenize(ns.get(), c);
            }
        }
        return c.build(typeId);
    }

    /**
     * BERT pipeline without intermediate objects: the BertPreTokenizer's pieces are found in place and WordPiece
     * reads them from the normalized text (same pieces, word indices and offsets as the general path).
     */
    private Encoding encodeBertSequence(PreTokenizedString pts, WordPiece wordPiece, int typeId, int textLength) {
        Collector c = new Collector(Math.max(8, textLength / 3));
        int word = 0;
        for (PreTokenizedString.Split s : pts.splits()) {
            NormalizedString ns = s.normalized();
            c.ns = ns;
            if (s.isTokenized()) {
                c.word = word++;
                c.accept(s.tokenId(), ns.get(), 0, ns.length());
                continue;
            }
            for (long r = BertPreTokenizer.nextPiece(ns, 0); r >= 0; r = BertPreTokenizer.nextPiece(ns, (int) r)) {
                c.word = word++;
                wordPiece.tokenize(ns, (int) (r >>> 32), (int) r, c);
            }
        }
        return c.build(typeId);
    }

    /** Accumulates model output into arrays, converting offsets to the original input. */
    private static final class Collector implements dev.hubkit.tokenizers.models.TokenSink {
        int[] ids;
        String[] tokens;
        int[] starts;
        int[] ends;
        int[] words;
        int n;
        int word;
        NormalizedString ns;

        Collector(int cap) {
            ids = new int[cap];
            tokens = new String[cap];
            starts = new int[cap];
            ends = new int[cap];
            words = new int[cap];
        }

        @Override
        public void accept(int id, String token, int start, int end) {
            if (n == ids.length) {
                int c = n * 2;
                ids = Arrays.copyOf(ids, c);
                tokens = Arrays.copyOf(tokens, c);
                starts = Arrays.copyOf(starts, c);
                ends = Arrays.copyOf(ends, c);
                words = Arrays.copyOf(words, c);
            }
            ids[n] = id;
            tokens[n] = token;
            starts[n] = ns.originalStartOf(start, end);
            ends[n] = ns.originalEndOf(start, end);
            words[n] = word;
            n++;
        }

        Encoding build(int typeId) {
            int[] type = new int[n];
            Arrays.fill(type, typeId);
            int[] att = new int[n];
            Arrays.fill(att, 1);
            return new Encoding(Arrays.copyOf(ids, n), type, Arrays.copyOf(tokens, n), Arrays.copyOf(words, n),
                    Arrays.copyOf(starts, n), Arrays.copyOf(ends, n), new int[n], att, List.of(), java.util.Map.of());
        }
    }

    private Encoding postProcess(Encoding first, Encoding pair, boolean addSpecialTokens) {
        Encoding a = first;
        Encoding b = pair;
        int nAdded = truncation != null && addSpecialTokens && postProcessor != null
                ? postProcessor.addedTokens(pair != null) : 0;
        // The Rust library subtracts the special tokens from max_length as an unsigned integer: a max_length
        // smaller than their count wraps around to a huge length, so nothing is truncated.
        if (truncation != null && nAdded <= truncation.maxLength()) {
            Encoding[] r = truncate(a, b, truncation.maxLength() - nAdded, truncation);
            a = r[0];
            b = r[1];
        }
        Encoding out = postProcessor != null ? postProcessor.process(a, b, addSpecialTokens)
                : PostProcessor.defaultProcess(a, b);
        if (padding != null) {
            Encoding[] arr = {out};
            padAll(arr, padding);
            out = arr[0];
        }
        return out;
    }

    private static Encoding[] truncate(Encoding a, Encoding b, int maxLength, Truncation t) {
        return Truncations.apply(a, b, maxLength, t);
    }

    // ------------------------------------------------------------------------------------------ decode

    /** Decodes ids to text through the decoder (tokens joined by spaces when there is none). */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (t == null) {
                continue;
            }
            if (skipSpecialTokens && added.isSpecial(t)) {
                continue;
            }
            tokens.add(t);
        }
        return decoder != null ? decoder.decode(tokens) : String.join(" ", tokens);
    }

    /** Decodes several id sequences in parallel. */
    public List<String> decodeBatch(List<int[]> ids, boolean skipSpecialTokens) {
        String[] out = new String[ids.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = decode(ids.get(i), skipSpecialTokens));
        return List.of(out);
    }

    // ------------------------------------------------------------------------------------------ settings

    /** A copy with different truncation (null = none). */
    public Tokenizer withTruncation(Truncation t) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, added, t, padding, tree);
    }

    /** A copy with different padding (null = none). */
    public Tokenizer withPadding(Padding p) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, added, truncation, p, tree);
    }

    public Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    public Optional<Padding> padding() {
        return Optional.ofNullable(padding);
    }

    /** The tokenizer.json text; tree-equal to what was read when settings are unchanged. */
    public String toJson() {
        return TokenizerJsonWriter.write(tree.get(), truncation, padding, true);
    }

    /** Writes tokenizer.json atomically (temp file, then rename). */
    public void save(Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TokenizerException("cannot write tokenizer to " + abs + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------ vocabulary

    /** Id of a token (added tokens first, then the model), or -1. */
    public int tokenToId(String token) {
        int id = added.tokenToId(token);
        return id >= 0 ? id : model.tokenToId(token);
    }

    /** Token of an id (added tokens first, then the model), or null. */
    public String idToToken(int id) {
        AddedToken t = added.token(id);
        return t != null ? t.content() : model.idToToken(id);
    }

    /** Vocabulary size, optionally counting added tokens that the model does not have. */
    public int vocabSize(boolean withAddedTokens) {
        int n = model.vocabSize();
        if (withAddedTokens) {
            for (String content : added.asMap().keySet()) {
                if (model.tokenToId(content) < 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Added tokens, in file order. */
    public List<AddedToken> addedTokens() {
        return added.tokens();
    }

    /** Whether {@code token} is a special added token. */
    public boolean isSpecialToken(String token) {
        return added.isSpecial(token);
    }

    public Model model() {
        return model;
    }

    public Optional<Normalizer> normalizer() {
        return Optional.ofNullable(normalizer);
    }

    public Optional<PreTokenizer> preTokenizer() {
        return Optional.ofNullable(preTokenizer);
    }

    public Optional<PostProcessor> postProcessor() {
        return Optional.ofNullable(postProcessor);
    }

    public Optional<Decoder> decoder() {
        return Optional.ofNullable(decoder);
    }
}
