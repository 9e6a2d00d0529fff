package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.FormatException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A TF bundle the writer refused names the data files it could not remove, as any other failed bundle does. */
class TfRefusedBundleTest {

    @Test
    void theDataFilesLeftBehindAreNamed() {
        Path out = Path.of("/out/model.ckpt");
        Path data = Path.of("/out/model.ckpt.data-00000-of-00001");
        FormatException e = TfTargetWriter.cannotBeWritten(out, new IllegalArgumentException("too many shards"),
                List.of(data));
        assertThat(e.getMessage()).contains("cannot be written: too many shards")
                .endsWith("; the partial output could not be removed, delete it by hand: [" + data + "]");
    }

    @Test
    void nothingLeftNothingSaid() {
        FormatException e = TfTargetWriter.cannotBeWritten(Path.of("/out/model.ckpt"),
                new IllegalArgumentException("too many shards"), List.of());
        assertThat(e.getMessage()).doesNotContain("delete it by hand");
    }
}
