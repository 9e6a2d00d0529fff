package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .NAME.<hex>.tmp} file that a conversion to one file, killed half-way, left beside its output: the next
 * conversion to that output names it in a warning when it succeeds, and does not delete it; a dotfile that is not
 * such a temporary file of the output is not named.
 */
@EnabledOnOs(OS.LINUX)
class ConvertLeftoverTempFileTest {
    @TempDir
    Path dir;

    @Test
    void aLeftoverTempFileOfTheOutputIsNamedAndKept() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path left = Files.writeString(out.resolve(".model.safetensors.5f3a9c01e2d4b6a7.tmp"), "partial");
        Files.writeString(out.resolve(".model.safetensors.swp"), "an editor's");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(),
                out.resolve("model.safetensors").toString());
        assertThat(r.exitCode()).as(String.join("\n", r.errLines())).isZero();
        assertThat(r.errLines()).containsExactly("[WARN] dev.hubkit.converters.convert.Converter - a temporary"
                + " file was left in " + out + " by an interrupted conversion (killed or cut off before it could"
                + " clean up): .model.safetensors.5f3a9c01e2d4b6a7.tmp; it may be deleted, unless another conversion"
                + " into that folder is running right now");
        assertThat(left).hasContent("partial");
        assertThat(out.resolve(".model.safetensors.swp")).isRegularFile();
        assertThat(out.resolve("model.safetensors")).isRegularFile();
    }

    @Test
    void anUnrelatedDotfileGivesNoWarning() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(".model.safetensors.swp"), "an editor's");
        Files.writeString(out.resolve(".pytorch_model.bin.1f.tmp"), "another output's");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(),
                out.resolve("model.safetensors").toString());
        assertThat(r.exitCode()).as(String.join("\n", r.errLines())).isZero();
        assertThat(r.errLines()).isEmpty();
        assertThat(out.resolve(".pytorch_model.bin.1f.tmp")).isRegularFile();
    }
}
