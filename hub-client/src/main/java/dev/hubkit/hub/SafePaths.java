package dev.hubkit.hub;

import java.nio.file.Path;

/** Guards file names that come from a server or a user before they touch the file system. */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * Checks that {@code name} is a relative, forward-slash path with no {@code ..}, no empty
     * or {@code .} segment, no drive letter, no backslash and no NUL.
     *
     * @throws UnsafePathException naming the repo when it is not
     */
    public static String check(String name, Object where) {
        String why = problem(name);
        if (why != null) {
            throw new UnsafePathException("refusing file name '" + printable(name) + "' from " + where + ": " + why
                    + "; the server is misbehaving or the name was mistyped");
        }
        return name;
    }

    /**
     * A file name a caller asked for, as huggingface_hub takes it: {@code ./a.txt} is {@code a.txt} (its HTTP client
     * drops {@code .} segments from the URL) and {@code a//b} is {@code a/b} (its path join skips empty
     * segments); then {@link #check}ed, so {@code ..}, absolute paths, backslashes and NUL are still refused.
     *
     * @throws UnsafePathException naming the repo when the name is unsafe
     */
    public static String requested(String name, Object where) {
        if (name == null || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || (!name.contains("/./") && !name.contains("//") && !name.startsWith("./") && !name.endsWith("/."))) {
            return check(name, where);
        }
        StringBuilder sb = new StringBuilder(name.length());
        for (String seg : name.split("/")) {
            if (seg.equals("..")) {
                return check(name, where); // refused, with the name as given
            }
            if (!seg.isEmpty() && !seg.equals(".")) {
                sb.append(sb.length() == 0 ? "" : "/").append(seg);
            }
        }
        return check(sb.toString(), where);
    }

    /** Whether {@code name} passes {@link #check}. */
    public static boolean isSafe(String name) {
        return problem(name) == null;
    }

    /** Resolves a checked relative name under {@code root}, failing if it would leave it. */
    public static Path resolveUnder(Path root, String name, Object where) {
        check(name, where);
        Path base = root.toAbsolutePath().normalize();
        // a checked name has no '.', '..' or empty segment, so base/name is normal already
        Path p = base.resolve(name);
        if (!p.startsWith(base) || p.equals(base)) {
            throw new UnsafePathException("refusing file name '" + printable(name) + "' from " + where
                    + ": it resolves outside " + base);
        }
        return p;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.indexOf('\0') >= 0) {
            return "it contains a NUL character";
        }
        if (name.indexOf('\\') >= 0) {
            return "it contains a backslash";
        }
        if (name.startsWith("/")) {
            return "it is an absolute path";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "it starts with a drive letter";
        }
        // segment by segment without splitting (names are checked several times per downloaded file)
        int start = 0;
        while (start <= name.length()) {
            int end = name.indexOf('/', start);
            if (end < 0) {
                end = name.length();
            }
            int len = end - start;
            if (len == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
                return "it contains '..'";
            }
            if (len == 0 || len == 1 && name.charAt(start) == '.') {
                return "it has an empty or '.' path segment";
            }
            start = end + 1;
        }
        return null;
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replace("\0", "\\0");
    }
}
