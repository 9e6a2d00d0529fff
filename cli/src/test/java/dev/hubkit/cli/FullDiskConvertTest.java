package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code hubkit convert} when the output cannot be written whole (a full disk): the CLI runs in a child
 * JVM under {@code ulimit -f} (2 MiB), so writes past that fail as on a full disk ({@code EFBIG} instead of
 * {@code ENOSPC}: the same IOException path). Every kind of writer is hit: kernel copies (PyTorch zip),
 * casts, and transposed kernels written by the background writer thread (TF checkpoint). Each run must
 * exit 1 with one stderr line naming the conversion and the cause, leave no output or temporary file
 * behind, and leave the source as it was.
 */
@EnabledOnOs(OS.LINUX)
class FullDiskConvertTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "out/pytorch_model.bin, ''",
        "out/model.safetensors, --dtype=bf16",
        "out/model.ckpt, --to=tf-checkpoint",
        "out/tf_model.h5, ''",
    })
    void aWriteThatFailsLeavesNothingAndSaysWhy(String dst, String option) throws Exception {
        Path src = dir.resolve("src.safetensors");
        writeBertShaped(src);
        String before = sha256(src);
        Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(List.of("convert", src.toString(), dir.resolve(dst).toString(),
                "--arch", "bert"));
        if (!option.isEmpty()) {
            args.add(option);
        }
        LimitedCli.Outcome r = LimitedCli.run(dir, 2048, args.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s", r.errLines()).isEqualTo(1);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("hubkit: converting ").contains(src.toString())
                .contains("File too large");
        try (Stream<Path> left = Files.list(dir.resolve("out"))) {
            assertThat(left.toList()).as("files left in the output folder").isEmpty();
        }
        assertThat(sha256(src)).as("the source is untouched").isEqualTo(before);
    }

    /** Three 4 MiB dense kernels of one BERT layer and their biases: about 12 MiB, several times the limit. */
    private static void writeBertShaped(Path file) throws IOException {
        String layer = "bert.encoder.layer.0.attention.self.";
        List<TensorInfo> plan = Stream.of("query", "key", "value").flatMap(n -> Stream.of(
                new TensorInfo(layer + n + ".bias", DType.F32, new long[] {1024}),
                new TensorInfo(layer + n + ".weight", DType.F32, new long[] {1024, 1024}))).toList();
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new Ramp(t));
            }
            w.finish();
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(file));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Deterministic values, streamed. */
    private record Ramp(TensorInfo info) implements TensorData {
        @Override
        public void read(ChunkSink sink) throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; b.hasRemaining(); i++) {
                b.putFloat(i * 0.25f - 7f);
            }
            sink.accept(b.flip());
        }

        @Override
        public ByteBuffer buffer() throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            read(b::put);
            return b.flip();
        }
    }
}
