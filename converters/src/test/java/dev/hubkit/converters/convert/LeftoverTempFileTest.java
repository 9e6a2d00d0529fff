package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary file ({@code .NAME.<hex>.tmp}) that a conversion to one file killed half-way leaves beside its
 * output is named, with any leftover {@code .hubkit-convert-*} folder, in the warning of the next conversion to that
 * output, and kept; other dotfiles, and temporary files of other outputs, are not named.
 */
class LeftoverTempFileTest {
    @TempDir
    Path dir;

    /** A temporary file as {@link AtomicFile} names it for {@code target}, left as a killed process leaves it. */
    private static Path leftoverFor(Path target) throws Exception {
        Path temp = AtomicFile.createSibling(target);
        AtomicFile.released(temp); // the exit hook of a killed process never runs
        return temp;
    }

    @Test
    void aLeftoverOfTheOutputFileIsNamedAndKept() throws Exception {
        Path out = dir.resolve("model.safetensors");
        Path left = leftoverFor(out);
        Files.writeString(dir.resolve(".model.safetensors.swp"), "an editor's");
        Files.writeString(dir.resolve(".model.safetensors.tmp"), "no hex part");
        Files.writeString(dir.resolve(".model.safetensors.XYZ.tmp"), "not hex");
        Files.writeString(dir.resolve(".model.safetensors.0ab.tmp"), "a leading zero Long.toHexString never gives");
        leftoverFor(dir.resolve("other.safetensors"));
        leftoverFor(dir.resolve("model.safetensors.bak"));
        ConversionWarnings warnings = new ConversionWarnings();
        OutputPaths.warnAboutLeftovers(dir, OutputPaths.tempFiles(out, TargetFormat.SAFETENSORS), warnings);
        assertThat(warnings.messages()).containsExactly("a temporary file was left in " + dir + " by an interrupted"
                + " conversion (killed or cut off before it could clean up): " + left.getFileName() + "; it may be"
                + " deleted, unless another conversion into that folder is running right now");
        assertThat(left).isRegularFile();
    }

    @Test
    void anUnrelatedDotfileGivesNoWarning() throws Exception {
        Files.writeString(dir.resolve(".model.safetensors.swp"), "an editor's");
        Files.writeString(dir.resolve(".hidden"), "x");
        Files.createDirectories(dir.resolve(".model.safetensors.1f.tmp")); // a folder, not AtomicFile's file
        leftoverFor(dir.resolve("pytorch_model.bin"));
        ConversionWarnings warnings = new ConversionWarnings();
        List<Path> files = OutputPaths.tempFiles(dir.resolve("model.safetensors"), TargetFormat.SAFETENSORS);
        OutputPaths.warnAboutLeftovers(dir, files, warnings);
        assertThat(files).isEmpty();
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void aFolderOutputLooksForItsDefaultFileAndNamesFoldersAndFilesInOneWarning() throws Exception {
        Path a = leftoverFor(dir.resolve("pytorch_model.bin"));
        Path b = leftoverFor(dir.resolve("pytorch_model.bin"));
        Files.createDirectories(dir.resolve(".hubkit-convert-7"));
        leftoverFor(dir.resolve("model.safetensors"));
        ConversionWarnings warnings = new ConversionWarnings();
        OutputPaths.warnAboutLeftovers(dir, OutputPaths.tempFiles(dir, TargetFormat.PYTORCH), warnings);
        List<String> files = Stream.of(a, b).map(p -> p.getFileName().toString()).sorted().toList();
        assertThat(warnings.messages()).containsExactly("a temporary folder and 2 temporary files were left in " + dir
                + " by an interrupted conversion (killed or cut off before it could clean up): .hubkit-convert-7, "
                + String.join(", ", files) + "; they may be deleted, unless another conversion into that folder is"
                + " running right now");
    }

    @Test
    void aTfCheckpointLooksForItsBundleFilesAndStateFile() throws Exception {
        Path index = leftoverFor(dir.resolve("model.ckpt.index"));
        Path data = leftoverFor(dir.resolve("model.ckpt.data-00000-of-00001"));
        Path state = leftoverFor(dir.resolve("checkpoint"));
        leftoverFor(dir.resolve("other.ckpt.index"));
        leftoverFor(dir.resolve("tf_model.h5"));
        assertThat(OutputPaths.tempFiles(dir, TargetFormat.TF_CHECKPOINT))
                .containsExactlyInAnyOrder(index, data, state);
        Path h5 = leftoverFor(dir.resolve("tf_model.h5"));
        assertThat(OutputPaths.tempFiles(dir.resolve("tf_model.h5"), TargetFormat.KERAS_H5)).contains(h5)
                .allMatch(p -> p.getFileName().toString().startsWith(".tf_model.h5."));
    }

    @Test
    void aShardIndexNamesTheSingleFileItStandsFor() throws Exception {
        Path left = leftoverFor(dir.resolve("model.safetensors"));
        assertThat(OutputPaths.tempFiles(dir.resolve("model.safetensors.index.json"), TargetFormat.SAFETENSORS))
                .containsExactly(left);
    }

    @Test
    void aLongOutputNameMatchesItsCutTemporaryName() throws Exception {
        String name = "a-very-long-output-name-that-the-temporary-name-cuts-short.safetensors";
        Path left = leftoverFor(dir.resolve(name));
        leftoverFor(dir.resolve("a-very-long-output-name-of-another-conversion-into-this-folder.safetensors"));
        assertThat(OutputPaths.tempFiles(dir.resolve(name), TargetFormat.SAFETENSORS)).containsExactly(left);
        assertThat(AtomicFile.isTempNameFor(left.getFileName().toString(), Pattern.compile("a-very-long")))
                .as("a cut name is not the temporary name of every shorter target it begins").isFalse();
    }
}
