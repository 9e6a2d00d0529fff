package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .hubkit-convert-*} folder that an interrupted sharded conversion left beside the output: the next
 * conversion into that folder names it once in a warning when it succeeds (and not when it fails: the error line
 * stands alone), and does not delete it.
 */
@EnabledOnOs(OS.LINUX)
class ConvertLeftoverTempFolderTest {
    @TempDir
    Path dir;

    @Test
    void aSucceedingConvertNamesTheLeftoverFolderOnce() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path left = Files.createDirectories(out.resolve(".hubkit-convert-4242"));
        Files.writeString(left.resolve("model-00001-of-00002.safetensors"), "partial");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(),
                out.resolve("model.safetensors").toString());
        assertThat(r.exitCode()).as(String.join("\n", r.errLines())).isZero();
        assertThat(r.errLines()).containsExactly("[WARN] dev.hubkit.converters.convert.Converter - a temporary"
                + " folder was left in " + out + " by an interrupted conversion (killed or cut off before it could"
                + " clean up): .hubkit-convert-4242; it may be deleted, unless another conversion into that folder is"
                + " running right now");
        assertThat(left.resolve("model-00001-of-00002.safetensors")).isRegularFile();
        assertThat(out.resolve("model.safetensors")).isRegularFile();
    }

    @Test
    void aFailingConvertShowsOnlyItsError() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(out.resolve(".hubkit-convert-4242"));
        // fails after the folder is looked in: no such architecture to map the names for TensorFlow
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(), out.toString(),
                "--arch", "no-such-arch", "--to", "tf-checkpoint");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("hubkit: ");
        assertThat(out.resolve(".hubkit-convert-4242")).isDirectory();
    }
}
