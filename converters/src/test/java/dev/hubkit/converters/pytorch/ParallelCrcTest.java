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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large raw tensors are copied and summed chunk by chunk (casts of large ones in two halves on two threads,
 * their CRCs combined): the CRC-32 in both the data descriptors and the central directory must still be the
 * real one. (java.util.zip's streaming reader refuses STORED entries with data descriptors, torch.save's as well.)
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
        Map<String, Long> sizes = new java.util.HashMap<>();
        Map<String, Long> crcs = new java.util.HashMap<>();
        try (ZipFile zip = new ZipFile(out.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry)) {
                    crc.update(in.readAllBytes());
                }
                assertThat(entry.getCrc()).as("central directory CRC of " + entry.getName()).isEqualTo(crc.getValue());
                names.add(entry.getName());
                sizes.put(entry.getName(), entry.getSize());
                crcs.put(entry.getName(), crc.getValue());
            }
        }
        assertThat(names).contains("big/data/0", "big/data/1", "big/data/2");
        assertThat(descriptorCrcs(out, sizes)).isEqualTo(crcs);
    }

    /**
     * The CRC in the data descriptor after each entry (as torch.save writes them, the local headers hold none),
     * walking the local headers from the start; {@code sizes} by entry name.
     */
    private static Map<String, Long> descriptorCrcs(Path file, Map<String, Long> sizes) throws Exception {
        Map<String, Long> out = new java.util.HashMap<>();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long at = 0;
            while (out.size() < sizes.size()) {
                ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(h, at);
                assertThat(h.getInt(0)).as("local header at " + at).isEqualTo(0x04034b50);
                int nameLen = h.getShort(26) & 0xFFFF;
                int extraLen = h.getShort(28) & 0xFFFF;
                ByteBuffer n = ByteBuffer.allocate(nameLen);
                ch.read(n, at + 30);
                String name = new String(n.array(), java.nio.charset.StandardCharsets.UTF_8);
                ByteBuffer extra = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(extra, at + 30 + nameLen);
                boolean zip64 = extraLen >= 4 && extra.getShort(0) == 1;
                long dataEnd = at + 30 + nameLen + extraLen + sizes.get(name);
                ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(d, dataEnd);
                assertThat(d.getInt(0)).as("descriptor after " + name).isEqualTo(0x08074b50);
                out.put(name, d.getInt(4) & 0xFFFFFFFFL);
                at = dataEnd + (zip64 ? 24 : 16);
            }
        }
        return out;
    }
}
