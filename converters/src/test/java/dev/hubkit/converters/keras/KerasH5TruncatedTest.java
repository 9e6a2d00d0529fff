package dev.hubkit.converters.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H5 file cut short is refused as the HDF5 library refuses it (shorter than its superblock's end-of-file address),
 * even where the bytes lost are only ones io.jhdf never reads (a global heap's free space at the end of the file).
 */
class KerasH5TruncatedTest {
    @TempDir
    Path dir;

    @Test
    void aFileShorterThanItsSuperblockSaysIsTruncated() throws Exception {
        List<TensorInfo> plan = List.of(new TensorInfo("dense/kernel:0", DType.F32, new long[] {2, 2}),
                new TensorInfo("dense/bias:0", DType.F32, new long[] {2}));
        Path h5 = dir.resolve("model.h5");
        try (TensorWriter w = KerasH5Writer.create(h5, plan)) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            w.finish();
        }
        try (KerasH5Reader whole = KerasH5Reader.open(h5)) {
            assertThat(whole.tensors()).hasSize(2);
        }
        long size = Files.size(h5);
        try (FileChannel ch = FileChannel.open(h5, StandardOpenOption.WRITE)) {
            ch.truncate(size - 100); // the last bytes are the global heap's free space: no weight is touched
        }
        assertThatThrownBy(() -> KerasH5Reader.open(h5))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(h5.toString())
                .hasMessageContaining("ends at byte " + size)
                .hasMessageContaining("truncated")
                .hasMessageContaining("download or copy it again");
        assertThatThrownBy(() -> Inspector.inspect(h5)).isInstanceOf(FormatException.class);
    }
}
