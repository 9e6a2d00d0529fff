package dev.hubkit.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** Turns runs of {@code <0xNN>} tokens back into text (U+FFFD per byte when invalid UTF-8). */
public record ByteFallback() implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        byte[] pending = new byte[16];
        int np = 0;
        for (String t : tokens) {
            int b = parse(t);
            if (b >= 0) {
                if (np == pending.length) {
                    pending = java.util.Arrays.copyOf(pending, np * 2);
                }
                pending[np++] = (byte) b;
            } else {
                np = flush(out, pending, np);
                out.add(t);
            }
        }
        flush(out, pending, np);
        return out;
    }

    private static int flush(List<String> out, byte[] pending, int np) {
        if (np > 0) {
            String s = Utf8.decodeStrict(pending, np);
            if (s != null) {
                out.add(s);
            } else {
                for (int i = 0; i < np; i++) {
                    out.add("\uFFFD");
                }
            }
        }
        return 0;
    }

    private static int parse(String t) {
        if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
            try {
                return Integer.parseInt(t.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
