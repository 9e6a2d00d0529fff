package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.convert.Checkpoints;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile pickles are refused without running anything; the old tar format is refused clearly. */
class HostileInputTest {
    @TempDir
    Path tmp;

    @Test
    void zipPickleCallingOsSystemIsRefusedNamingTheGlobal() {
        assertThatThrownBy(() -> Checkpoints.open(Fixtures.file("evil_zip.pt")))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("evil_zip.pt")
                .hasMessageContaining("refusing global 'posix.system'")
                .hasMessageContaining("Nothing was run");
        assertThat(Path.of("/tmp/hubkit-pwned")).doesNotExist();
    }

    @Test
    void legacyPickleCallingOsSystemIsRefused() {
        assertThatThrownBy(() -> Checkpoints.open(Fixtures.file("evil_legacy.pt")))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("evil_legacy.pt")
                .hasMessageContaining("posix.system");
    }

    @Test
    void conversionOfHostileFileLeavesNoOutput() {
        Path dst = tmp.resolve("out.safetensors");
        assertThatThrownBy(() -> Converter.convert(Fixtures.file("evil_zip.pt"), dst, ConvertOptions.defaults(),
                ProgressListener.none())).isInstanceOf(FormatException.class);
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void oldTarFormatIsNotSupported() {
        assertThatThrownBy(() -> Checkpoints.open(Fixtures.file("old_tar_format.pt")))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("tar format is not supported");
    }

    @Test
    void unknownBytesAndMissingFilesAreFormatErrors() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.bin"), "hello world, not a checkpoint".getBytes());
        assertThatThrownBy(() -> Checkpoints.open(junk)).isInstanceOf(FormatException.class)
                .hasMessageContaining("unknown checkpoint format");
        assertThatThrownBy(() -> Checkpoints.open(tmp.resolve("absent.pt"))).isInstanceOf(FormatException.class)
                .hasMessageContaining("no such file");
        Path empty = Files.write(tmp.resolve("empty.safetensors"), new byte[0]);
        assertThatThrownBy(() -> Checkpoints.open(empty)).isInstanceOf(FormatException.class);
    }
}
