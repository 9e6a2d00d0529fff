package dev.hubkit.tokenizers.decoders;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding helpers. */
final class Utf8 {
    private Utf8() {
    }

    /** Decodes replacing invalid sequences by U+FFFD (maximal subpart policy, like Rust's from_utf8_lossy). */
    static String decodeLossy(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(b));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** Strict decoding, or null when invalid. */
    static String decodeStrict(byte[] b, int n) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return d.decode(ByteBuffer.wrap(b, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
