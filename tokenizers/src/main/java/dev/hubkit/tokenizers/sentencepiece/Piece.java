package dev.hubkit.tokenizers.sentencepiece;

/**
 * One encoded piece. {@code begin}/{@code end} are UTF-16 offsets into the encoded string: the
 * piece's surface span as sentencepiece reports it (control pieces and all but the last byte piece
 * of a byte-fallback character have {@code begin == end}).
 */
public record Piece(String piece, int id, int begin, int end) {
}
