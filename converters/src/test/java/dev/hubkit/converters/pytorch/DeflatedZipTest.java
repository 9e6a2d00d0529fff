package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.Fixtures;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch zips re-packed with deflate (as {@code zip} does; {@code torch.load} reads them). */
class DeflatedZipTest {
    @TempDir
    Path dir;

    private static Map<String, String> hashes(Path p) {
        return Inspector.inspect(p).tensors().stream().collect(Collectors.toMap(Inspection.Tensor::name,
                t -> t.dtype() + java.util.Arrays.toString(t.shape()) + t.sha256()));
    }

    /**
     * {@code src} re-packed: every entry deflated but {@code data/1} (stored, so the archive mixes both), each
     * entry's bytes passed through {@code content} first.
     */
    private Path repack(Path src, String name, Function<ZipEntry, byte[]> content) throws Exception {
        Path out = dir.resolve(name);
        try (ZipFile in = new ZipFile(src.toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes = content.apply(e);
                if (bytes == null) {
                    bytes = in.getInputStream(e).readAllBytes();
                }
                ZipEntry copy = new ZipEntry(e.getName());
                if (e.getName().endsWith("/data/1")) {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(bytes.length);
                    copy.setCompressedSize(bytes.length);
                    copy.setCrc(crc.getValue());
                } else {
                    copy.setMethod(ZipEntry.DEFLATED);
                }
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }

    /** Overwrites the central directory's uncompressed size (or CRC, {@code field} 16) of entry {@code name}. */
    private static void patchCentral(Path zip, String name, int field, int value) throws Exception {
        byte[] b = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        for (int p = b.length - 46; p >= 0; p--) {
            if (buf.getInt(p) == 0x02014b50 && (buf.getShort(p + 28) & 0xFFFF) == want.length
                    && java.util.Arrays.equals(b, p + 46, p + 46 + want.length, want, 0, want.length)) {
                buf.putInt(p + field, value);
                Files.write(zip, b);
                return;
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }

    @Test
    void readsAndConvertsADeflatedZipBitExact() throws Exception {
        Path original = Fixtures.file("zip_mixed.pt");
        Path deflated = repack(original, "deflated.pt", e -> null);
        try (ZipFile z = new ZipFile(deflated.toFile())) {
            assertThat(z.getEntry("zip_mixed/data.pkl").getMethod()).isEqualTo(ZipEntry.DEFLATED);
            assertThat(z.getEntry("zip_mixed/data/0").getMethod()).isEqualTo(ZipEntry.DEFLATED);
        }
        assertThat(hashes(deflated)).isEqualTo(hashes(original)).isNotEmpty();
        Path st = dir.resolve("out.safetensors");
        assertThat(Converter.convert(deflated, st, new ConvertOptions(null, null, 0, true), ProgressListener.none())
                .verified()).isTrue();
        Path fromOriginal = dir.resolve("ref.safetensors");
        Converter.convert(original, fromOriginal, ConvertOptions.defaults(), ProgressListener.none());
        assertThat(Files.readAllBytes(st)).isEqualTo(Files.readAllBytes(fromOriginal));
        Path bin = dir.resolve("out.bin");
        Converter.convert(deflated, bin, new ConvertOptions(null, null, 0, true), ProgressListener.none());
        assertThat(hashes(bin)).isEqualTo(hashes(original));
    }

    @Test
    void anEntryDeclaringMoreThanItsStorageIsRefusedBeforeInflating() throws Exception {
        byte[] zeros = new byte[64 << 20]; // deflates to about 64 KB
        Path bomb = repack(Fixtures.file("zip_mixed.pt"), "bomb.pt",
                e -> e.getName().equals("zip_mixed/data/0") ? zeros : null);
        assertThatThrownBy(() -> TorchZipReader.open(bomb)).isInstanceOf(FormatException.class)
                .hasMessageContaining("'zip_mixed/data/0' declares " + zeros.length + " bytes but storage '0' holds 96");
    }

    @Test
    void anEntryInflatingPastItsDeclaredSizeStopsThere() throws Exception {
        byte[] zeros = new byte[64 << 20];
        Path bomb = repack(Fixtures.file("zip_mixed.pt"), "lying.pt",
                e -> e.getName().equals("zip_mixed/data/0") ? zeros : null);
        patchCentral(bomb, "zip_mixed/data/0", 24, 96); // it claims the storage's 96 bytes
        assertThatThrownBy(() -> TorchZipReader.open(bomb)).isInstanceOf(FormatException.class)
                .hasMessageContaining("'zip_mixed/data/0' inflates to more than the 96 bytes it declares");
        // a deflated pickle is bounded too, before anything is allocated
        Path bigPickle = repack(Fixtures.file("zip_mixed.pt"), "pickle.pt", e -> null);
        patchCentral(bigPickle, "zip_mixed/data.pkl", 24, Integer.MAX_VALUE);
        assertThatThrownBy(() -> TorchZipReader.open(bigPickle)).isInstanceOf(FormatException.class)
                .hasMessageContaining("declares " + Integer.MAX_VALUE + " bytes, more than the "
                        + TorchZipReader.MAX_INFLATED_PICKLE);
    }

    @Test
    void aCorruptDeflatedEntryFailsItsCrc() throws Exception {
        Path bad = repack(Fixtures.file("zip_mixed.pt"), "crc.pt", e -> null);
        patchCentral(bad, "zip_mixed/data/0", 16, 12345);
        assertThatThrownBy(() -> TorchZipReader.open(bad)).isInstanceOf(FormatException.class)
                .hasMessageContaining("CRC-32 mismatch in compressed zip entry 'zip_mixed/data/0'");
    }
}
