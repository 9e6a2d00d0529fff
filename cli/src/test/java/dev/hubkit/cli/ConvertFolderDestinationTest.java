package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DST typed with a trailing '/' is a folder whatever its name (as {@code save_pretrained("out/v1.0/")} makes one):
 * made when missing, the output gets the format's file name inside, and a failed conversion leaves no folder behind.
 */
class ConvertFolderDestinationTest {
    @TempDir
    Path dir;

    private Path source() throws Exception {
        Path src = dir.resolve("src.safetensors");
        TensorInfo t = new TensorInfo("bert.pooler.dense.bias", DType.F32, new long[] {4});
        try (SafetensorsWriter w = SafetensorsWriter.create(src, List.of(t), Map.of("format", "pt"))) {
            w.write(new HeapData(t, ByteBuffer.allocate(16)));
            w.finish();
        }
        return src;
    }

    @Test
    void aDottedNameWithATrailingSlashIsAFolder() throws Exception {
        Path src = source();
        Path folder = dir.resolve("out").resolve("bert.v1.0");
        CliRunner.Result r = CliRunner.run("convert", src.toString(), folder + "/", "--to", "safetensors");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(folder).isDirectory();
        assertThat(Files.readAllBytes(folder.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(src));

        Path tf = dir.resolve("tf.v2");
        r = CliRunner.run("convert", src.toString(), tf + "/", "--to", "tf-checkpoint", "--arch", "bert");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(tf.resolve("model.ckpt.index")).isRegularFile();
    }

    @Test
    void aFailedConversionRemovesTheFolderItMade() throws Exception {
        Path src = source();
        Path folder = dir.resolve("new").resolve("x.v1");
        // no --to: a folder's format cannot be told from its name
        CliRunner.Result r = CliRunner.run("convert", src.toString(), folder + "/");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).singleElement().asString().startsWith("hubkit: ");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void aFileGivenAsAFolderIsRefused() throws Exception {
        Path src = source();
        Path file = Files.writeString(dir.resolve("taken.v1"), "x");
        CliRunner.Result r = CliRunner.run("convert", src.toString(), file + "/", "--to", "safetensors");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).singleElement().asString().contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
