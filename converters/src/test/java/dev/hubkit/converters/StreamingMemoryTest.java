package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversions stream: a checkpoint whose single tensors are larger than the whole heap converts
 * (with a cast and verification) in a forked JVM with {@code -Xmx32m}.
 */
class StreamingMemoryTest {
    private static final long ELEMENTS = 12L << 20; // 48 MiB of F32 per tensor

    @TempDir
    Path tmp;

    @Test
    void tensorsLargerThanTheHeapConvert() throws Exception {
        Path src = tmp.resolve("big.safetensors");
        List<TensorInfo> plan = List.of(new TensorInfo("a", DType.F32, new long[] {ELEMENTS / 1024, 1024}),
                new TensorInfo("b", DType.F32, new long[] {ELEMENTS}));
        try (SafetensorsWriter w = SafetensorsWriter.create(src, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new Generated(t));
            }
            w.finish();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-XX:MaxDirectMemorySize=48m",
                "-cp", System.getProperty("java.class.path"), StreamingMain.class.getName(), src.toString(),
                tmp.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok");
        assertThat(Files.size(tmp.resolve("b.safetensors"))).isGreaterThan(ELEMENTS * 4);
    }

    /** Deterministic values generated chunk by chunk, never held whole. */
    private static final class Generated implements TensorData {
        private final TensorInfo info;

        Generated(TensorInfo info) {
            this.info = info;
        }

        @Override
        public TensorInfo info() {
            return info;
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long n = info.numel();
            for (long i = 0; i < n; i++) {
                buf.putFloat((float) Math.sin(i * 0.001) * 3f);
                if (!buf.hasRemaining()) {
                    buf.flip();
                    sink.accept(buf);
                    buf.clear();
                }
            }
            buf.flip();
            if (buf.hasRemaining()) {
                sink.accept(buf);
            }
        }

        @Override
        public ByteBuffer buffer() {
            throw new UnsupportedOperationException();
        }
    }
}
