package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DST typed with a trailing '/' is a folder whatever its name (as {@code save_pretrained("out/v1.0/")} makes one):
 * made when missing, the output gets the format's file name inside, and a failed conversion leaves no folder behind.
 */
class ConvertFolderDestinationTest {
    @TempDir
    Path dir;

    @Test
    void aDottedNameWithATrailingSlashIsAFolder() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
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
        Path src = ConvertSources.tinyBert(dir);
        Path folder = dir.resolve("new").resolve("x.v1");
        // no --to: a folder's format cannot be told from its name
        CliRunner.Result r = CliRunner.run("convert", src.toString(), folder + "/");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).singleElement().asString().startsWith("hubkit: ");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void aFileGivenAsAFolderIsRefused() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path file = Files.writeString(dir.resolve("taken.v1"), "x");
        CliRunner.Result r = CliRunner.run("convert", src.toString(), file + "/", "--to", "safetensors");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).singleElement().asString().contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aDanglingLinkGivenAsAFolderIsRefusedAsOne() throws Exception {
        Path src = ConvertSources.tinyBert(dir);
        Path missing = dir.resolve("gone");
        Path link = Files.createSymbolicLink(dir.resolve("out.v1"), missing);
        CliRunner.Result r = CliRunner.run("convert", src.toString(), link + "/", "--to", "safetensors");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).containsExactly("hubkit: DST " + link + " is given as a folder (trailing '/') but is"
                + " a symbolic link to " + missing + ", which does not exist; create that folder, or name another DST");
        assertThat(missing).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }
}
