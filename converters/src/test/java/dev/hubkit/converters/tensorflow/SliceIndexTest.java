package dev.hubkit.converters.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lying slice lists of a partitioned variable are refused with the tensor's name, before any byte is read. */
class SliceIndexTest {
    private static final Path INDEX = Path.of("model.ckpt.index");
    private static final int DT_FLOAT = 1;
    private static final TensorInfo W = new TensorInfo("w", DType.F32, new long[] {4, 2});

    /** {start, length} pairs per dimension of each slice. */
    private static byte[] fullEntry(long[][]... slices) {
        ProtoWire.Writer w = new ProtoWire.Writer().varintField(1, DT_FLOAT).bytesField(2, shape(4, 2));
        for (long[][] slice : slices) {
            ProtoWire.Writer s = new ProtoWire.Writer();
            for (long[] extent : slice) {
                s.bytesField(1, new ProtoWire.Writer().varintField(1, extent[0]).varintField(2, extent[1]).toBytes());
            }
            w.bytesField(7, s.toBytes());
        }
        return w.toBytes();
    }

    private static byte[] shape(long... dims) {
        ProtoWire.Writer s = new ProtoWire.Writer();
        for (long d : dims) {
            s.bytesField(2, new ProtoWire.Writer().varintField(1, d).toBytes());
        }
        return s.toBytes();
    }

    /** The slice's own entry: stored where the test says, shaped as given. */
    private static SortedTable.Entry sliceEntry(long[][] slice, long offset, long... storedShape) {
        long[] start = new long[slice.length];
        long[] len = new long[slice.length];
        long elems = 1;
        for (int d = 0; d < slice.length; d++) {
            start[d] = slice[d][0];
            len[d] = slice[d][1];
        }
        for (long s : storedShape) {
            elems *= s;
        }
        byte[] value = new ProtoWire.Writer().varintField(1, DT_FLOAT).bytesField(2, shape(storedShape))
                .varintField(4, offset).varintField(5, elems * 4).toBytes();
        return new SortedTable.Entry(new TensorSlice(start, len).key("w"), ByteBuffer.wrap(value));
    }

    private static List<SlicedData.Part> parts(byte[] full, SortedTable.Entry... slices) {
        List<SortedTable.Entry> table = new ArrayList<>(List.of(slices));
        SliceIndex index = new SliceIndex(INDEX, table, new Path[] {Path.of("model.ckpt.data-00000-of-00001")},
                new FileChannel[1], new long[] {64});
        return index.parts(W, DT_FLOAT, ByteBuffer.wrap(full));
    }

    private static final long[][] TOP = {{0, 2}, {0, 2}};
    private static final long[][] BOTTOM = {{2, 2}, {0, 2}};

    @Test
    void slicesThatCoverTheTensorOnceAreAccepted() {
        assertThat(parts(fullEntry(TOP, BOTTOM), sliceEntry(TOP, 0, 2, 2), sliceEntry(BOTTOM, 16, 2, 2))).hasSize(2);
    }

    @Test
    void lyingSliceListsAreRefused() {
        assertThatThrownBy(() -> parts(fullEntry(TOP, BOTTOM), sliceEntry(TOP, 0, 2, 2)))
                .isInstanceOf(FormatException.class).hasMessageContaining("tensor 'w' has no entry");
        long[][] middle = {{1, 2}, {0, 2}};
        assertThatThrownBy(() -> parts(fullEntry(TOP, middle), sliceEntry(TOP, 0, 2, 2), sliceEntry(middle, 16, 2, 2)))
                .isInstanceOf(FormatException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> parts(fullEntry(TOP), sliceEntry(TOP, 0, 2, 2)))
                .isInstanceOf(FormatException.class).hasMessageContaining("cover 4 of its 8 elements");
        long[][] outside = {{3, 2}, {0, 2}};
        assertThatThrownBy(() -> parts(fullEntry(TOP, outside), sliceEntry(TOP, 0, 2, 2)))
                .isInstanceOf(FormatException.class).hasMessageContaining("reaches outside");
        long[][] huge = {{Long.MAX_VALUE - 1, 4}, {0, 2}};
        assertThatThrownBy(() -> parts(fullEntry(huge)))
                .isInstanceOf(FormatException.class).hasMessageContaining("reaches outside");
        assertThatThrownBy(() -> parts(fullEntry(TOP, BOTTOM), sliceEntry(TOP, 0, 2, 2), sliceEntry(BOTTOM, 16, 4, 1)))
                .isInstanceOf(FormatException.class).hasMessageContaining("not as its place in the tensor says");
        assertThatThrownBy(() -> parts(fullEntry(TOP, BOTTOM), sliceEntry(TOP, 0, 2, 2), sliceEntry(BOTTOM, 56, 2, 2)))
                .isInstanceOf(FormatException.class).hasMessageContaining("points outside the data shards");
    }
}
