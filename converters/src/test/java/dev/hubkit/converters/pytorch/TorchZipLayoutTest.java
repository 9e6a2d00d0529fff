package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The records of a written {@code .bin} are those torch 2.13's {@code torch.save} writes, in its order and under
 * the folder it names after the file (both read from files torch wrote); the serialization id depends only on
 * the content, so the same checkpoint written twice is the same file.
 */
class TorchZipLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void recordsAreThoseTorchSaveWritesInItsOrder() throws Exception {
        List<TensorInfo> plan = List.of(new TensorInfo("a", DType.F32, new long[] {3}),
                new TensorInfo("b", DType.F16, new long[] {2}));
        Path file = tmp.resolve("pytorch_model-00001-of-00002.bin");
        try (TorchZipWriter w = TorchZipWriter.create(file, plan, Map.of())) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            w.finish();
        }
        String a = "pytorch_model-00001-of-00002/";
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
            assertThat(read(zip, a + ".format_version")).isEqualTo("1");
            assertThat(read(zip, a + ".storage_alignment")).isEqualTo("64");
            assertThat(read(zip, a + "byteorder")).isEqualTo("little");
            assertThat(read(zip, a + "version")).isEqualTo("3\n");
            assertThat(read(zip, a + ".data/serialization_id")).matches("[0-9]{40}");
        }
        assertThat(names).containsExactly(a + "data.pkl", a + ".format_version", a + ".storage_alignment",
                a + "byteorder", a + "data/0", a + "data/1", a + "version", a + ".data/serialization_id");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (ZipDirectory.Entry e : ZipDirectory.read(file, ch).entries().values()) {
                if (e.name().contains("/data/")) {
                    assertThat(e.dataOffset() % 64).as(e.name()).isZero();
                }
            }
        }
        try (TorchReader r = TorchZipReader.open(file)) {
            assertThat(r.tensors()).isEqualTo(plan);
        }
    }

    @Test
    void theSameContentGivesTheSameBytesAndOtherContentAnotherId() throws Exception {
        byte[] first = write("one.bin", 1);
        byte[] again = write("two/one.bin", 1);
        byte[] other = write("three/one.bin", 2);
        assertThat(again).isEqualTo(first);
        assertThat(id(other)).isNotEqualTo(id(first));
    }

    private byte[] write(String name, int value) throws Exception {
        List<TensorInfo> plan = List.of(new TensorInfo("w", DType.F32, new long[] {4}));
        Path file = tmp.resolve(name);
        java.nio.file.Files.createDirectories(file.getParent());
        try (TorchZipWriter w = TorchZipWriter.create(file, plan, Map.of())) {
            ByteBuffer data = ByteBuffer.allocate(16);
            data.put(0, (byte) value);
            w.write(new HeapData(plan.get(0), data));
            w.finish();
        }
        return java.nio.file.Files.readAllBytes(file);
    }

    private String id(byte[] bin) throws Exception {
        Path file = java.nio.file.Files.write(tmp.resolve("id-" + System.nanoTime() + ".bin"), bin);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return read(zip, "one/.data/serialization_id");
        }
    }

    /** torch.save(obj, PATH) printed these folder names (a non-ASCII path goes through a Python stream). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"model.bin|model", "a.b.c|a.b", "noext|noext", "x.|x", "t.tar.gz|t.tar",
        "a b.pt|a b", "\u00e9 x.pt|archive", "d\u00e9/x.pt|archive", ".hidden|archive"})
    void theFolderIsNamedAsTorchNamesIt(String path, String folder) {
        assertThat(TorchZipWriter.archiveName(tmp.resolve(path))).isEqualTo(folder);
    }

    private static String read(ZipFile zip, String name) throws Exception {
        ZipEntry e = zip.getEntry(name);
        assertThat(e).as(name).isNotNull();
        try (var in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
