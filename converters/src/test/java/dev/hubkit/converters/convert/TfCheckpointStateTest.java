package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.tensorflow.CheckpointStateFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TF checkpoint output writes the {@code checkpoint} state file as TF 2.21's {@code tf.train.Checkpoint.save}
 * does (its bytes pinned below as TF wrote them), so the folder opens at the newest bundle.
 */
class TfCheckpointStateTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/mapping/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void theStateFileNamesTheNewestBundleAsCheckpointSaveDoes() throws Exception {
        Path out = dir.resolve("out");
        Path src = fixture("tiny_bert.bin");
        Converter.convert(src, out.resolve("first.ckpt"), new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false),
                ProgressListener.none());
        ConversionResult r = Converter.convert(src, out.resolve("ck-2.index"),
                new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false), ProgressListener.none());
        Path state = out.resolve("checkpoint");
        assertThat(r.files()).contains(state);
        // Checkpoint.save('out/ck') twice wrote exactly this
        assertThat(Files.readString(state, StandardCharsets.UTF_8))
                .isEqualTo("model_checkpoint_path: \"ck-2\"\nall_model_checkpoint_paths: \"ck-2\"\n");
        assertThat(Files.list(out).filter(p -> p.getFileName().toString().startsWith(".")).toList()).isEmpty();
        // two bundles in the folder: the state file says which one is current
        try (TensorReader reader = Checkpoints.open(out)) {
            assertThat(reader.path().getFileName().toString()).startsWith("ck-2");
        }
    }

    @Test
    void namesAreEscapedAsTensorflowsTextFormatEscapesThem() throws Exception {
        // update_checkpoint_state_internal(..., save_relative_paths=True) wrote these bytes for these names
        Path a = CheckpointStateFile.write(dir.resolve("q\"\u00e9\\x"));
        assertThat(Files.readAllBytes(a)).isEqualTo(("model_checkpoint_path: \"q\\\"\u00e9\\\\x\"\n"
                + "all_model_checkpoint_paths: \"q\\\"\u00e9\\\\x\"\n").getBytes(StandardCharsets.UTF_8));
        Path b = CheckpointStateFile.write(dir.resolve("a'b\u0001c\u007fd\te\n"));
        assertThat(Files.readString(b, StandardCharsets.UTF_8)).isEqualTo(
                "model_checkpoint_path: \"a\\'b\\001c\\177d\\te\\n\"\n"
                + "all_model_checkpoint_paths: \"a\\'b\\001c\\177d\\te\\n\"\n");
    }

    @Test
    void anEscapedNameInTheStateFileIsReadBack() throws Exception {
        Path out = dir.resolve("out");
        Path src = fixture("tiny_bert.bin");
        ConvertOptions options = new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false);
        Converter.convert(src, out.resolve("plain.ckpt"), options, ProgressListener.none());
        Converter.convert(src, out.resolve("q\"\u00e9\\x\tz.index"), options, ProgressListener.none());
        assertThat(Files.readString(out.resolve("checkpoint"), StandardCharsets.UTF_8))
                .startsWith("model_checkpoint_path: \"q\\\"\u00e9\\\\x\\tz\"\n");
        try (TensorReader reader = Checkpoints.open(out)) {
            assertThat(reader.path().getFileName().toString()).startsWith("q\"\u00e9\\x\tz");
        }
    }
}
