package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code --verify} on a conversion's output and removes that output when the check fails, so a file that does
 * not hold what the source holds is never left in place looking like a result.
 */
final class VerifiedOutput {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedOutput.class);

    /** One verification pass over the written files. */
    @FunctionalInterface
    interface Check {
        void run() throws IOException;
    }

    private VerifiedOutput() {
    }

    /**
     * Runs {@code check}; when it fails, deletes {@code files} and rethrows, a {@link FormatException} with a note
     * that the output was removed.
     */
    static void verifyOrRemove(List<Path> files, Check check) throws IOException {
        try {
            check.run();
        } catch (IOException | RuntimeException e) {
            List<Path> left = remove(files);
            String note = left.isEmpty() ? "; the output was removed"
                    : "; the output could not be removed, delete it by hand: " + left;
            if (e instanceof FormatException) {
                throw new FormatException(e.getMessage() + note, e);
            }
            if (left.isEmpty()) {
                throw e;
            }
            FailureNotes.rethrow(e, note);
        }
    }

    /** Deletes every file; returns those that could not be deleted. */
    private static List<Path> remove(List<Path> files) {
        List<Path> left = new ArrayList<>();
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // the error names it (see verifyOrRemove): a warning line as well would only precede it
                LOG.debug("could not remove {} after its verification failed: {}", f, e.toString());
                left.add(f);
            }
        }
        return left;
    }
}
