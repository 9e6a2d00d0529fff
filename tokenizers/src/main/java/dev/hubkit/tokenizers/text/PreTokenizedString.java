package dev.hubkit.tokenizers.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The input as a list of pieces ("splits"), each a {@link NormalizedString}; pieces that are already
 * tokenized (added tokens) carry a token id and are left alone by later stages. Mirrors Rust's
 * {@code PreTokenizedString}; empty pieces are dropped.
 */
public final class PreTokenizedString {
    /** One piece: its text and, once known, its added-token id (-1 when the model must tokenize it). */
    public static final class Split {
        private final NormalizedString normalized;
        private final int tokenId;

        Split(NormalizedString normalized, int tokenId) {
            this.normalized = normalized;
            this.tokenId = tokenId;
        }

        public NormalizedString normalized() {
            return normalized;
        }

        public int tokenId() {
            return tokenId;
        }

        public boolean isTokenized() {
            return tokenId >= 0;
        }
    }

    private List<Split> splits;

    public PreTokenizedString(String text) {
        splits = new ArrayList<>(1);
        splits.add(new Split(NormalizedString.of(text), -1));
    }

    /** Replaces every not-yet-tokenized piece by the pieces {@code f} returns (empty ones are dropped). */
    public void split(Function<NormalizedString, List<NormalizedString>> f) {
        List<Split> out = new ArrayList<>(splits.size() * 2);
        for (Split s : splits) {
            if (s.isTokenized()) {
                out.add(s);
                continue;
            }
            for (NormalizedString p : f.apply(s.normalized)) {
                if (!p.isEmpty()) {
                    out.add(new Split(p, -1));
                }
            }
        }
        splits = out;
    }

    /** Like {@link #split} but the function may mark pieces as tokenized (id >= 0). */
    public void splitWithIds(Function<NormalizedString, List<Split>> f) {
        List<Split> out = new ArrayList<>(splits.size() * 2);
        for (Split s : splits) {
            if (s.isTokenized()) {
                out.add(s);
                continue;
            }
            for (Split p : f.apply(s.normalized)) {
                if (!p.normalized.isEmpty()) {
                    out.add(p);
                }
            }
        }
        splits = out;
    }

    /** Creates a piece for {@link #splitWithIds}. */
    public static Split piece(NormalizedString ns, int tokenId) {
        return new Split(ns, tokenId);
    }

    /** Applies {@code f} to every not-yet-tokenized piece. */
    public void normalize(Consumer<NormalizedString> f) {
        for (Split s : splits) {
            if (!s.isTokenized()) {
                f.accept(s.normalized);
            }
        }
    }

    public List<Split> splits() {
        return splits;
    }
}
