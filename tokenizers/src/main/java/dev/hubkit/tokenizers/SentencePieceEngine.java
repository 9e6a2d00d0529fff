package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.processors.PostProcessor;
import dev.hubkit.tokenizers.processors.TemplateProcessing;
import dev.hubkit.tokenizers.sentencepiece.Piece;
import dev.hubkit.tokenizers.sentencepiece.SentencePieceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A SentencePiece {@code .model} as a {@link TokenizerEngine}: ids and pieces exactly as the sentencepiece
 * library's {@code encode}, offsets the pieces' surface spans in the input (as its {@code immutable_proto}
 * reports begin/end), special_tokens_mask 0 for the pieces, and word ids null (sentencepiece has no words).
 * BOS/EOS are added only when asked ({@link #withSpecialTokens}), e.g. from tokenizer_config.json's
 * {@code add_bos_token}/{@code add_eos_token}; a pair gets {@code [bos] A [eos] [bos] B [eos]} with type ids 0
 * and 1. Immutable and thread-safe.
 */
public final class SentencePieceEngine implements TokenizerEngine {
    private final SentencePieceModel model;
    private final TemplateProcessing template; // null: no special tokens
    private final Truncation truncation;
    private final Padding padding;

    private SentencePieceEngine(SentencePieceModel model, TemplateProcessing template, Truncation truncation,
                                Padding padding) {
        this.model = Objects.requireNonNull(model, "model");
        this.template = template;
        this.truncation = truncation;
        this.padding = padding;
    }

    /** An engine that adds no special tokens. */
    public static SentencePieceEngine of(SentencePieceModel model) {
        return new SentencePieceEngine(model, null, null, null);
    }

    /**
     * A copy that adds the model's BOS and/or EOS piece around each sequence.
     *
     * @throws TokenizerException when a requested piece is not in the model (its bos_id/eos_id is -1)
     */
    public SentencePieceEngine withSpecialTokens(boolean addBos, boolean addEos) {
        if (!addBos && !addEos) {
            return new SentencePieceEngine(model, null, truncation, padding);
        }
        Map<String, TemplateProcessing.SpecialToken> specials = new HashMap<>();
        List<TemplateProcessing.Piece> single = new ArrayList<>();
        List<TemplateProcessing.Piece> pair = new ArrayList<>();
        String bos = addBos ? special(model.bosId(), "BOS", specials) : null;
        String eos = addEos ? special(model.eosId(), "EOS", specials) : null;
        for (int seq = 0; seq < 2; seq++) {
            List<TemplateProcessing.Piece> t = pair;
            if (bos != null) {
                t.add(new TemplateProcessing.SpecialPiece(bos, seq));
            }
            t.add(new TemplateProcessing.SequencePiece(seq, seq));
            if (eos != null) {
                t.add(new TemplateProcessing.SpecialPiece(eos, seq));
            }
            if (seq == 0) {
                single.addAll(t);
            }
        }
        return new SentencePieceEngine(model, new TemplateProcessing(single, pair, specials), truncation, padding);
    }

    private String special(int id, String what, Map<String, TemplateProcessing.SpecialToken> specials) {
        if (id < 0) {
            throw new TokenizerException("SentencePiece model " + model + " has no " + what + " piece (its "
                    + what.toLowerCase(java.util.Locale.ROOT) + "_id is -1), but tokenizer_config.json asks to add it;"
                    + " set add_" + what.toLowerCase(java.util.Locale.ROOT) + "_token to false.");
        }
        String piece = model.idToPiece(id);
        specials.put(piece, new TemplateProcessing.SpecialToken(piece, new int[] {id}, new String[] {piece}));
        return piece;
    }

    /** The model behind this engine. */
    public SentencePieceModel model() {
        return model;
    }

    @Override
    public Encoding encode(String text, String pair, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        Encoding a = sequence(text, 0);
        Encoding b = pair == null ? null : sequence(pair, 1);
        if (truncation != null) {
            int added = addSpecialTokens && template != null ? template.addedTokens(pair != null) : 0;
            Encoding[] r = Truncations.apply(a, b, Math.max(0, truncation.maxLength() - added), truncation);
            a = r[0];
            b = r[1];
        }
        Encoding out = template != null ? template.process(a, b, addSpecialTokens)
                : PostProcessor.defaultProcess(a, b);
        if (padding != null) {
            out = pad(new Encoding[] {out}, padding).get(0);
        }
        return out;
    }

    private Encoding sequence(String text, int typeId) {
        Piece[] pieces = model.encode(text);
        int n = pieces.length;
        int[] ids = new int[n];
        String[] tokens = new String[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = pieces[i].id();
            tokens[i] = pieces[i].piece();
            starts[i] = pieces[i].begin();
            ends[i] = pieces[i].end();
        }
        int[] type = new int[n];
        Arrays.fill(type, typeId);
        int[] words = new int[n];
        Arrays.fill(words, -1);
        int[] att = new int[n];
        Arrays.fill(att, 1);
        return new Encoding(ids, type, tokens, words, starts, ends, new int[n], att, List.of(), Map.of());
    }

    @Override
    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        Encoding[] out = new Encoding[texts.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = encode(texts.get(i), null, addSpecialTokens));
        return padding == null ? List.of(out) : pad(out, padding);
    }

    @Override
    public List<Encoding> encodePairBatch(List<String> firsts, List<String> seconds, boolean addSpecialTokens) {
        if (firsts.size() != seconds.size()) {
            throw new TokenizerException("encodePairBatch: " + firsts.size() + " first texts but " + seconds.size()
                    + " second texts; pass lists of equal length");
        }
        Encoding[] out = new Encoding[firsts.size()];
        IntStream.range(0, out.length).parallel()
                .forEach(i -> out[i] = encode(firsts.get(i), seconds.get(i), addSpecialTokens));
        return padding == null ? List.of(out) : pad(out, padding);
    }

    private static List<Encoding> pad(Encoding[] encodings, Padding p) {
        int target = p.strategy() == Padding.Strategy.FIXED ? p.length() : 0;
        if (p.strategy() != Padding.Strategy.FIXED) {
            for (Encoding e : encodings) {
                target = Math.max(target, e.length());
            }
        }
        Integer m = p.padToMultipleOf();
        if (m != null && m > 0 && target % m > 0) {
            target += m - target % m;
        }
        Encoding[] out = new Encoding[encodings.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = encodings[i].pad(target, p.padId(), p.padTypeId(), p.padToken(), p.direction());
        }
        return List.of(out);
    }

    /**
     * Decodes as sentencepiece's DecodeIds: control pieces vanish, and an id outside the vocabulary is refused
     * (DecodeIds raises "piece id is out of range" for it).
     *
     * @throws TokenizerException naming the sequence (1-based) and position of the first id out of range
     */
    @Override
    public List<String> decodeBatch(List<int[]> ids, boolean skipSpecialTokens) {
        for (int i = 0; i < ids.size(); i++) {
            int[] seq = ids.get(i);
            for (int j = 0; j < seq.length; j++) {
                if (seq[j] < 0 || seq[j] >= model.size()) {
                    throw new TokenizerException("sequence " + (i + 1) + ", position " + j + ": id " + seq[j]
                            + " is out of range for " + model + ": its ids go from 0 to " + (model.size() - 1)
                            + " (sentencepiece's DecodeIds refuses it too)");
                }
            }
        }
        String[] out = new String[ids.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = model.decodeIds(ids.get(i)));
        return List.of(out);
    }

    @Override
    public Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    @Override
    public Optional<Padding> padding() {
        return Optional.ofNullable(padding);
    }

    @Override
    public SentencePieceEngine withTruncation(Truncation t) {
        return new SentencePieceEngine(model, template, t, padding);
    }

    @Override
    public SentencePieceEngine withPadding(Padding p) {
        return new SentencePieceEngine(model, template, truncation, p);
    }

    @Override
    public int tokenToId(String token) {
        int id = model.pieceToId(token);
        return id >= 0 && token.equals(model.idToPiece(id)) ? id : -1;
    }
}
