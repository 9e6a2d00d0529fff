package dev.hubkit.tokenizers.json;

/**
 * Reads a JSON number into the {@code double} the Rust library gets for it. The tokenizers crate parses
 * tokenizer.json with serde_json's default number parser, which is not correctly rounded: it gathers the
 * decimal digits into a u64 (digits beyond what fits are dropped), converts that to f64 and then divides
 * (or multiplies) by a power of ten, rounding twice. For a number of 17 significant digits the result can
 * be one unit in the last place away from the correctly rounded value {@link Double#parseDouble} gives;
 * Unigram scores are such numbers, and a tie between two segmentations can turn on that last bit. So
 * hubkit reads them exactly as Rust does.
 */
final class RustJsonFloats {
    /** {@code 10^k} for k in 0..308, each the correctly rounded double (as Rust's f64 literals are). */
    private static final double[] POW10 = new double[309];
    private static final long U64_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final long U64_MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);

    static {
        for (int k = 0; k < POW10.length; k++) {
            POW10[k] = Double.parseDouble("1e" + k);
        }
    }

    private RustJsonFloats() {
    }

    /**
     * The value of the JSON number {@code text} as serde_json (without its float_roundtrip feature) reads it.
     *
     * @throws NumberFormatException when {@code text} is not a JSON number, or is too large for a double
     */
    static double parse(String text) {
        int i = 0;
        int n = text.length();
        boolean positive = true;
        if (i < n && text.charAt(i) == '-') {
            positive = false;
            i++;
        }
        if (i >= n || !digit(text.charAt(i))) {
            throw bad(text);
        }
        long significand = 0;
        int exponent = 0;
        if (text.charAt(i) == '0') {
            i++;
        } else {
            boolean full = false; // once a digit overflows the u64, later integer digits only raise the exponent
            while (i < n && digit(text.charAt(i))) {
                int d = text.charAt(i) - '0';
                if (full || overflows(significand, d)) {
                    full = true;
                    exponent++;
                } else {
                    significand = significand * 10 + d;
                }
                i++;
            }
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            int start = i;
            boolean dropping = false; // after the first fraction digit that overflows, serde ignores the rest
            while (i < n && digit(text.charAt(i))) {
                int d = text.charAt(i) - '0';
                if (!dropping && overflows(significand, d)) {
                    dropping = true;
                }
                if (!dropping) {
                    significand = significand * 10 + d;
                    exponent--;
                }
                i++;
            }
            if (i == start) {
                throw bad(text);
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            boolean positiveExp = true;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                positiveExp = text.charAt(i) == '+';
                i++;
            }
            if (i >= n || !digit(text.charAt(i))) {
                throw bad(text);
            }
            long exp = 0;
            while (i < n && digit(text.charAt(i))) {
                exp = Math.min(exp * 10 + (text.charAt(i) - '0'), Integer.MAX_VALUE);
                i++;
            }
            if (exp == Integer.MAX_VALUE) { // serde: an exponent overflowing i32 means zero or out of range
                if (positiveExp && significand != 0) {
                    throw new NumberFormatException("number out of range: " + text);
                }
                return positive ? 0.0 : -0.0;
            }
            long e = positiveExp ? (long) exponent + exp : (long) exponent - exp;
            exponent = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, e));
        }
        if (i != n) {
            throw bad(text);
        }
        return fromParts(positive, significand, exponent, text);
    }

    /** serde_json's {@code f64_from_parts}: the u64 significand as f64, then one scaling by a power of ten. */
    private static double fromParts(boolean positive, long significand, int exponent, String text) {
        double f = unsignedToDouble(significand);
        while (true) {
            int abs = exponent == Integer.MIN_VALUE ? Integer.MAX_VALUE : Math.abs(exponent);
            if (abs < POW10.length) {
                if (exponent >= 0) {
                    f *= POW10[abs];
                    if (Double.isInfinite(f)) {
                        throw new NumberFormatException("number out of range: " + text);
                    }
                } else {
                    f /= POW10[abs];
                }
                break;
            }
            if (f == 0.0) {
                break;
            }
            if (exponent >= 0) {
                throw new NumberFormatException("number out of range: " + text);
            }
            f /= 1e308;
            exponent += 308;
        }
        return positive ? f : -f;
    }

    /** {@code u64 as f64}: round to nearest, ties to even. */
    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((double) ((v >>> 1) | (v & 1))) * 2.0; // halve keeping the sticky bit, so the rounding is the same
    }

    /** serde_json's {@code overflow!(significand * 10 + digit, u64::MAX)}. */
    private static boolean overflows(long significand, int digit) {
        int c = Long.compareUnsigned(significand, U64_MAX_DIV_10);
        return c > 0 || (c == 0 && digit > U64_MAX_MOD_10);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static NumberFormatException bad(String text) {
        return new NumberFormatException("not a JSON number: " + text);
    }
}
