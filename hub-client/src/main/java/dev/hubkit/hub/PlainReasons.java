package dev.hubkit.hub;

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

/**
 * Why something failed, in plain words for a message a user reads: the failure's own message, or, when it has none
 * (or only a path, as file-system exceptions have), words for what its kind means. Never a Java class name.
 */
public final class PlainReasons {

    private PlainReasons() {
    }

    /** The reason {@code t} gives, in plain words, on one line. */
    public static String of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String kind = kind(c);
            if (kind != null) {
                return kind;
            }
            String m = c.getMessage();
            boolean onlyWrapsCause = c.getCause() != null && m != null && m.equals(c.getCause().toString());
            if (m != null && !m.isBlank() && !onlyWrapsCause) {
                return oneLine(m);
            }
        }
        return t instanceof IOException ? "input/output error" : "an unexpected failure with no description";
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
        if ((t instanceof InterruptedIOException || t instanceof InterruptedException) && t.getMessage() == null) {
            return "interrupted";
        }
        return null;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
