package dev.hubkit.tokenizers.json;

import dev.hubkit.tokenizers.models.MergeList;
import dev.hubkit.tokenizers.models.Vocab;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Parses {@code model.vocab} (an object of token to id) and {@code model.merges} (an array of {@code "a b"} or
 * {@code ["a", "b"]}) of a tokenizer.json straight from its UTF-8 bytes: one tight loop per entry, no Jackson
 * tokens, no decoder, no String per merge. Strict: anything it does not read exactly as Jackson would (escapes it
 * does not know, malformed UTF-8, numbers that are not plain non-negative ints, names longer than Jackson
 * allows, duplicate {@code model}, {@code vocab} or {@code merges} keys, truncated input, ...) makes
 * {@link #scan} answer null, and the caller reads the file the general way, which also words the errors. The
 * rest of the document is only skipped here (Jackson checks it when it reads {@link ModelSections#rest()}). A
 * first pass finds the two sections by skipping them; a large merge list is then parsed on another thread while
 * this one parses the vocabulary.
 */
final class ModelSectionScanner {
    /**
     * Longer keys are left to the general path (Jackson's default name limit, 50 000 chars, is above it and
     * rejects longer ones; no real token comes near).
     */
    private static final int MAX_NAME = 10_000;
    /** Longer merge strings are left to the general path as well. */
    private static final int MAX_STRING = 10_000;

    /** Thrown (without a stack trace) to give up; {@link #scan} turns it into null. */
    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    private final byte[] b;
    private int pos;
    private char[] buf = new char[256];
    private int vocabFrom = -1;
    private int vocabTo;
    private int mergesFrom = -1;
    private int mergesTo;
    private int vocabCount;
    private int mergesCount;
    private Vocab.Entries vocab;
    private MergeList merges;

    private ModelSectionScanner(byte[] json) {
        this.b = json;
    }

    /** Merge sections at least this long (bytes) are parsed on another thread while the vocabulary is parsed. */
    private static final int PARALLEL_BYTES = 1 << 20;

    /** The two sections and the rest of {@code json}, or null when neither was read (or the reading gave up). */
    static ModelSections scan(byte[] json) {
        ModelSectionScanner s = new ModelSectionScanner(json);
        try {
            s.document(); // finds the sections (skipping them)
        } catch (GiveUp | IndexOutOfBoundsException e) {
            return null;
        }
        if (s.vocabFrom < 0 && s.mergesFrom < 0) {
            return null;
        }
        Future<MergeList> later = null;
        if (s.vocabFrom >= 0 && s.mergesTo - s.mergesFrom >= PARALLEL_BYTES) {
            int from = s.mergesFrom;
            int to = s.mergesTo;
            int count = s.mergesCount;
            later = ForkJoinPool.commonPool().submit(() -> new ModelSectionScanner(json).mergesAt(from, to, count));
        }
        try {
            if (s.vocabFrom >= 0) {
                s.vocab = new ModelSectionScanner(json).vocabAt(s.vocabFrom, s.vocabTo, s.vocabCount);
            }
            if (later != null) {
                s.merges = later.get();
            } else if (s.mergesFrom >= 0) {
                s.merges = new ModelSectionScanner(json).mergesAt(s.mergesFrom, s.mergesTo, s.mergesCount);
            }
        } catch (GiveUp | IndexOutOfBoundsException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (later != null) {
                later.cancel(false);
            }
        }
        return new ModelSections(s.vocab, s.merges, s.rest());
    }

    private Vocab.Entries vocabAt(int from, int to, int count) {
        pos = from;
        Vocab.Entries v = vocab(count);
        if (pos != to) {
            throw giveUp();
        }
        return v;
    }

    private MergeList mergesAt(int from, int to, int count) {
        pos = from;
        // Every merge takes at least 3 bytes that are not token chars (2 quotes and a space or more) and a comma
        // between merges; a token char takes at least one byte.
        MergeList m = merges(count, (int) Math.max(0L, (long) to - from - 4L * count + 1));
        if (pos != to) {
            throw giveUp();
        }
        return m;
    }

    private static GiveUp giveUp() {
        return GIVE_UP;
    }

    private void document() {
        ws();
        expect('{');
        ws();
        if (b[pos] == '}') {
            return;
        }
        boolean seenModel = false;
        while (true) {
            expect('"');
            boolean isModel = keyIs("model");
            ws();
            expect(':');
            ws();
            if (isModel) {
                if (seenModel) {
                    throw giveUp();
                }
                seenModel = true;
                if (b[pos] == '{') {
                    model();
                } else {
                    skipValue();
                }
            } else {
                skipValue();
            }
            ws();
            byte c = b[pos++];
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw giveUp();
            }
            ws();
        }
    }

    private void model() {
        pos++; // '{'
        ws();
        if (b[pos] == '}') {
            pos++;
            return;
        }
        boolean seenVocab = false;
        boolean seenMerges = false;
        while (true) {
            expect('"');
            int len = string(MAX_NAME);
            boolean isVocab = is(len, "vocab");
            boolean isMerges = !isVocab && is(len, "merges");
            ws();
            expect(':');
            ws();
            if ((isVocab && seenVocab) || (isMerges && seenMerges)) {
                throw giveUp();
            }
            seenVocab |= isVocab;
            seenMerges |= isMerges;
            if (isVocab && b[pos] == '{') {
                vocabFrom = pos;
                vocabCount = skipCounting();
                vocabTo = pos;
            } else if (isMerges && b[pos] == '[') {
                mergesFrom = pos;
                mergesCount = skipCounting();
                mergesTo = pos;
            } else {
                skipValue();
            }
            ws();
            byte c = b[pos++];
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw giveUp();
            }
            ws();
        }
    }

    /** Reads the object at {@code pos} (at its '{'); leaves {@code pos} after its '}'. */
    private Vocab.Entries vocab(int expected) {
        pos++;
        Vocab.Entries out = new Vocab.Entries(expected);
        ws();
        if (b[pos] == '}') {
            pos++;
            return out;
        }
        while (true) {
            expect('"');
            int len = string(MAX_NAME);
            String key = new String(buf, 0, len);
            ws();
            expect(':');
            ws();
            out.add(key, nonNegativeInt());
            ws();
            byte c = b[pos++];
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw giveUp();
            }
            ws();
        }
    }

    /** Reads the array at {@code pos} (at its '['); leaves {@code pos} after its ']'. */
    private MergeList merges(int expected, int poolChars) {
        pos++;
        MergeList out = new MergeList(expected, poolChars);
        ws();
        if (b[pos] == ']') {
            pos++;
            return out;
        }
        while (true) {
            byte c = b[pos++];
            if (c == '"') {
                int len = string(MAX_STRING);
                char[] s = buf;
                int sp = -1;
                for (int k = 0; k < len; k++) {
                    if (s[k] == ' ') {
                        if (sp >= 0) {
                            throw giveUp();
                        }
                        sp = k;
                    }
                }
                if (sp < 0) {
                    throw giveUp();
                }
                out.add(s, 0, sp, 1, len);
            } else if (c == '[') {
                ws();
                expect('"');
                int la = string(MAX_STRING);
                out.addLeft(buf, 0, la);
                ws();
                expect(',');
                ws();
                expect('"');
                int lb = string(MAX_STRING);
                out.addRight(buf, 0, lb);
                ws();
                expect(']');
            } else {
                throw giveUp();
            }
            ws();
            c = b[pos++];
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                throw giveUp();
            }
            ws();
        }
    }

    /** A plain non-negative JSON integer that fits an int (no sign, fraction, exponent or leading zero). */
    private int nonNegativeInt() {
        int c = b[pos] - '0';
        if (c < 0 || c > 9) {
            throw giveUp();
        }
        pos++;
        long v = c;
        if (c == 0) {
            int d = b[pos] - '0';
            if (d >= 0 && d <= 9) {
                throw giveUp();
            }
        } else {
            for (int digits = 1; ; digits++) {
                int d = b[pos] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (digits == 10) {
                    throw giveUp();
                }
                v = v * 10 + d;
                pos++;
            }
            if (v > Integer.MAX_VALUE) {
                throw giveUp();
            }
        }
        byte n = b[pos];
        if (n == '.' || n == 'e' || n == 'E') {
            throw giveUp();
        }
        return (int) v;
    }

    /**
     * Decodes the string whose opening quote was just read into {@link #buf}; leaves {@code pos} after the
     * closing quote; returns its length in chars.
     */
    private int string(int maxChars) {
        byte[] in = b;
        int p = pos;
        char[] out = buf;
        int n = 0;
        while (true) {
            if (n + 2 > out.length) {
                if (n > maxChars) {
                    throw giveUp();
                }
                out = java.util.Arrays.copyOf(out, out.length * 2);
                buf = out;
            }
            int c = in[p++];
            if (c >= 0x20) { // ASCII but for controls
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    pos = p;
                    char e = escape();
                    if (Character.isSurrogate(e)) {
                        // Only a high surrogate escape followed by a low one (Jackson rejects lone ones in names).
                        if (!Character.isHighSurrogate(e) || b[pos] != '\\') {
                            throw giveUp();
                        }
                        pos++;
                        char low = escape();
                        if (!Character.isLowSurrogate(low)) {
                            throw giveUp();
                        }
                        out[n++] = e;
                        out[n++] = low;
                    } else {
                        out[n++] = e;
                    }
                    p = pos;
                    continue;
                }
                out[n++] = (char) c;
                continue;
            }
            if (c >= 0) {
                throw giveUp(); // a raw control char: not valid JSON
            }
            c &= 0xFF;
            if (c >= 0xC2 && c <= 0xDF) {
                out[n++] = (char) (((c & 0x1F) << 6) | cont(in[p++]));
            } else if (c >= 0xE0 && c <= 0xEF) {
                int c1 = in[p++] & 0xFF;
                if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
                    throw giveUp(); // overlong, or a surrogate
                }
                out[n++] = (char) (((c & 0x0F) << 12) | (cont(c1) << 6) | cont(in[p++]));
            } else if (c >= 0xF0 && c <= 0xF4) {
                int c1 = in[p++] & 0xFF;
                if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
                    throw giveUp();
                }
                int cp = ((c & 0x07) << 18) | (cont(c1) << 12) | (cont(in[p++]) << 6) | cont(in[p++]);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
            } else {
                throw giveUp();
            }
        }
        pos = p;
        if (n > maxChars) {
            throw giveUp();
        }
        return n;
    }

    /** The 6 payload bits of a UTF-8 continuation byte. */
    private static int cont(int c) {
        if ((c & 0xC0) != 0x80) {
            throw giveUp();
        }
        return c & 0x3F;
    }

    /** The char of the escape whose backslash was just read. */
    private char escape() {
        byte c = b[pos++];
        switch (c) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u': {
                int v = 0;
                for (int k = 0; k < 4; k++) {
                    int h = Character.digit(b[pos++], 16);
                    if (h < 0) {
                        throw giveUp();
                    }
                    v = (v << 4) | h;
                }
                return (char) v;
            }
            default:
                throw giveUp();
        }
    }

    /** Reads a key whose opening quote was just read and says whether it is {@code name}. */
    private boolean keyIs(String name) {
        return is(string(MAX_NAME), name);
    }

    private boolean is(int len, String name) {
        if (len != name.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (buf[k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Skips any value (Jackson checks it later); leaves {@code pos} after it. */
    private void skipValue() {
        byte c = b[pos];
        if (c == '"') {
            pos++;
            skipString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                c = b[pos++];
                if (c == '"') {
                    skipString();
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return;
                    }
                }
            }
        } else {
            while (true) {
                c = b[pos];
                if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    return;
                }
                if (c == '"' || c == '{' || c == '[') {
                    throw giveUp();
                }
                pos++;
            }
        }
    }

    /**
     * Skips the object or array at {@code pos} like {@link #skipValue} and returns an upper bound of its number
     * of entries (commas at its top level, plus one), to size the tables it is read into.
     */
    private int skipCounting() {
        int depth = 0;
        int commas = 0;
        while (true) {
            byte c = b[pos++];
            if (c == '"') {
                skipString();
            } else if (c == ',') {
                if (depth == 1) {
                    commas++;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return commas + 1;
                }
            }
        }
    }

    /** Skips the rest of a string whose opening quote was just read. */
    private void skipString() {
        while (true) {
            byte c = b[pos++];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                pos++;
            }
        }
    }

    private void ws() {
        byte c;
        while ((c = b[pos]) == ' ' || c == '\n' || c == '\r' || c == '\t') {
            pos++;
        }
    }

    private void expect(char c) {
        if (b[pos++] != c) {
            throw giveUp();
        }
    }

    /** The document with the parsed values replaced by {@code {}} and {@code []}. */
    private byte[] rest() {
        int[][] cuts;
        if (vocab != null && merges != null) {
            cuts = vocabFrom < mergesFrom
                    ? new int[][] {{vocabFrom, vocabTo, '{', '}'}, {mergesFrom, mergesTo, '[', ']'}}
                    : new int[][] {{mergesFrom, mergesTo, '[', ']'}, {vocabFrom, vocabTo, '{', '}'}};
        } else if (vocab != null) {
            cuts = new int[][] {{vocabFrom, vocabTo, '{', '}'}};
        } else {
            cuts = new int[][] {{mergesFrom, mergesTo, '[', ']'}};
        }
        int size = b.length;
        for (int[] cut : cuts) {
            size -= cut[1] - cut[0] - 2;
        }
        byte[] out = new byte[size];
        int from = 0;
        int at = 0;
        for (int[] cut : cuts) {
            System.arraycopy(b, from, out, at, cut[0] - from);
            at += cut[0] - from;
            out[at++] = (byte) cut[2];
            out[at++] = (byte) cut[3];
            from = cut[1];
        }
        System.arraycopy(b, from, out, at, b.length - from);
        return out;
    }
}
