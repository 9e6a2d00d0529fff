package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.converters.tensorflow.BundlePaths;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source file cut short while it is being converted (truncated, or rewritten in place by a shorter one) fails the
 * conversion with a {@link FormatException} naming the file and saying it changed while being read, and leaves no
 * output: never a JVM crash (SIGBUS on a memory map) nor an {@link InternalError}. The source is truncated from the
 * progress callback, after the first tensor is written; the kernels are large enough (4 MiB) to be transposed from
 * a memory map of the source.
 *
 * <p>Runs in a JVM of its own (see the converters pom): the JVM reports a fault on a shrunken map at some later
 * point of the thread that read it, and a hang there fails the test after the timeout instead of stalling the run.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SourceChangedTest {
    private static final int N = 1024;
    private static final String[] KERNELS = {"query", "key", "value"};

    @TempDir
    Path dir;

    /** safetensors → TF checkpoint: the kernels are transposed from a memory map of the safetensors file. */
    @Test
    void safetensorsTruncatedWhileTransposedToTensorflow() throws Exception {
        Path src = bertSafetensors(dir.resolve("src").resolve("model.safetensors"));
        Path out = dir.resolve("out");
        assertChangedWhileRead(src, src, out, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false, null,
                "bert", false));
    }

    /** TF checkpoint → safetensors: kernels mapped from the data shard, their CRC-32C checked on the map first. */
    @Test
    void tensorflowDataShardTruncatedWhileTransposed() throws Exception {
        Path st = bertSafetensors(dir.resolve("src").resolve("model.safetensors"));
        Path tf = dir.resolve("tf");
        Converter.convert(st, tf, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false, null, "bert", false),
                ProgressListener.none());
        Path data = BundlePaths.data(tf.resolve("model.ckpt"), 0, 1);
        assertChangedWhileRead(tf, data, dir.resolve("out"), new ConvertOptions(TargetFormat.SAFETENSORS, null, 0,
                false, null, "bert", false));
    }

    /** PyTorch zip → safetensors: the storages are copied (kernel copy or positional reads) from the zip. */
    @Test
    void pytorchZipTruncatedWhileCopiedToSafetensors() throws Exception {
        Path st = bertSafetensors(dir.resolve("src").resolve("model.safetensors"));
        Path bin = dir.resolve("pt").resolve("pytorch_model.bin");
        Converter.convert(st, bin, ConvertOptions.defaults(), ProgressListener.none());
        assertChangedWhileRead(bin, bin, dir.resolve("out"), new ConvertOptions(TargetFormat.SAFETENSORS, null, 0,
                false));
    }

    /** safetensors → PyTorch zip: the CRC-32 of each entry is summed from the source while it is copied. */
    @Test
    void safetensorsTruncatedWhileCopiedToPytorch() throws Exception {
        Path src = bertSafetensors(dir.resolve("src").resolve("model.safetensors"));
        assertChangedWhileRead(src, src, dir.resolve("out"), new ConvertOptions(TargetFormat.PYTORCH, null, 0, false));
    }

    /** safetensors → safetensors cast to BF16: the cast reads the source with positional reads. */
    @Test
    void safetensorsTruncatedWhileCast() throws Exception {
        Path src = bertSafetensors(dir.resolve("src").resolve("model.safetensors"));
        assertChangedWhileRead(src, src, dir.resolve("out"), new ConvertOptions(TargetFormat.SAFETENSORS, DType.BF16,
                0, false));
    }

    /**
     * Converts {@code src} into {@code out} (a folder), cutting {@code truncated} down to 4 KiB once the first tensor
     * is written; the conversion must fail naming {@code truncated} and leave nothing in (or of) {@code out}.
     */
    private static void assertChangedWhileRead(Path src, Path truncated, Path out, ConvertOptions options) {
        boolean[] cut = {false};
        ProgressListener truncate = (name, done, total) -> {
            if (!cut[0]) {
                cut[0] = true;
                try (FileChannel ch = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
                    ch.truncate(4096);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        Throwable failure = null;
        try {
            Converter.convert(src, out, true, options, truncate);
        } catch (Throwable t) {
            failure = t;
        }
        if (!(failure instanceof FormatException)) {
            throw new AssertionError("expected a FormatException, got " + failure, failure);
        }
        assertThat(failure)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("changed while being read")
                .hasMessageContaining("convert again from a complete file");
        assertThat(cut[0]).as("truncated mid-conversion").isTrue();
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A BERT safetensors file: a small embedding, then then three 4 MiB F32 attention kernels. */
    private static Path bertSafetensors(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        List<TensorInfo> plan = new ArrayList<>();
        List<HeapData> data = new ArrayList<>();
        add(plan, data, "bert.embeddings.word_embeddings.weight", 64, 16);
        for (String k : KERNELS) {
            add(plan, data, "bert.encoder.layer.0.attention.self." + k + ".weight", N, N);
        }
        try (TensorWriter w = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            for (HeapData d : data) {
                w.write(d);
            }
            w.finish();
        }
        return file;
    }

    private static void add(List<TensorInfo> plan, List<HeapData> data, String name, long... shape) {
        TensorInfo t = new TensorInfo(name, DType.F32, shape);
        ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; b.hasRemaining(); i++) {
            b.putFloat((i % 1000) * 0.001f + plan.size());
        }
        plan.add(t);
        data.add(new HeapData(t, b.flip()));
    }
}
