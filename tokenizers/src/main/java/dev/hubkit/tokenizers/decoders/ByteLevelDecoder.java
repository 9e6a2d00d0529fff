package dev.hubkit.tokenizers.decoders;

import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Maps byte-level chars back to bytes and decodes them as UTF-8 (invalid sequences become U+FFFD). */
public record ByteLevelDecoder() implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : tokens) {
            boolean all = true;
            for (int i = 0; i < t.length(); i++) {
                if (ByteLevelAlphabet.byteOf(t.charAt(i)) < 0) {
                    all = false;
                    break;
                }
            }
            if (all) {
                for (int i = 0; i < t.length(); i++) {
                    out.write(ByteLevelAlphabet.byteOf(t.charAt(i)));
                }
            } else {
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return List.of(Utf8.decodeLossy(out.toByteArray()));
    }
}
