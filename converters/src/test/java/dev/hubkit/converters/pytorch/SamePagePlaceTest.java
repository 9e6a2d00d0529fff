package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.converters.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors copied as they are land at their source's place within a page, in the first page of a 64 KiB
 * block (PyTorch entries padded further, safetensors headers padded with more spaces), with values that
 * hubkit, java.util.zip and (when installed) real torch read back unchanged; everything else keeps the
 * plain 64-byte (zip) and 8-byte (safetensors) layout.
 */
class SamePagePlaceTest {
    private static final long BIG = 2L << 20; // 8 MiB of F32: copied by the kernel, may take 64 KiB of padding

    @TempDir
    Path tmp;

    @Test
    void paddingIsPlain64ByteAlignmentUnlessTheSourceIsElementAligned() {
        for (long base = 0; base < 200; base++) {
            int pad = StoredZipWriter.padding(base, -1, 4, 1L << 30, 0);
            assertThat((base + pad) % 64).isZero();
            assertThat(pad == 0 || pad >= 4 && pad < 68).as("base %d pad %d", base, pad).isTrue();
            // the source at an offset that is not a multiple of its element size: plain alignment
            assertThat(StoredZipWriter.padding(base, 4096 + 6, 4, 1L << 30, 0)).isEqualTo(pad);
            assertThat(StoredZipWriter.padding(base, 4096 + 4, 8, 1L << 30, 0)).isEqualTo(pad);
        }
    }

    @Test
    void anElementAlignedSourceGivesElementAlignedDataAtItsPlace() {
        Random r = new Random(11);
        for (int i = 0; i < 2000; i++) {
            long base = r.nextInt(1 << 30);
            int element = 1 << r.nextInt(4);
            long src = (long) r.nextInt(1 << 24) * element;
            int pad = StoredZipWriter.padding(base, src, element, 1L << 30, 0);
            long gap = Math.floorMod(src % 4096 - base, 65536L);
            if (gap > 0 && gap < 4) {
                gap += 65536;
            }
            if (gap > 0xFFFF) {
                assertThat(pad).isEqualTo(StoredZipWriter.padding(base, -1, element, 1L << 30, 0));
                continue;
            }
            long start = base + pad;
            assertThat(start % 65536).as("base %d src %d", base, src).isEqualTo(src % 4096);
            assertThat(start % element).isZero();
            assertThat(start % 64 == 0).isEqualTo(src % 64 == 0);
        }
    }

    @Test
    void paddingPutsDataAtTheSourcesPlaceInABlocksFirstPage() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long base = r.nextInt(1 << 30);
            long src = (long) r.nextInt(1 << 24) * 64;
            int z64 = r.nextBoolean() ? 20 : 0;
            int pad = StoredZipWriter.padding(base, src, 4, 1L << 30, z64);
            long gap = Math.floorMod(src % 4096 - base, 65536L);
            if (gap > 0 && gap < 4 || gap + z64 > 0xFFFF) {
                // no room in the 16-bit extra field: plain alignment
                assertThat(pad).isEqualTo(StoredZipWriter.padding(base, -1, 4, 1L << 30, z64));
                continue;
            }
            long start = base + pad;
            assertThat(start % 65536).as("base %d src %d", base, src).isEqualTo(src % 4096);
            assertThat(pad == 0 || pad >= 4).isTrue();
            assertThat(pad + z64).isLessThanOrEqualTo(0xFFFF);
        }
        // too small a tensor for up to 64 KiB of padding (more than 1/128 of it): plain alignment
        long base = 5000; // the next block's first page is 63 KiB on
        assertThat(StoredZipWriter.padding(base, 64 * 1000, 4, 1L << 20, 0))
                .isEqualTo(StoredZipWriter.padding(base, -1, 4, 1L << 20, 0));
        assertThat(StoredZipWriter.padding(base, 64 * 1000, 4, 1L << 30, 0)).isEqualTo(64 * 1000 % 4096 - base + 65536);
        // a gap that the 16-bit extra field cannot hold with the Zip64 field: plain alignment
        long tight = 65536 - 65530; // the block's first page lies 65530 bytes on
        assertThat(StoredZipWriter.padding(tight, 0, 4, 1L << 30, 20)).isEqualTo(StoredZipWriter.padding(tight, -1, 4, 1L << 30, 20));
        assertThat(StoredZipWriter.padding(tight, 0, 4, 1L << 30, 0)).isEqualTo(65530);
    }

    @Test
    void copiedTensorsShareTheirSourcesPlaceAndReadBackUnchanged() throws Exception {
        copiesAtTheSourcesPlace(0); // data 64-aligned in the source
    }

    @Test
    void copiesFromASourceThatIsNot64AlignedAreElementAligned() throws Exception {
        copiesAtTheSourcesPlace(8); // where the safetensors library's 8-byte header padding often puts it
    }

    /** Converts a source whose data starts {@code startMod64} past a multiple of 64 to PyTorch and back. */
    private void copiesAtTheSourcesPlace(int startMod64) throws Exception {
        Path st = tmp.resolve("src.safetensors");
        writeAligned(st, startMod64);
        Path pt = tmp.resolve("out.bin");
        Converter.convert(st, pt, new ConvertOptions(TargetFormat.PYTORCH, null, 0, true), ProgressListener.none());
        Path back = tmp.resolve("back.safetensors");
        Converter.convert(pt, back, new ConvertOptions(TargetFormat.SAFETENSORS, null, 0, true), ProgressListener.none());
        Path plain = tmp.resolve("plain.bin");
        String old = System.setProperty("hubkit.copy.samePagePlace", "false");
        try {
            Converter.convert(st, plain, new ConvertOptions(TargetFormat.PYTORCH, null, 0, true), ProgressListener.none());
        } finally {
            if (old == null) {
                System.clearProperty("hubkit.copy.samePagePlace");
            } else {
                System.setProperty("hubkit.copy.samePagePlace", old);
            }
        }

        Map<String, Long> source = safetensorsOffsets(st);
        assertThat(source.get("big") % 64).isEqualTo(startMod64);
        Map<String, ZipDirectory.Entry> entries = zipEntries(pt);
        Map<String, ZipDirectory.Entry> plainEntries = zipEntries(plain);
        // the storage keys follow the plan order: big (0), small (1), odd (2); the folder is the file's stem
        // (as torch.save names it)
        assertThat(entries.get("out/data/0").dataOffset() % 65536).isEqualTo(source.get("big") % 4096);
        assertThat(RegionPump.samePlace(source.get("big"), entries.get("out/data/0").dataOffset())).isTrue();
        assertThat(RegionPump.samePlace(source.get("big"), plainEntries.get("plain/data/0").dataOffset())).isFalse();
        // the copied tensor at its source's alignment (64 or its element size), the others at torch's 64
        assertThat(entries.get("out/data/0").dataOffset() % 64).isEqualTo(startMod64);
        for (String storage : List.of("out/data/1", "out/data/2")) {
            assertThat(entries.get(storage).dataOffset() % 64).as(storage).isZero();
        }
        for (String storage : List.of("plain/data/0", "plain/data/1", "plain/data/2")) {
            assertThat(plainEntries.get(storage).dataOffset() % 64).as(storage).isZero();
        }
        // the small tensor is not padded for its place: it follows the big one at the plain 64-byte alignment
        long afterBig = entries.get("out/data/0").dataOffset() + BIG * 4;
        assertThat(entries.get("out/data/1").dataOffset() - afterBig).isLessThan(200);

        Map<String, Long> backOffsets = safetensorsOffsets(back);
        assertThat(RegionPump.samePlace(entries.get("out/data/0").dataOffset(), backOffsets.get("big"))).isTrue();
        assertThat(Files.size(back) - Files.size(st)).isBetween(0L, 65536L);

        Map<String, String> expected = sums(Inspector.inspect(st));
        assertThat(sums(Inspector.inspect(pt))).isEqualTo(expected);
        assertThat(sums(Inspector.inspect(back))).isEqualTo(expected);
        assertThat(sums(Inspector.inspect(plain))).isEqualTo(expected);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pt.toFile())) {
            java.util.zip.ZipEntry e = zip.getEntry("out/data/0");
            assertThat(e.getSize()).isEqualTo(BIG * 4);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            try (var in = zip.getInputStream(e)) {
                crc.update(in.readAllBytes());
            }
            assertThat(crc.getValue()).isEqualTo(e.getCrc());
        }
        if (dev.hubkit.converters.TorchInteropTest.torchAvailable()) {
            List<JsonNode> seen = torch("pt:" + pt, "st:" + back);
            assertThat(fromTorch(seen.get(0))).isEqualTo(expected);
            assertThat(fromTorch(seen.get(1))).isEqualTo(expected);
        }
    }

    /**
     * A safetensors file whose data starts {@code startMod64} past a multiple of 64: one 8 MiB tensor and two
     * small ones, random bits.
     */
    private static void writeAligned(Path file, int startMod64) throws IOException {
        long smallBytes = 4 * 1000;
        long oddBytes = 4 * 3;
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"big\":{\"dtype\":\"F32\",\"shape\":[" + BIG + "],\"data_offsets\":[0," + BIG * 4 + "]},"
                + "\"odd\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + BIG * 4 + "," + (BIG * 4 + oddBytes) + "]},"
                + "\"small\":{\"dtype\":\"F32\",\"shape\":[10,100],\"data_offsets\":[" + (BIG * 4 + oddBytes) + ","
                + (BIG * 4 + oddBytes + smallBytes) + "]}}";
        StringBuilder header = new StringBuilder(json);
        while ((8 + header.length()) % 64 != startMod64) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        Random r = new Random(3);
        try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h).flip();
            writeFully(ch, b);
            long total = BIG * 4 + oddBytes + smallBytes;
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (long done = 0; done < total; done += 4) {
                float f;
                do {
                    f = Float.intBitsToFloat(r.nextInt());
                } while (Float.isNaN(f));
                chunk.putFloat(f);
                if (!chunk.hasRemaining()) {
                    writeFully(ch, chunk.flip());
                    chunk.clear();
                }
            }
            writeFully(ch, chunk.flip());
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static Map<String, Long> safetensorsOffsets(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            SafetensorsHeader h = SafetensorsHeader.read(file, ch, ch.size());
            assertThat((h.dataStart() - 8) % 8).isZero();
            Map<String, Long> out = new HashMap<>();
            for (SafetensorsHeader.Entry e : h.entries()) {
                out.put(e.info().name(), e.offset());
            }
            return out;
        }
    }

    private static Map<String, ZipDirectory.Entry> zipEntries(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            return ZipDirectory.read(file, ch).entries();
        }
    }

    private static Map<String, String> sums(Inspection i) {
        Map<String, String> m = new HashMap<>();
        for (Inspection.Tensor t : i.tensors()) {
            m.put(t.name(), t.dtype() + java.util.Arrays.toString(t.shape()) + t.sha256());
        }
        return m;
    }

    private static Map<String, String> fromTorch(JsonNode tensors) {
        Map<String, String> m = new HashMap<>();
        tensors.properties().forEach(e -> m.put(e.getKey(), e.getValue().get("dtype").asText()
                + e.getValue().get("shape").toString().replace(",", ", ") + e.getValue().get("sha256").asText()));
        return m;
    }

    private List<JsonNode> torch(String... specs) throws Exception {
        Path script = tmp.resolve("torch_load.py");
        Files.copy(getClass().getResourceAsStream("/interop/torch_load.py"), script);
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(specs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("torch failed: " + out).isZero();
        List<JsonNode> results = new java.util.ArrayList<>();
        new ObjectMapper().readTree(out).forEach(results::add);
        return results;
    }
}
