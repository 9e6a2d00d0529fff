package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large raw tensors are copied and summed chunk by chunk (casts of large ones in two halves on two threads,
 * their CRCs combined): the CRC-32 in both the local headers and the central directory must still be the
 * real one (java.util.zip checks both).
 */
class ParallelCrcTest {
    @TempDir
    Path tmp;

    @Test
    void kernelCopiedEntriesCarryTheirRealCrc() throws Exception {
        Path src = tmp.resolve("big.safetensors");
        Random random = new Random(5);
        List<TensorInfo> plan = List.of(
                new TensorInfo("big", DType.F32, new long[] {StoredZipWriter.PARALLEL_CRC_MIN / 4 * 3 + 7}),
                new TensorInfo("bigger", DType.F16, new long[] {StoredZipWriter.PARALLEL_CRC_MIN * 2 + 1}),
                new TensorInfo("small", DType.F32, new long[] {5}));
        try (SafetensorsWriter w = SafetensorsWriter.create(src, SafetensorsWriter.canonicalOrder(plan), Map.of())) {
            for (TensorInfo t : SafetensorsWriter.canonicalOrder(plan)) {
                byte[] b = new byte[(int) t.byteSize()];
                random.nextBytes(b);
                w.write(new HeapData(t, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)));
            }
            w.finish();
        }
        Path out = tmp.resolve("big.bin");
        Converter.convert(src, out, new ConvertOptions(TargetFormat.PYTORCH, null, 0, true), ProgressListener.none());

        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(out.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry)) {
                    crc.update(in.readAllBytes());
                }
                assertThat(entry.getCrc()).as("central directory CRC of " + entry.getName()).isEqualTo(crc.getValue());
                names.add(entry.getName());
            }
        }
        assertThat(names).contains("big/data/0", "big/data/1", "big/data/2");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(out))) {
            int seen = 0;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                in.readAllBytes(); // ZipInputStream throws ZipException on a wrong local-header CRC
                seen++;
            }
            assertThat(seen).isEqualTo(names.size());
        }
    }
}
