package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prefix hasher gives the digest of the whole file however the written prefix grows. */
class PrefixHasherTest {

    @TempDir
    Path tmp;

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void digestOfAFileWrittenBackToFrontWhileTheHelperRuns() throws Exception {
        byte[] data = content((3 << 20) + 12345);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        int block = 100_000;
        AtomicLong ready = new AtomicLong();
        try (FileChannel ch = FileChannel.open(tmp.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            ch.truncate(data.length);
            ch.write(ByteBuffer.wrap(new byte[1]), data.length - 1);
            try (PrefixHasher h = new PrefixHasher(ch, ContentCheck.SHA256.start(0), ready::get)) {
                // write the back half first (not ready), then the front in blocks, announcing each
                int half = data.length / 2;
                ch.write(ByteBuffer.wrap(data, half, data.length - half), half);
                for (int off = 0; off < half; off += block) {
                    int n = Math.min(block, half - off);
                    ch.write(ByteBuffer.wrap(data, off, n), off);
                    ready.set(off + n);
                    h.advanced();
                }
                // the rest is hashed by finish() on this thread
                assertThat(h.finish(data.length)).isEqualTo(expected);
            }
        }
    }

    @Test
    void digestWhenEverythingIsReadyAtOnceOrNothingIsAnnounced() throws Exception {
        byte[] data = content(1 << 20);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        Path f = tmp.resolve("g");
        java.nio.file.Files.write(f, data);
        for (long announced : new long[] {0, data.length}) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                 PrefixHasher h = new PrefixHasher(ch, ContentCheck.SHA256.start(0), () -> announced)) {
                assertThat(h.finish(data.length)).isEqualTo(expected);
            }
        }
    }
}
