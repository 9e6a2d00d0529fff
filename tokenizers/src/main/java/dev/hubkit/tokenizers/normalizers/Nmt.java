package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;

/** SentencePiece's NMT cleanup: drops some control chars and maps odd spaces to a space. */
public record Nmt() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(c -> !((c >= 0x0001 && c <= 0x0008) || c == 0x000B || (c >= 0x000E && c <= 0x001F) || c == 0x007F
                || c == 0x008F || c == 0x009F));
        s.map(c -> switch (c) {
            case 0x0009, 0x000A, 0x000C, 0x000D, 0x1680, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029,
                    0x2581, 0xFEFF, 0xFFFD -> ' ';
            default -> (c >= 0x200B && c <= 0x200F) ? ' ' : c;
        });
    }
}
