package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The slice entries of a bundle index (keys that start with a 0 byte: TensorFlow's {@code EncodeTensorNameSlice})
 * and the checks that turn a partitioned variable's slice list into {@link SlicedData.Part}s.
 */
final class SliceIndex {
    private final Path index;
    private final Map<String, SortedTable.Entry> byKey = new HashMap<>();
    private final Path[] paths;
    private final FileChannel[] channels;
    private final long[] sizes;

    SliceIndex(Path index, List<SortedTable.Entry> table, Path[] paths, FileChannel[] channels, long[] sizes) {
        this.index = index;
        this.paths = paths;
        this.channels = channels;
        this.sizes = sizes;
        for (SortedTable.Entry e : table) {
            if (isSliceKey(e)) {
                byKey.put(new String(e.rawKey(), StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    /** Whether the entry is one slice of a partitioned variable rather than a tensor of its own. */
    static boolean isSliceKey(SortedTable.Entry e) {
        return e.rawKey().length > 0 && e.rawKey()[0] == 0;
    }

    /**
     * The slices of partitioned variable {@code info}, whose full entry is {@code entry}, each found under its own
     * key and checked: same dtype, its shape its extent, its bytes inside its shard; together they cover the
     * tensor exactly once.
     */
    List<SlicedData.Part> parts(TensorInfo info, int tfDtype, ByteBuffer entry) {
        String name = info.name();
        long[] shape = info.shape();
        List<TensorSlice> slices;
        try {
            slices = TensorSlice.parseAll(entry);
        } catch (IllegalArgumentException ex) {
            throw new FormatException(index, "malformed slice list of tensor '" + name + "': " + ex.getMessage(), ex);
        }
        if (shape.length == 0 || slices.isEmpty()) {
            throw new FormatException(index, "partitioned tensor '" + name + "' has shape "
                    + Arrays.toString(shape) + " and " + slices.size() + " slices; the index is corrupt");
        }
        List<SlicedData.Part> parts = new ArrayList<>();
        long covered = 0;
        int e = info.dtype().byteSize();
        for (TensorSlice slice : slices) {
            long[] lengths;
            try {
                lengths = slice.lengthsIn(shape);
            } catch (IllegalArgumentException ex) {
                throw new FormatException(index, "tensor '" + name + "': " + ex.getMessage() + "; the index is corrupt");
            }
            SortedTable.Entry se = byKey.get(new String(slice.key(name), StandardCharsets.ISO_8859_1));
            if (se == null) {
                throw new FormatException(index, "slice " + slice + " of tensor '" + name + "' has no entry; the index"
                        + " is corrupt or was written by a tool that encodes slice keys differently");
            }
            BundleEntry be;
            try {
                be = BundleEntry.parse(se.value());
            } catch (IllegalArgumentException ex) {
                throw new FormatException(index, "malformed entry of slice " + slice + " of tensor '" + name + "': "
                        + ex.getMessage(), ex);
            }
            long elems = 1;
            for (long l : lengths) {
                elems *= l; // no overflow: each length is at most its dimension, and the tensor's size fits
            }
            if (be.dtype() != tfDtype || !Arrays.equals(be.shape(), lengths) || be.size() != elems * e) {
                throw new FormatException(index, "slice " + slice + " of tensor '" + name + "' is stored as dtype "
                        + be.dtype() + " shape " + Arrays.toString(be.shape()) + " (" + be.size()
                        + " bytes), not as its place in the tensor says; the index is corrupt");
            }
            if (be.shardId() < 0 || be.shardId() >= channels.length || be.offset() < 0
                    || be.size() < 0 || be.size() > sizes[be.shardId()] - be.offset()) {
                throw new FormatException(index, "slice " + slice + " of tensor '" + name + "' points outside the data"
                        + " shards; a shard is truncated or does not belong to this index");
            }
            for (SlicedData.Part other : parts) {
                if (overlap(slice.start(), lengths, other.start(), other.lengths())) {
                    throw new FormatException(index, "slices of tensor '" + name + "' overlap; the index is corrupt");
                }
            }
            covered += elems;
            parts.add(new SlicedData.Part(slice.start(), lengths, paths[be.shardId()], channels[be.shardId()],
                    be.offset(), be.size(), be.crc32c()));
        }
        if (covered != info.byteSize() / e) {
            throw new FormatException(index, "the slices of tensor '" + name + "' cover " + covered + " of its "
                    + info.byteSize() / e + " elements; the index is corrupt");
        }
        return parts;
    }

    private static boolean overlap(long[] s1, long[] l1, long[] s2, long[] l2) {
        for (int d = 0; d < s1.length; d++) {
            if (s1[d] + l1[d] <= s2[d] || s2[d] + l2[d] <= s1[d]) {
                return false;
            }
        }
        return true;
    }

}
