package dev.hubkit.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Patterns as huggingface_hub's {@code filter_repo_objects} applies {@code allow_patterns}/{@code ignore_patterns}:
 * backslashes become {@code /} (pattern and path), a pattern ending in {@code /} gets a {@code *}, then Python's
 * {@code fnmatch.fnmatchcase}. The pattern is translated as CPython's {@code fnmatch.translate} does (so
 * {@code *} also crosses {@code /}, {@code [!..]} negates, {@code ]} first in a set is literal, an unclosed
 * {@code [} is literal, a reversed range matches nothing) and the set text parsed as {@code re} parses it.
 * Matching is case-sensitive and has no regex engine behind it: no pattern is invalid, none backtracks.
 */
public final class Globs {

    /** Most translated patterns kept for {@link #matches}; beyond it the memo starts over. */
    private static final int MEMO_SIZE = 1024;
    private static final Map<String, List<Token>> MEMO = new ConcurrentHashMap<>();
    /** Patterns translated for matching so far (a test sees that each is translated once, not once per path). */
    private static final AtomicLong TRANSLATED = new AtomicLong();

    private Globs() {
    }

    /**
     * Allow and ignore patterns translated once, to test many paths (a repo of 100k files) without translating
     * every pattern again for every path.
     */
    public static final class Selection {
        private final List<List<Token>> allow;
        private final List<List<Token>> ignore;

        private Selection(List<String> allow, List<String> ignore) {
            this.allow = allow == null ? List.of() : allow.stream().map(Globs::compile).toList();
            this.ignore = ignore == null ? List.of() : ignore.stream().map(Globs::compile).toList();
        }

        /** Whether {@code path} passes the allow list (empty = everything) and no ignore pattern. */
        public boolean accepts(String path) {
            if (allow.isEmpty() && ignore.isEmpty()) {
                return true;
            }
            int[] name = path.replace('\\', '/').codePoints().toArray();
            if (!allow.isEmpty() && allow.stream().noneMatch(t -> match(t, name))) {
                return false;
            }
            return ignore.stream().noneMatch(t -> match(t, name));
        }
    }

    /** How many patterns have been translated for matching. */
    static long translated() {
        return TRANSLATED.get();
    }

    /** Translates {@code allow} and {@code ignore} once for {@link Selection#accepts}. */
    public static Selection selection(List<String> allow, List<String> ignore) {
        return new Selection(allow, ignore);
    }

    /** Whether {@code path} passes the allow list (empty = everything) and no ignore pattern. */
    public static boolean accepts(String path, List<String> allow, List<String> ignore) {
        if (allow != null && !allow.isEmpty() && allow.stream().noneMatch(p -> matches(p, path))) {
            return false;
        }
        return ignore == null || ignore.stream().noneMatch(p -> matches(p, path));
    }

    /** One pattern against one repo path, as {@code filter_repo_objects} does. */
    public static boolean matches(String pattern, String path) {
        return match(compile(pattern), path.replace('\\', '/').codePoints().toArray());
    }

    /** Python's {@code fnmatch.fnmatchcase(name, pattern)}. */
    public static boolean fnmatchcase(String name, String pattern) {
        return match(translate(pattern), name.codePoints().toArray());
    }

    /** A {@code filter_repo_objects} pattern translated (backslashes as {@code /}, a trailing {@code /} + {@code *}). */
    private static List<Token> compile(String pattern) {
        List<Token> t = MEMO.get(pattern);
        if (t == null) {
            String p = pattern.replace('\\', '/');
            if (p.endsWith("/")) {
                p = p + "*";
            }
            t = translate(p);
            TRANSLATED.incrementAndGet();
            if (MEMO.size() >= MEMO_SIZE) {
                MEMO.clear();
            }
            MEMO.put(pattern, t);
        }
        return t;
    }

    /** One element of a translated pattern: {@code *}, or one code point that {@link #accepts(int)}. */
    private record Token(boolean star, CharSet set) {
        boolean accepts(int cp) {
            return set.contains(cp);
        }
    }

    /** A set of code points: ranges (inclusive), possibly negated; {@code null} ranges = any character. */
    private record CharSet(List<int[]> ranges, boolean negated) {
        static final CharSet ANY = new CharSet(null, false);
        static final CharSet NONE = new CharSet(List.of(), false);

        static CharSet literal(int cp) {
            return new CharSet(List.<int[]>of(new int[]{cp, cp}), false);
        }

        boolean contains(int cp) {
            if (ranges == null) {
                return true;
            }
            boolean in = false;
            for (int[] r : ranges) {
                if (r[0] <= cp && cp <= r[1]) {
                    in = true;
                    break;
                }
            }
            return in != negated;
        }
    }

    /** CPython 3.11 {@code fnmatch.translate}, step by step, to tokens instead of regex text. */
    static List<Token> translate(String pattern) {
        int[] pat = pattern.codePoints().toArray();
        List<Token> res = new ArrayList<>();
        int i = 0;
        int n = pat.length;
        while (i < n) {
            int c = pat[i++];
            if (c == '*') {
                if (res.isEmpty() || !res.get(res.size() - 1).star()) {
                    res.add(new Token(true, null));
                }
            } else if (c == '?') {
                res.add(new Token(false, CharSet.ANY));
            } else if (c == '[') {
                int j = i;
                if (j < n && pat[j] == '!') {
                    j++;
                }
                if (j < n && pat[j] == ']') {
                    j++;
                }
                while (j < n && pat[j] != ']') {
                    j++;
                }
                if (j >= n) {
                    res.add(new Token(false, CharSet.literal('[')));
                } else {
                    String stuff = setText(pat, i, j);
                    i = j + 1;
                    res.add(new Token(false, stuff.isEmpty() ? CharSet.NONE
                            : stuff.equals("!") ? CharSet.ANY : parseSet(stuff)));
                }
            } else {
                res.add(new Token(false, CharSet.literal(c)));
            }
        }
        return res;
    }

    /** The regex set body {@code translate} builds from {@code pat[i, j)} (before the {@code !}/{@code ^} step). */
    private static String setText(int[] pat, int i, int j) {
        String stuff = str(pat, i, j);
        if (stuff.indexOf('-') < 0) {
            stuff = stuff.replace("\\", "\\\\");
        } else {
            List<String> chunks = new ArrayList<>();
            int k = pat[i] == '!' ? i + 2 : i + 1;
            while (true) {
                k = find(pat, '-', k, j);
                if (k < 0) {
                    break;
                }
                chunks.add(str(pat, i, k));
                i = k + 1;
                k = k + 3;
            }
            String chunk = str(pat, i, j);
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            } else {
                chunks.set(chunks.size() - 1, chunks.get(chunks.size() - 1) + "-");
            }
            // remove empty ranges
            for (k = chunks.size() - 1; k > 0; k--) {
                String prev = chunks.get(k - 1);
                String next = chunks.get(k);
                if (prev.codePointBefore(prev.length()) > next.codePointAt(0)) {
                    chunks.set(k - 1, prev.substring(0, prev.offsetByCodePoints(prev.length(), -1))
                            + next.substring(next.offsetByCodePoints(0, 1)));
                    chunks.remove(k);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < chunks.size(); c++) {
                if (c > 0) {
                    sb.append('-');
                }
                sb.append(chunks.get(c).replace("\\", "\\\\").replace("-", "\\-"));
            }
            stuff = sb.toString();
        }
        // set operations (&, ~, |) escaped
        stuff = stuff.replaceAll("([&~|])", "\\\\$1");
        if (stuff.isEmpty() || stuff.equals("!")) {
            return stuff;
        }
        if (stuff.charAt(0) == '!') {
            return "^" + stuff.substring(1);
        }
        if (stuff.charAt(0) == '^' || stuff.charAt(0) == '[') {
            return "\\" + stuff;
        }
        return stuff;
    }

    /** A set body as Python's {@code re} parses it: leading {@code ^}, escapes, {@code a-b} ranges. */
    private static CharSet parseSet(String body) {
        int[] s = body.codePoints().toArray();
        int p = 0;
        boolean negated = false;
        if (s[0] == '^') {
            negated = true;
            p = 1;
        }
        List<int[]> ranges = new ArrayList<>();
        while (p < s.length) {
            int lo = s[p] == '\\' ? s[++p] : s[p];
            p++;
            if (p + 1 < s.length && s[p] == '-') {
                int hi = s[p + 1] == '\\' ? s[p + 2] : s[p + 1];
                p += s[p + 1] == '\\' ? 3 : 2;
                if (hi >= lo) {
                    ranges.add(new int[]{lo, hi});
                }
            } else {
                ranges.add(new int[]{lo, lo});
            }
        }
        return new CharSet(ranges, negated);
    }

    /** Whole-name match; {@code *} takes any run of code points (a two-row table, no backtracking). */
    private static boolean match(List<Token> tokens, int[] name) {
        boolean[] prev = new boolean[name.length + 1];
        prev[0] = true;
        for (Token t : tokens) {
            boolean[] cur = new boolean[name.length + 1];
            if (t.star()) {
                boolean any = false;
                for (int k = 0; k <= name.length; k++) {
                    any |= prev[k];
                    cur[k] = any;
                }
            } else {
                for (int k = 1; k <= name.length; k++) {
                    cur[k] = prev[k - 1] && t.accepts(name[k - 1]);
                }
            }
            prev = cur;
        }
        return prev[name.length];
    }

    private static String str(int[] cps, int from, int to) {
        return new String(cps, from, to - from);
    }

    private static int find(int[] cps, int c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (cps[k] == c) {
                return k;
            }
        }
        return -1;
    }
}
