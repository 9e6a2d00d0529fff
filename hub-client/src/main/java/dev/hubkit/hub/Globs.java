package dev.hubkit.hub;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code fnmatch}-style patterns as huggingface_hub's {@code allow_patterns}/{@code ignore_patterns}
 * use them: {@code *} also crosses {@code /}, {@code ?} one character, {@code [..]} a class, and a
 * pattern ending in {@code /} means everything under that folder.
 */
public final class Globs {

    private Globs() {
    }

    /** Whether {@code path} passes the allow list (empty = everything) and no ignore pattern. */
    public static boolean accepts(String path, List<String> allow, List<String> ignore) {
        if (allow != null && !allow.isEmpty() && allow.stream().noneMatch(p -> matches(p, path))) {
            return false;
        }
        return ignore == null || ignore.stream().noneMatch(p -> matches(p, path));
    }

    /** fnmatch of one pattern against a path. */
    public static boolean matches(String pattern, String path) {
        String p = pattern.endsWith("/") ? pattern + "*" : pattern;
        return toRegex(p).matcher(path).matches();
    }

    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, end);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        re.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
