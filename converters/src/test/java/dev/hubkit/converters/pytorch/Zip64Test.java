package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Zip64 records that checkpoints over 4 GiB need, forced on a small file: java.util.zip, hubkit
 * and (when installed) real torch read it back. Also checks the 64-byte data alignment torch uses.
 */
class Zip64Test {
    @TempDir
    Path tmp;

    @Test
    void zip64RecordsAreReadableEverywhere() throws Exception {
        TensorInfo a = new TensorInfo("a", DType.F32, new long[] {3, 2});
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            data.putFloat(i * 1.5f);
        }
        data.flip();
        Path file = tmp.resolve("zip64.bin");
        try (TorchZipWriter w = TorchZipWriter.create(file, List.of(a), Map.of("tied", "a"), 0)) {
            w.write(new HeapData(a, data.duplicate()));
            w.finish();
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry("zip64/data/0");
            assertThat(e.getSize()).isEqualTo(24);
            assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(new String(zip.getInputStream(zip.getEntry("zip64/version")).readAllBytes(),
                    StandardCharsets.US_ASCII)).isEqualTo("3\n");
        }
        try (TensorReader r = TorchZipReader.open(file)) {
            assertThat(TensorBytes.copy(r.data("a"))).isEqualTo(data.duplicate());
            assertThat(r.aliases()).containsExactly(List.of("a", "tied"));
        }
        ZipDirectory.Entry entry;
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            entry = ZipDirectory.read(file, ch).entries().get("zip64/data/0");
        }
        assertThat(entry.dataOffset() % 64).isZero();
        if (dev.hubkit.converters.TorchInteropTest.torchAvailable()) {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import sys, torch; sd = torch.load(sys.argv[1], weights_only=True); "
                            + "print(sd['a'].flatten().tolist(), sd['tied'].data_ptr() == sd['a'].data_ptr())",
                    file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(out).endsWith("[0.0, 1.5, 3.0, 4.5, 6.0, 7.5] True");
        }
    }

}
