package dev.hubkit.converters.safetensors;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and fully validated safetensors header: 8-byte little-endian length, JSON, known dtypes,
 * offsets in order, non-overlapping and covering the data exactly, each span equal to shape × dtype size.
 *
 * @param entries  tensors in data order with their absolute file offsets
 * @param metadata the {@code __metadata__} strings (empty when absent)
 * @param dataStart file offset of the first data byte ({@code 8 + header length})
 */
public record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataStart) {

    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER = 100_000_000L;

    /** One tensor: its info and absolute byte offset in the file. */
    public record Entry(TensorInfo info, long offset) {
    }

    /** Reads and validates the header of {@code file}, whose size is {@code fileSize}. */
    public static SafetensorsHeader read(Path file, FileChannel channel, long fileSize) throws IOException {
        if (fileSize < 8) {
            throw new FormatException(file, "not a safetensors file: " + fileSize
                    + " bytes is shorter than the 8-byte header length; the file is truncated or empty");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > MAX_HEADER) {
            throw new FormatException(file, "safetensors header length " + Long.toUnsignedString(n)
                    + " is outside 2.." + MAX_HEADER + " bytes; the file is corrupt or not safetensors");
        }
        if (8 + n > fileSize) {
            throw new FormatException(file, "safetensors header claims " + n + " bytes but the file has only "
                    + (fileSize - 8) + " after the length; the file is truncated");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(file, channel, json, 8);
        return parse(file, json.array(), 8 + n, fileSize);
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf, pos + buf.position()) < 0) {
                throw new FormatException(file, "file ends inside the safetensors header; the file is truncated");
            }
        }
    }

    static SafetensorsHeader parse(Path file, byte[] headerBytes, long dataStart, long fileSize) {
        if (headerBytes.length == 0 || headerBytes[0] != '{') {
            throw new FormatException(file, "safetensors header does not start with '{'; the file is corrupt");
        }
        Object root;
        try {
            root = HeaderJson.parse(headerBytes);
        } catch (HeaderJson.JsonException e) {
            throw new FormatException(file, "safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> obj)) {
            throw new FormatException(file, "safetensors header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Raw> raws = new ArrayList<>();
        for (Map.Entry<?, ?> field : obj.entrySet()) {
            String name = (String) field.getKey();
            Object value = field.getValue();
            if (name.equals("__metadata__")) {
                readMetadata(file, value, metadata);
            } else {
                raws.add(readEntry(file, name, value));
            }
        }
        long dataSize = fileSize - dataStart;
        raws.sort(Raw.BY_PLACE);
        long expected = 0;
        List<Entry> entries = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            if (r.begin != expected) {
                String problem = r.begin < expected ? "overlaps the previous tensor (ends at " + expected + ")"
                        : "leaves a gap after the previous tensor (ends at " + expected + ")";
                throw new FormatException(file, "tensor '" + r.info.name() + "' data_offsets [" + r.begin + ", "
                        + r.end + "] " + problem + "; the header is corrupt");
            }
            if (r.end > dataSize) {
                throw new FormatException(file, "tensor '" + r.info.name() + "' data_offsets [" + r.begin + ", "
                        + r.end + "] go past the end of the data (" + dataSize + " bytes); the file is truncated");
            }
            entries.add(new Entry(r.info, dataStart + r.begin));
            expected = r.end;
        }
        if (expected != dataSize) {
            throw new FormatException(file, "tensors cover " + expected + " bytes but the data section has "
                    + dataSize + "; the header does not describe the data exactly (truncated or padded file)");
        }
        return new SafetensorsHeader(Collections.unmodifiableList(entries), Collections.unmodifiableMap(metadata),
                dataStart);
    }

    private record Raw(TensorInfo info, long begin, long end) {
        /**
         * By begin, end, then name. A class rather than {@code Comparator.comparing} lambdas: those are spun
         * at run time on every start (the class-data-sharing archive cannot hold them), a few ms each.
         */
        static final Comparator<Raw> BY_PLACE = new Comparator<>() {
            @Override
            public int compare(Raw a, Raw b) {
                int c = Long.compare(a.begin, b.begin);
                if (c == 0) {
                    c = Long.compare(a.end, b.end);
                }
                return c != 0 ? c : a.info.name().compareTo(b.info.name());
            }
        };

    }

    private static void readMetadata(Path file, Object value, Map<String, String> out) {
        if (value == HeaderJson.NULL) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new FormatException(file, "__metadata__ must be an object of strings, found " + kind(value));
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new FormatException(file, "__metadata__." + m.getKey() + " must be a string, found "
                        + kind(m.getValue()));
            }
            out.put((String) m.getKey(), s);
        }
    }

    /** The JSON type of a parsed value, for messages. */
    private static String kind(Object v) {
        if (v instanceof Map) {
            return "OBJECT";
        } else if (v instanceof List) {
            return "ARRAY";
        } else if (v instanceof String) {
            return "STRING";
        } else if (v instanceof Boolean) {
            return "BOOLEAN";
        } else if (v == HeaderJson.NULL) {
            return "NULL";
        }
        return "NUMBER";
    }

    private static Raw readEntry(Path file, String name, Object value) {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> fields)) {
            throw new FormatException(file, where + " must be an object with dtype, shape and data_offsets");
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw new FormatException(file, where + " has no string 'dtype'");
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new FormatException(file, where + ": " + e.getMessage());
        }
        long[] shape = longs(file, where, "shape", fields.get("shape"), -1);
        long[] offsets = longs(file, where, "data_offsets", fields.get("data_offsets"), 2);
        if (offsets[0] > offsets[1]) {
            throw new FormatException(file, where + " data_offsets " + Arrays.toString(offsets) + " end before they begin");
        }
        TensorInfo info;
        long span;
        try {
            info = new TensorInfo(name, dtype, shape);
            span = info.byteSize();
        } catch (IllegalArgumentException e) {
            throw new FormatException(file, e.getMessage());
        }
        if (span != offsets[1] - offsets[0]) {
            throw new FormatException(file, where + " of shape " + Arrays.toString(shape) + " in " + dtype.safetensorsName()
                    + " needs " + span + " bytes but data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + "; the header lies about the tensor");
        }
        return new Raw(info, offsets[0], offsets[1]);
    }

    private static long[] longs(Path file, String where, String field, Object node, int exactLength) {
        if (!(node instanceof List<?> list)) {
            throw new FormatException(file, where + " has no array '" + field + "'");
        }
        if (exactLength >= 0 && list.size() != exactLength) {
            throw new FormatException(file, where + " '" + field + "' must have " + exactLength + " numbers, has " + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (!(v instanceof Long l) || l < 0) {
                throw new FormatException(file, where + " '" + field + "'[" + i + "] = " + show(v)
                        + " is not a non-negative integer");
            }
            out[i] = l;
        }
        return out;
    }

    private static String show(Object v) {
        if (v instanceof String s) {
            StringBuilder sb = new StringBuilder();
            HeaderJson.writeString(sb, s);
            return sb.toString();
        }
        return v instanceof Map ? "{...}" : v instanceof List ? "[...]" : String.valueOf(v);
    }
}
