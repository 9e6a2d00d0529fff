package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutates real fixture files (random bytes, truncation, inserted and deleted bytes) and asserts that
 * reading every tensor either works or fails with a FormatException: never another exception, an
 * OutOfMemoryError or a hang; converting them (every fourth round) either works or fails the same way
 * without leaving any output behind.
 */
class FuzzTest {
    private static final int ROUNDS = 400;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"zip_mixed.pt", "legacy_mixed.pt", "mixed.safetensors", "training.pt", "big_endian.pt"})
    void mutatedFilesFailCleanly(String name) throws Exception {
        byte[] original = Files.readAllBytes(Fixtures.file(name));
        Random random = new Random(name.hashCode());
        int ok = 0;
        int refused = 0;
        List<String> unexpected = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] mutated = mutate(original, random, round);
            Path file = tmp.resolve("m" + round + "-" + name);
            Files.write(file, mutated);
            try {
                Inspector.inspect(file);
                ok++;
            } catch (FormatException e) {
                refused++;
                assertThat(e.getMessage()).contains(file.getFileName().toString());
            } catch (Throwable t) {
                unexpected.add("round " + round + ": " + t);
            }
            if (round % 4 == 0) {
                convertCleanly(file, round, unexpected);
            }
            Files.delete(file);
        }
        assertThat(unexpected).isEmpty();
        assertThat(refused).isPositive();
        assertThat(ok + refused).isEqualTo(ROUNDS);
    }

    /**
     * Converting the mutated file (to PyTorch with verification, and to safetensors) either works or fails
     * with a FormatException and leaves nothing behind: no partial output, no temporary file.
     */
    private void convertCleanly(Path file, int round, List<String> unexpected) throws Exception {
        for (TargetFormat to : List.of(TargetFormat.PYTORCH, TargetFormat.SAFETENSORS)) {
            Path dir = Files.createDirectories(tmp.resolve("out" + round + to));
            Path dst = dir.resolve(to == TargetFormat.PYTORCH ? "model.bin" : "model.safetensors");
            boolean failed = false;
            try {
                Converter.convert(file, dst, new ConvertOptions(to, null, 0, true), ProgressListener.none());
            } catch (FormatException e) {
                failed = true;
            } catch (Throwable t) {
                unexpected.add("round " + round + " converting to " + to + ": " + t);
                failed = true;
            }
            try (Stream<Path> left = Files.list(dir)) {
                List<String> names = left.map(p -> p.getFileName().toString()).toList();
                if (failed && !names.isEmpty() || !failed && !names.equals(List.of(dst.getFileName().toString()))) {
                    unexpected.add("round " + round + " converting to " + to + " left " + names);
                }
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static byte[] mutate(byte[] in, Random r, int round) {
        byte[] b = in.clone();
        switch (round % 5) {
            case 0 -> { // a few random bytes anywhere
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 1 -> { // truncation
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> { // bytes in the first 600 (headers, pickle opcodes, lengths)
                int lim = Math.min(600, b.length);
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    b[r.nextInt(lim)] = (byte) (r.nextBoolean() ? 0xFF : r.nextInt(256));
                }
                return b;
            }
            case 3 -> { // deleted span
                int at = r.nextInt(b.length);
                int len = Math.min(1 + r.nextInt(16), b.length - at);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                return out;
            }
            default -> { // inserted random bytes
                int at = r.nextInt(b.length);
                int len = 1 + r.nextInt(16);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < len; i++) {
                    out[at + i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, out, at + len, b.length - at);
                return out;
            }
        }
    }

}
