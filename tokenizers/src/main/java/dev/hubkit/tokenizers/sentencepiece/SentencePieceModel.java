package dev.hubkit.tokenizers.sentencepiece;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.sentencepiece.proto.SentencePieceModelProtos.ModelProto;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SentencePiece model ({@code .model} file) that encodes and decodes exactly like the
 * sentencepiece library (UNIGRAM, BPE, WORD and CHAR models; normalization, user-defined
 * symbols, byte fallback, unknown handling). Immutable and thread-safe.
 */
public final class SentencePieceModel {
    private static final Logger LOG = LoggerFactory.getLogger(SentencePieceModel.class);
    private static final int MAX_PIECE_BYTES = 8000;

    private final String source;
    private final Vocab vocab;
    private final ModelType modelType;
    private final NormalizerSpec normalizerSpec;
    private final NormalizerSpec denormalizerSpec;
    private final TrainerSpec trainerSpec;
    private final Normalizer normalizer;
    private final Normalizer denormalizer; // null unless the model has denormalization rules
    private final Segmenter segmenter;
    private final int bosId;
    private final int eosId;
    private final int padId;

    private SentencePieceModel(String source, ModelProto proto) {
        this.source = source;
        this.trainerSpec = TrainerSpecs.of(proto.getTrainerSpec());
        this.modelType = trainerSpec.modelType();
        this.normalizerSpec = TrainerSpecs.of(proto.getNormalizerSpec());
        this.denormalizerSpec = proto.hasDenormalizerSpec() ? TrainerSpecs.of(proto.getDenormalizerSpec()) : null;
        this.vocab = buildVocab(source, proto, trainerSpec.byteFallback());
        this.normalizer = new Normalizer(charsMap(normalizerSpec, "normalizer_spec"), vocab.userSymbols,
                normalizerSpec.addDummyPrefix(), normalizerSpec.removeExtraWhitespaces(),
                normalizerSpec.escapeWhitespaces(), trainerSpec.treatWhitespaceAsSuffix());
        PrecompiledCharsMap denorm = denormalizerSpec == null ? null : charsMap(denormalizerSpec, "denormalizer_spec");
        this.denormalizer = denorm == null ? null : new Normalizer(denorm, null, denormalizerSpec.addDummyPrefix(),
                denormalizerSpec.removeExtraWhitespaces(), denormalizerSpec.escapeWhitespaces(), false);
        this.segmenter = Segmenter.of(modelType, vocab, trainerSpec.treatWhitespaceAsSuffix(),
                trainerSpec.allowWhitespaceOnlyPieces());
        this.bosId = reservedId(trainerSpec.bosPiece(), "<s>");
        this.eosId = reservedId(trainerSpec.eosPiece(), "</s>");
        this.padId = reservedId(trainerSpec.padPiece(), "<pad>");
        LOG.debug("Loaded SentencePiece {} model {} with {} pieces", modelType, source, vocab.size());
    }

    /**
     * Loads a {@code .model} file.
     *
     * @throws TokenizerException if the file is missing, truncated, not a ModelProto, or its
     *     vocabulary is inconsistent (duplicate pieces, no unknown piece, missing byte pieces...)
     */
    public static SentencePieceModel load(Path modelFile) {
        return new SentencePieceModel(modelFile.toString(), ModelFileReader.read(modelFile));
    }

    /** Builds a model from serialized ModelProto bytes; {@code name} is used in error messages. */
    public static SentencePieceModel fromBytes(byte[] modelProto, String name) {
        try {
            return new SentencePieceModel(name, ModelProto.parseFrom(modelProto));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new TokenizerException("SentencePiece model " + name + " is not a valid ModelProto protobuf ("
                    + e.getMessage() + ").", e);
        }
    }

    private PrecompiledCharsMap charsMap(NormalizerSpec spec, String field) {
        byte[] blob = spec.precompiledCharsmap();
        return blob.length == 0 ? null : PrecompiledCharsMap.parse(blob, source + " " + field);
    }

    private int reservedId(String piece, String fallback) {
        String p = piece.isEmpty() ? fallback : piece;
        int id = vocab.pieceToId(p);
        return vocab.types[id] == PieceType.CONTROL ? id : -1; // as sentencepiece's bos_id()/eos_id()/pad_id()
    }

    private static Vocab buildVocab(String source, ModelProto proto, boolean byteFallback) {
        int n = proto.getPiecesCount();
        if (n == 0) {
            throw new TokenizerException("SentencePiece model " + source + " has no pieces; it is not a usable model"
                    + " (truncated or not a .model file).");
        }
        String[] pieces = new String[n];
        byte[][] pieceBytes = new byte[n][];
        float[] scores = new float[n];
        PieceType[] types = new PieceType[n];
        Map<String, Integer> normal = new HashMap<>(n * 2);
        Map<String, Integer> reserved = new HashMap<>();
        ByteTrie.Builder users = null;
        int unkId = -1;
        int[] byteIds = new int[256];
        java.util.Arrays.fill(byteIds, -1);
        for (int i = 0; i < n; i++) {
            ModelProto.SentencePiece sp = proto.getPieces(i);
            byte[] raw = sp.getPieceBytes().toByteArray();
            String piece = sp.getPiece();
            String at = "SentencePiece model " + source + ": piece #" + i;
            if (raw.length == 0) {
                throw new TokenizerException(at + " is empty; pieces must not be empty. The model file is corrupt.");
            }
            if (raw.length >= MAX_PIECE_BYTES) {
                throw new TokenizerException(at + " is " + raw.length + " bytes long (limit " + MAX_PIECE_BYTES
                        + "). The model file is corrupt.");
            }
            for (byte b : raw) {
                if (b == 0) {
                    throw new TokenizerException(at + " contains a NUL character. The model file is corrupt.");
                }
            }
            if (!java.util.Arrays.equals(raw, piece.getBytes(StandardCharsets.UTF_8))) {
                throw new TokenizerException(at + " is not valid UTF-8. The model file is corrupt.");
            }
            PieceType type = PieceTypes.of(sp.getType());
            boolean isNormal = type == PieceType.NORMAL || type == PieceType.USER_DEFINED || type == PieceType.UNUSED;
            Integer previous = (isNormal ? normal : reserved).putIfAbsent(piece, i);
            if (previous != null) {
                throw new TokenizerException(at + " '" + piece + "' is already defined as piece #" + previous
                        + "; duplicate pieces are not allowed. The model file is corrupt.");
            }
            if (type == PieceType.USER_DEFINED) {
                if (users == null) {
                    users = new ByteTrie.Builder();
                }
                users.add(raw, i);
            }
            if (type == PieceType.UNKNOWN) {
                if (unkId >= 0) {
                    throw new TokenizerException(at + " '" + piece + "' is a second UNKNOWN piece (the first is #"
                            + unkId + "); a model has exactly one. The model file is corrupt.");
                }
                unkId = i;
            }
            if (type == PieceType.BYTE) {
                if (!byteFallback) {
                    throw new TokenizerException(at + " '" + piece + "' is a BYTE piece although byte_fallback is"
                            + " false in the trainer spec. The model file is corrupt.");
                }
                int b = BytePieces.pieceToByte(piece);
                if (b < 0) {
                    throw new TokenizerException(at + " '" + piece + "' is a BYTE piece but not of the form <0xNN>."
                            + " The model file is corrupt.");
                }
                byteIds[b] = i;
            }
            pieces[i] = piece;
            pieceBytes[i] = raw;
            scores[i] = sp.getScore();
            types[i] = type;
        }
        if (unkId < 0) {
            throw new TokenizerException("SentencePiece model " + source + " has no UNKNOWN piece (e.g. <unk>);"
                    + " every model needs one. The model file is corrupt.");
        }
        if (byteFallback) {
            for (int b = 0; b < 256; b++) {
                if (byteIds[b] < 0) {
                    throw new TokenizerException("SentencePiece model " + source + " has byte_fallback on but no"
                            + " byte piece " + BytePieces.byteToPiece(b) + "; all 256 are required."
                            + " The model file is corrupt.");
                }
            }
        }
        return new Vocab(pieces, pieceBytes, scores, types, unkId, byteFallback, byteIds,
                users == null ? null : users.build(), normal, reserved);
    }

    // ---------------------------------------------------------------- encode

    /** Encodes {@code text} into pieces with ids and UTF-16 surface offsets. */
    public Piece[] encode(String text) {
        Utf8.Encoded enc = Utf8.encode(text);
        Normalizer.Result norm = normalizer.normalize(enc.bytes());
        byte[] s = norm.bytes();
        int[] normToOrig = norm.normToOrig();
        int[] toUtf16 = enc.utf16Offset();
        Segments seg = new Segments();
        segmenter.segment(s, seg);
        List<Piece> out = new ArrayList<>(seg.count() + 4);
        int consumed = 0;
        boolean prevUnk = false;
        for (int i = 0; i < seg.count(); i++) {
            int id = seg.id(i);
            int len = seg.end(i) - seg.begin(i);
            boolean unk = vocab.types[id] == PieceType.UNKNOWN;
            if (vocab.types[id] == PieceType.CONTROL) {
                int at = toUtf16[normToOrig[consumed]];
                out.add(new Piece(vocab.pieces[id], id, at, at));
            } else {
                int origBegin = normToOrig[consumed];
                int origEnd = normToOrig[consumed + len];
                int b16 = toUtf16[origBegin];
                int e16 = toUtf16[origEnd];
                if (unk && vocab.byteFallback) {
                    for (int k = 0; k < len; k++) {
                        int b = s[seg.begin(i) + k] & 0xFF;
                        int byteId = vocab.byteIds[b];
                        out.add(new Piece(vocab.pieces[byteId], byteId, b16, k == len - 1 ? e16 : b16));
                    }
                } else {
                    String w = unk ? new String(s, seg.begin(i), len, StandardCharsets.UTF_8) : vocab.pieces[id];
                    if (prevUnk && unk) {
                        Piece last = out.remove(out.size() - 1);
                        out.add(new Piece(last.piece() + w, last.id(), last.begin(), e16));
                    } else {
                        out.add(new Piece(w, id, b16, e16));
                    }
                }
                consumed += len;
            }
            prevUnk = unk;
        }
        return out.toArray(new Piece[0]);
    }

    /** Encodes {@code text} into piece ids. */
    public int[] encodeIds(String text) {
        Piece[] pieces = encode(text);
        int[] ids = new int[pieces.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pieces[i].id();
        }
        return ids;
    }

    /** Encodes {@code text} into piece strings. */
    public String[] encodePieces(String text) {
        Piece[] pieces = encode(text);
        String[] out = new String[pieces.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pieces[i].piece();
        }
        return out;
    }

    /**
     * Sampling and n-best segmentation (subword regularization) are not implemented.
     *
     * @throws TokenizerException always, saying so
     */
    public int[] sampleEncodeIds(String text, int nbestSize, float alpha) {
        throw new TokenizerException("SentencePiece model " + source + ": sampling / n-best encoding (nbest_size="
                + nbestSize + ", alpha=" + alpha + ") is not supported; use encodeIds for the deterministic"
                + " (Viterbi / merge) segmentation.");
    }

    // ---------------------------------------------------------------- decode

    /** Decodes ids back to text as sentencepiece's DecodeIds does. */
    public String decodeIds(int[] ids) {
        String[] pieces = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            pieces[i] = idToPiece(ids[i]);
        }
        return decode(pieces, ids);
    }

    /** Decodes pieces back to text as sentencepiece's DecodePieces does (unknown strings are kept as is). */
    public String decodePieces(String[] pieces) {
        int[] ids = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            ids[i] = vocab.pieceToId(pieces[i]);
        }
        return decode(pieces, ids);
    }

    private String decode(String[] pieces, int[] ids) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        boolean bosWs = true;       // whether a leading ▁ may still be consumed
        boolean bosWsSeen = false;  // whether one was consumed (only kept when extra whitespace is kept)
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (vocab.types[id] == PieceType.BYTE) {
                pendingBytes.write(BytePieces.pieceToByte(vocab.pieces[id]));
                continue;
            }
            flushBytes(pendingBytes, text);
            if (bosWsSeen || text.size() > 0) {
                bosWs = false;
            }
            String piece = pieces[i];
            String surface;
            PieceType type = vocab.types[id];
            bosWsSeen = false;
            if (type == PieceType.CONTROL) {
                surface = "";
            } else if (type == PieceType.UNKNOWN) {
                surface = vocab.pieces[id].equals(piece) ? trainerSpec.unkSurface() : piece;
            } else {
                if (bosWs && (normalizerSpec.addDummyPrefix() || normalizerSpec.removeExtraWhitespaces())
                        && piece.startsWith("\u2581")) {
                    piece = piece.substring(1);
                    bosWsSeen = !normalizerSpec.removeExtraWhitespaces();
                }
                surface = piece.replace('\u2581', ' ');
            }
            byte[] b = surface.getBytes(StandardCharsets.UTF_8);
            text.write(b, 0, b.length);
        }
        flushBytes(pendingBytes, text);
        byte[] out = text.toByteArray();
        if (denormalizer != null) {
            out = denormalizer.normalize(out).bytes();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void flushBytes(ByteArrayOutputStream pending, ByteArrayOutputStream text) {
        if (pending.size() == 0) {
            return;
        }
        byte[] b = pending.toByteArray();
        pending.reset();
        int pos = 0;
        while (pos < b.length) {
            int len = Utf8.validCharLen(b, pos, b.length);
            if (len < 0) {
                text.write(Utf8.REPLACEMENT, 0, 3);
                pos++;
            } else {
                text.write(b, pos, len);
                pos += len;
            }
        }
    }

    // ---------------------------------------------------------------- vocabulary

    /** Id of {@code piece}, or {@link #unkId()} when it is not in the vocabulary. */
    public int pieceToId(String piece) {
        return vocab.pieceToId(piece);
    }

    /** The piece with id {@code id}. */
    public String idToPiece(int id) {
        checkId(id);
        return vocab.pieces[id];
    }

    /** The score of piece {@code id} (log probability for UNIGRAM, merge priority for BPE). */
    public float score(int id) {
        checkId(id);
        return vocab.scores[id];
    }

    /** The type of piece {@code id}. */
    public PieceType type(int id) {
        checkId(id);
        return vocab.types[id];
    }

    /** Number of pieces. */
    public int size() {
        return vocab.size();
    }

    public ModelType modelType() {
        return modelType;
    }

    public int unkId() {
        return vocab.unkId;
    }

    /** Id of the BOS piece, or -1 if the model has none. */
    public int bosId() {
        return bosId;
    }

    /** Id of the EOS piece, or -1 if the model has none. */
    public int eosId() {
        return eosId;
    }

    /** Id of the padding piece, or -1 if the model has none. */
    public int padId() {
        return padId;
    }

    public NormalizerSpec normalizerSpec() {
        return normalizerSpec;
    }

    /** The denormalizer spec, or null when the model has none. */
    public NormalizerSpec denormalizerSpec() {
        return denormalizerSpec;
    }

    public TrainerSpec trainerSpec() {
        return trainerSpec;
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new TokenizerException("SentencePiece model " + source + ": piece id " + id
                    + " is out of range [0, " + vocab.size() + ").");
        }
    }

    @Override
    public String toString() {
        return "SentencePieceModel[" + modelType + ", " + vocab.size() + " pieces, " + source + "]";
    }
}
