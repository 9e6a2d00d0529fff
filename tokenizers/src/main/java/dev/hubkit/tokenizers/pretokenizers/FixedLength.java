package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.util.ArrayList;
import java.util.List;

/** Cuts every piece into chunks of {@code length} characters (code points); the last chunk may be shorter. */
public record FixedLength(int length) implements PreTokenizer {
    /** The Rust library's default chunk length. */
    public static final int DEFAULT_LENGTH = 5;

    /** Checks the length. */
    public FixedLength {
        if (length <= 0) {
            throw new IllegalArgumentException("FixedLength: length must be positive, got " + length);
        }
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(this::chunks);
    }

    private List<NormalizedString> chunks(NormalizedString ns) {
        String t = ns.get();
        List<NormalizedString> out = new ArrayList<>();
        int start = 0;
        int count = 0;
        for (int i = 0; i < t.length(); ) {
            i += Character.charCount(t.codePointAt(i));
            if (++count == length || i == t.length()) {
                out.add(ns.slice(start, i));
                start = i;
                count = 0;
            }
        }
        return out;
    }
}
