package dev.hubkit.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code cache ls}'s one line when the cache folder cannot be scanned: the folder once, the reason once. */
class CacheScanFailureMessageTest {

    private static final Path ROOT = Path.of("/srv/hf/hub");

    @Test
    void aFailureOfTheFolderItselfNamesItOnceWithTheReasonInWords() {
        assertThat(CacheCommand.scanFailure(ROOT, new AccessDeniedException(ROOT.toString())))
                .isEqualTo("cannot scan cache folder /srv/hf/hub: permission denied;"
                        + " check that the folder and its files can be read");
        assertThat(CacheCommand.scanFailure(ROOT, new NoSuchFileException(ROOT.toString())))
                .startsWith("cannot scan cache folder /srv/hf/hub: no such file or folder;");
    }

    @Test
    void aFailureOfAFileInsideNamesItRelativeToTheFolder() {
        String line = CacheCommand.scanFailure(ROOT, new FileSystemException(
                ROOT.resolve("models--a--b/refs/main").toString(), null, "Too many levels of symbolic links"));
        assertThat(line).isEqualTo("cannot scan cache folder /srv/hf/hub: models--a--b/refs/main: Too many levels"
                + " of symbolic links; check that the folder and its files can be read");
    }

    @Test
    void aFileOutsideTheFolderIsNamedWhole() {
        assertThat(CacheCommand.scanFailure(ROOT, new AccessDeniedException("/elsewhere/blob")))
                .startsWith("cannot scan cache folder /srv/hf/hub: /elsewhere/blob: permission denied;");
    }

    @Test
    void aFailureWithoutAFileGivesItsReason() {
        assertThat(CacheCommand.scanFailure(ROOT, new IOException("disk on fire")))
                .startsWith("cannot scan cache folder /srv/hf/hub: disk on fire;");
    }
}
