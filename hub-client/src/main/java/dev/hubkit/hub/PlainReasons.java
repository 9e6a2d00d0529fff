package dev.hubkit.hub;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why something failed, in plain words for a message a user reads: the failure's own message, or, when it has none
 * (or only a path, as file-system exceptions have), words for what its kind means. Never a Java class name.
 */
public final class PlainReasons {

    private PlainReasons() {
    }

    /** The reason {@code t} gives, in plain words, on one line. */
    public static String of(Throwable t) {
        // a chain of causes may loop back on itself (initCause only refuses a throwable as its own cause)
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            String kind = kind(c);
            if (kind != null) {
                return kind;
            }
            String m = c.getMessage();
            boolean onlyWrapsCause = c.getCause() != null && m != null && m.equals(c.getCause().toString());
            if (m != null && !withoutClassNames(m).isBlank() && !onlyWrapsCause) {
                String words = oneLine(withoutClassNames(m));
                if (ONLY_A_PATH.matcher(words).matches()) {
                    return (c instanceof FileNotFoundException ? "cannot open " : "input/output error on ") + words;
                }
                return words;
            }
        }
        return t instanceof IOException ? "input/output error" : "an unexpected failure with no description";
    }

    /** A qualified Java class name of a throwable, as {@code toString()} puts it before a message. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    /** A message that is nothing but a file's path. */
    private static final Pattern ONLY_A_PATH = Pattern.compile("(?:[A-Za-z]:)?[\\\\/]\\S*");

    private static String withoutClassNames(String m) {
        return CLASS_NAME.matcher(m).replaceAll("");
    }

    /** Words for failures whose message is only a path or a detail that needs its kind to make sense. */
    private static String kind(Throwable t) {
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (t instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (t instanceof FileSystemException f) {
            return f.getReason() != null ? oneLine(f.getReason()) : "input/output error";
        }
        if (t instanceof CharacterCodingException) {
            return "not valid UTF-8 text";
        }
        if (t instanceof UnknownHostException) {
            return t.getMessage() == null ? "unknown host" : "unknown host " + oneLine(t.getMessage());
        }
        if (t instanceof SocketTimeoutException && t.getMessage() == null) {
            return "timed out";
        }
        if (t instanceof ConnectException && t.getMessage() == null) {
            return "connection refused";
        }
        if (t instanceof SSLException) {
            String m = t.getMessage() == null ? "" : oneLine(withoutClassNames(t.getMessage()));
            return m.isBlank() ? "the secure (TLS) connection failed"
                    : "the secure (TLS) connection failed: " + m;
        }
        if ((t instanceof InterruptedIOException || t instanceof InterruptedException) && t.getMessage() == null) {
            return "interrupted";
        }
        return null;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
