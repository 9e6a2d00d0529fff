package dev.hubkit.tokenizers.text;

import java.util.Locale;

/** What happens to the delimiter when splitting (Rust {@code SplitDelimiterBehavior}). */
public enum SplitBehavior {
    REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

    /** JSON spelling, e.g. {@code MergedWithPrevious}. */
    public String jsonName() {
        StringBuilder sb = new StringBuilder();
        for (String part : name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** Parses the JSON spelling (case-insensitive, underscores optional), or null. */
    public static SplitBehavior parse(String s) {
        String k = s.replace("_", "").toLowerCase(Locale.ROOT);
        for (SplitBehavior b : values()) {
            if (b.name().replace("_", "").toLowerCase(Locale.ROOT).equals(k)) {
                return b;
            }
        }
        return null;
    }

    /** Turns match triples into split triples {@code (start, end, remove)} (remove = 1: the piece is dropped). */
    public int[] splits(int[] m) {
        return apply(m);
    }

    /** Turns match triples into split triples {@code (start, end, remove)}. */
    int[] apply(int[] m) {
        IntBuf out = new IntBuf(m.length);
        switch (this) {
            case ISOLATED:
                for (int i = 0; i < m.length; i += 3) {
                    out.add3(m[i], m[i + 1], 0);
                }
                return out.toArray();
            case REMOVED:
                return m;
            case CONTIGUOUS: {
                boolean prevMatch = false;
                for (int i = 0; i < m.length; i += 3) {
                    boolean isMatch = m[i + 2] == 1;
                    if (isMatch == prevMatch && out.size() > 0) {
                        out.set(out.size() - 2, m[i + 1]);
                    } else {
                        out.add3(m[i], m[i + 1], 0);
                    }
                    prevMatch = isMatch;
                }
                return out.toArray();
            }
            case MERGED_WITH_PREVIOUS: {
                boolean prevMatch = false;
                for (int i = 0; i < m.length; i += 3) {
                    boolean isMatch = m[i + 2] == 1;
                    if (isMatch && !prevMatch && out.size() > 0) {
                        out.set(out.size() - 2, m[i + 1]);
                    } else {
                        out.add3(m[i], m[i + 1], 0);
                    }
                    prevMatch = isMatch;
                }
                return out.toArray();
            }
            case MERGED_WITH_NEXT: {
                boolean prevMatch = false;
                IntBuf rev = new IntBuf(m.length);
                for (int i = m.length - 3; i >= 0; i -= 3) {
                    boolean isMatch = m[i + 2] == 1;
                    if (isMatch && !prevMatch && rev.size() > 0) {
                        rev.set(rev.size() - 3, m[i]);
                    } else {
                        rev.add3(m[i], m[i + 1], 0);
                    }
                    prevMatch = isMatch;
                }
                for (int i = rev.size() - 3; i >= 0; i -= 3) {
                    out.add3(rev.get(i), rev.get(i + 1), 0);
                }
                return out.toArray();
            }
            default:
                throw new IllegalStateException();
        }
    }
}
