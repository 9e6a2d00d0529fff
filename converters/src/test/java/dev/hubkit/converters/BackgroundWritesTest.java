package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads writing one file through {@link BackgroundWrites}: every byte lands, buffers stay bounded. */
class BackgroundWritesTest {
    @TempDir
    Path dir;

    @Test
    void fourThreadsWriteEveryBlockWhereItGoes() throws Exception {
        int block = 4096 + 64;
        int blocks = 600;
        byte[] want = new byte[block * blocks];
        new Random(5).nextBytes(want);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(6));
        Path file = dir.resolve("out.bin");
        Set<ByteBuffer> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            BackgroundWrites writes = new BackgroundWrites(ch, block, 5);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                running.add(pool.submit(() -> {
                    for (int j = first; j < blocks; j += 4) {
                        int b = order.get(j);
                        ByteBuffer buf = writes.take();
                        seen.add(buf);
                        assertThat(buf.capacity()).isGreaterThanOrEqualTo(block);
                        buf.put(want, b * block, block).flip();
                        writes.submit(buf, (long) b * block);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            writes.flush();
            writes.close();
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(want);
        assertThat(seen).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void aFailedWriteIsReportedAndLaterBuffersAreDropped() throws Exception {
        Path file = dir.resolve("closed.bin");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        BackgroundWrites writes = new BackgroundWrites(ch, 16, 3);
        ByteBuffer first = writes.take();
        first.put(new byte[16]).flip();
        writes.submit(first, 0);
        writes.flush();
        ch.close();
        ByteBuffer second = writes.take();
        second.put(new byte[16]).flip();
        writes.submit(second, 16);
        assertThatThrownBy(writes::flush).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(writes::take).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> writes.submit(ByteBuffer.allocate(1), 32)).isInstanceOf(IOException.class);
        writes.close();
        assertThat(Files.size(file)).isEqualTo(16);
    }

    @Test
    void closeWaitsForQueuedWrites() throws Exception {
        Path file = dir.resolve("queued.bin");
        byte[] want = new byte[64 << 10];
        new Random(9).nextBytes(want);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            BackgroundWrites writes = new BackgroundWrites(ch, 1024, 4);
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = writes.take(1024);
                b.put(want, i * 1024, 1024).flip();
                writes.submit(b, i * 1024L);
            }
            writes.close();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(want);
    }
}
