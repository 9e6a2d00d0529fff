package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary folders ({@code .hubkit-convert-*}) that a sharded conversion killed half-way (or cut off by a power
 * loss) leaves beside its output are named in one warning by the next conversion into that folder, and kept: another
 * conversion may be writing in one right now.
 */
class LeftoverTempFolderTest {
    @TempDir
    Path dir;

    @Test
    void leftoverFoldersAreNamedInOneWarningAndKept() throws Exception {
        Path a = Files.createDirectories(dir.resolve(".hubkit-convert-111"));
        Files.writeString(a.resolve("model-00001-of-00002.safetensors"), "partial");
        Path b = Files.createDirectories(dir.resolve(".hubkit-convert-222"));
        Files.writeString(dir.resolve(".hubkit-convert-file"), "a file, not a conversion's folder");
        Files.createDirectories(dir.resolve("hubkit-convert-visible"));
        ConversionWarnings warnings = new ConversionWarnings();
        OutputPaths.warnAboutLeftovers(dir, warnings);
        assertThat(warnings.messages()).containsExactly("2 temporary folders were left in " + dir + " by an"
                + " interrupted conversion (killed or cut off before it could clean up): .hubkit-convert-111,"
                + " .hubkit-convert-222; they may be deleted, unless another conversion into that folder is running"
                + " right now");
        assertThat(a.resolve("model-00001-of-00002.safetensors")).isRegularFile();
        assertThat(b).isDirectory();
    }

    @Test
    void oneLeftoverFolderIsNamed() throws Exception {
        Files.createDirectories(dir.resolve(".hubkit-convert-9"));
        ConversionWarnings warnings = new ConversionWarnings();
        OutputPaths.warnAboutLeftovers(dir, warnings);
        assertThat(warnings.messages()).singleElement().asString().startsWith("a temporary folder was left in " + dir)
                .contains(": .hubkit-convert-9; it may be deleted");
    }

    @Test
    void noLeftoversNoWarning() throws Exception {
        ConversionWarnings warnings = new ConversionWarnings();
        OutputPaths.warnAboutLeftovers(dir, warnings);
        OutputPaths.warnAboutLeftovers(dir.resolve("missing"), warnings);
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void theFolderLookedInIsTheOneTheOutputGoesTo() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        assertThat(OutputPaths.outputFolder(out)).isEqualTo(out.toAbsolutePath());
        assertThat(OutputPaths.outputFolder(out.resolve("model.safetensors"))).isEqualTo(out.toAbsolutePath());
        assertThat(OutputPaths.outputFolder(out.resolve("model.safetensors.index.json")))
                .isEqualTo(out.toAbsolutePath());
        assertThat(OutputPaths.outputFolder(out.resolve("new"))).isEqualTo(out.resolve("new").toAbsolutePath());
    }
}
