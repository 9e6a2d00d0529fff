package dev.hubkit.converters.convert;

import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/**
 * The warnings of one conversion, held until it has succeeded and then logged once each, in the order they arose.
 * A conversion that fails drops them: its error says what went wrong and nothing was written, so a warning about
 * the output it would have written ("kept as F64", "kept under its own name") would only stand before the error
 * as a second line on stderr.
 */
final class ConversionWarnings {

    /** One warning: the class it is logged under and the formatted message. */
    private record Warning(Class<?> origin, String message) {
    }

    private final Set<Warning> warnings = new LinkedHashSet<>();

    /** Holds the warning {@code format} ({@code {}} placeholders filled from {@code args}) of {@code origin}. */
    void add(Class<?> origin, String format, Object... args) {
        warnings.add(new Warning(origin, MessageFormatter.arrayFormat(format, args).getMessage()));
    }

    /** The held warnings' messages, in order (for tests). */
    java.util.List<String> messages() {
        return warnings.stream().map(Warning::message).toList();
    }

    /** Logs every held warning once, at WARN under its origin's logger, and forgets them. */
    void logAll() {
        for (Warning w : warnings) {
            LoggerFactory.getLogger(w.origin()).warn(w.message());
        }
        warnings.clear();
    }
}
