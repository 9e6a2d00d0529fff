package dev.hubkit.tokenizers;

/** The truncation strategies of the Rust library, shared by {@link Tokenizer} and the other engines. */
final class Truncations {
    private Truncations() {
    }

    /** Truncates one sequence or a pair ({@code b} may be null) to {@code maxLength} tokens together. */
    static Encoding[] apply(Encoding a, Encoding b, int maxLength, Truncation t) {
        if (maxLength == 0) {
            return new Encoding[] {a.truncate(0, t.stride(), t.direction()),
                    b == null ? null : b.truncate(0, t.stride(), t.direction())};
        }
        int total = a.length() + (b == null ? 0 : b.length());
        if (total <= maxLength) {
            return new Encoding[] {a, b};
        }
        int toRemove = total - maxLength;
        switch (t.strategy()) {
            case LONGEST_FIRST:
                if (b != null) {
                    int n1 = a.length();
                    int n2 = b.length();
                    boolean swap = false;
                    if (n1 > n2) {
                        swap = true;
                        int tmp = n1;
                        n1 = n2;
                        n2 = tmp;
                    }
                    if (n1 > maxLength) {
                        n2 = n1;
                    } else {
                        n2 = Math.max(n1, maxLength - n1);
                    }
                    if (n1 + n2 > maxLength) {
                        n1 = maxLength / 2;
                        n2 = n1 + maxLength % 2;
                    }
                    if (swap) {
                        int tmp = n1;
                        n1 = n2;
                        n2 = tmp;
                    }
                    return new Encoding[] {a.truncate(n1, t.stride(), t.direction()),
                            b.truncate(n2, t.stride(), t.direction())};
                }
                return new Encoding[] {a.truncate(total - toRemove, t.stride(), t.direction()), null};
            case ONLY_FIRST:
            case ONLY_SECOND: {
                boolean first = t.strategy() == Truncation.Strategy.ONLY_FIRST;
                Encoding target = first ? a : b;
                if (target == null) {
                    throw new TokenizerException("truncation strategy only_second needs a pair of sequences, but only "
                            + "one was given; use longest_first or only_first");
                }
                if (target.length() <= toRemove) {
                    throw new TokenizerException("truncation: the " + (first ? "first" : "second") + " sequence has "
                            + target.length() + " tokens, too few to remove the " + toRemove + " needed to reach "
                            + "max_length; use longest_first or a larger max_length");
                }
                Encoding cut = target.truncate(target.length() - toRemove, t.stride(), t.direction());
                return first ? new Encoding[] {cut, b} : new Encoding[] {a, cut};
            }
            default:
                throw new IllegalStateException();
        }
    }
}
