package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkit convert} into a DST whose name means a format hubkit does not write: one line, exit 1, no file. */
class ConvertForeignNameTest {
    @TempDir
    Path dir;

    @Test
    void aKerasArchiveIsRefusedWithAndWithoutTo() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path dst = dir.resolve("out.keras");
        for (List<String> to : List.of(List.<String>of(), List.of("--to", "pytorch"), List.of("--to", "keras-h5"))) {
            String[] args = Stream.concat(Stream.of("convert", src.toString(), dst.toString()),
                    to.stream()).toArray(String[]::new);
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).as(to.toString()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(r.errLines()).containsExactly("hubkit: DST " + dst + " names a Keras 3 .keras archive (a zip of"
                    + " the model's config and weights), which hubkit does not write; for Keras H5 weights name it"
                    + " NAME.h5 (--to keras-h5)");
            assertThat(dst).doesNotExist();
        }
    }

    @Test
    void aShardIndexOfAnotherFormatIsAContradiction() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path dst = dir.resolve("model.safetensors.index.json");
        CliRunner.Result r = CliRunner.run("convert", src.toString(), dst.toString(), "--to", "pytorch");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).containsExactly("hubkit: DST " + dst + " names a safetensors file but --to is"
                + " pytorch: rename DST or drop --to");
        Path json = dir.resolve("x.json");
        CliRunner.Result plain = CliRunner.run("convert", src.toString(), json.toString(), "--to", "pytorch");
        assertThat(plain.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(plain.errLines()).singleElement().asString()
                .startsWith("hubkit: DST " + json + " names a JSON file, not a checkpoint; name it NAME.safetensors,");
        assertThat(dst).doesNotExist();
        assertThat(json).doesNotExist();
    }
}
