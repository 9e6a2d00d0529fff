package dev.hubkit.tokenizers.text;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles Oniguruma-style patterns (as found in tokenizer.json) into equivalent Java patterns. */
public final class OnigRegex {
    private OnigRegex() {
    }

    /**
     * Compiles {@code onig}. {@code \s}, {@code \w}, {@code \d} get their Unicode meaning (as in onig with UTF-8),
     * and script properties such as {@code \p{Han}} are translated to Java's {@code \p{IsHan}}.
     *
     * @throws PatternSyntaxException when the pattern is not valid
     */
    public static Pattern compile(String onig) {
        String java = translate(onig);
        // Onig's '.' only excludes '\n', and '$' is an end of line before '\n' only.
        int flags = Pattern.UNIX_LINES;
        if (java.contains("\\s") || java.contains("\\w") || java.contains("\\d") || java.contains("\\b")
                || java.contains("\\S") || java.contains("\\W") || java.contains("\\D") || java.contains("(?i")) {
            flags |= Pattern.UNICODE_CHARACTER_CLASS;
        }
        return Pattern.compile(java, flags);
    }

    static String translate(String p) {
        StringBuilder sb = new StringBuilder(p.length() + 8);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char d = p.charAt(i + 1);
                if ((d == 'p' || d == 'P') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
                    int close = p.indexOf('}', i + 3);
                    if (close > 0) {
                        String name = p.substring(i + 3, close);
                        boolean neg = name.startsWith("^");
                        String bare = neg ? name.substring(1) : name;
                        char kind = neg ? (d == 'p' ? 'P' : 'p') : d;
                        sb.append('\\').append(kind).append('{').append(mapProperty(bare)).append('}');
                        i = close;
                        continue;
                    }
                }
                sb.append(c).append(d);
                i++;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String mapProperty(String name) {
        if (name.length() <= 2 || name.startsWith("Is") || name.startsWith("In") || name.contains("=")) {
            return name;
        }
        switch (name) {
            case "Alpha": case "Alnum": case "Digit": case "Space": case "Upper": case "Lower": case "Punct":
            case "Word": case "Cntrl": case "Graph": case "Print": case "XDigit": case "Blank":
                return "Is" + (name.equals("Word") ? "Word" : name.equals("Alpha") ? "Alphabetic" : name);
            default:
                try {
                    Character.UnicodeScript.forName(name);
                    return "Is" + name;
                } catch (IllegalArgumentException e) {
                    return name;
                }
        }
    }
}
