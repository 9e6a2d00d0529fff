package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkit convert}'s destination and shard-size arguments: refusals are one line and exit 1. */
class ConvertDestinationTest {
    @TempDir
    Path dir;

    @Test
    void aToContradictingTheExtensionIsAUsageErrorAndWritesNothing() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path dst = dir.resolve("mism.safetensors");
        CliRunner.Result r = CliRunner.run("convert", src.toString(), dst.toString(), "--to", "keras-h5");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).containsExactly("hubkit: DST " + dst + " names a safetensors file but --to is"
                + " keras-h5: rename DST or drop --to");
        assertThat(dst).doesNotExist();
    }

    @Test
    void aShardSizeTooLargeSaysSoWithTheLimit() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        for (String size : List.of("99999999999TB", "99999999999GB")) {
            CliRunner.Result r = CliRunner.run("convert", src.toString(), dir.resolve("o.safetensors").toString(),
                    "--max-shard-size", size);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(r.errLines()).singleElement().asString().startsWith("hubkit: size '" + size + "' is too large:"
                    + " the limit is 9223372036854775807 bytes");
        }
        CliRunner.Result zero = CliRunner.run("convert", src.toString(), dir.resolve("o.safetensors").toString(),
                "--max-shard-size", "0");
        assertThat(zero.errLines()).singleElement().asString().contains("at least one byte");
        assertThat(dir.resolve("o.safetensors")).doesNotExist();
    }

    @Test
    void aLinkedDestinationKeepsTheLink() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("lnk.safetensors"), Path.of("real/t.safetensors"));
        CliRunner.Result r = CliRunner.run("convert", src.toString(), link.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("real/t.safetensors"))).isEqualTo(Files.readAllBytes(src));
    }
}
