package dev.hubkit.converters.keras;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.api.WritableNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras' string-list attributes ({@code layer_names}, {@code weight_names}): stored whole, or split into
 * {@code name0}, {@code name1}, ... when larger than HDF5's 64 KiB object-header limit.
 */
final class KerasAttributes {
    /** {@code HDF5_OBJECT_HEADER_LIMIT} of Keras' saving code. */
    static final int HEADER_LIMIT = 64512;
    /**
     * io.jhdf 0.13 writes each attribute as one object-header message whose size field is 16 bits, strings with a
     * terminating byte each (measured: 1,100 names of 55 bytes are written, 1,172 are not): a chunk must stay
     * below this many bytes counted that way. The header may hold any number of such chunks.
     */
    static final int JHDF_MESSAGE_LIMIT = 60000;

    private KerasAttributes() {
    }

    /** The list under {@code name}, joined from chunks if split; empty when absent (a weightless layer). */
    static List<String> read(Node node, String name) {
        Attribute whole = node.getAttribute(name);
        if (whole != null) {
            Object data = whole.getData();
            return data == null ? new ArrayList<>() : strings(data);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Attribute chunk = node.getAttribute(name + i);
            if (chunk == null) {
                return out;
            }
            out.addAll(strings(chunk.getData()));
        }
    }

    /** Writes {@code values} like Keras: whole, or in chunks below the limit; nothing for an empty list. */
    static void write(WritableNode node, String name, List<String> values) {
        write(node, name, values, HEADER_LIMIT);
    }

    /**
     * As {@link #write(WritableNode, String, List)} with a chosen chunk limit in bytes. Split as Keras'
     * {@code save_attributes_to_hdf5_group} splits: the fewest chunks {@code k} for which every part of
     * {@code np.array_split(data, k)} (the first {@code n % k} parts one longer) holds at most {@code limit}
     * bytes at the longest name's width; more chunks only where io.jhdf needs smaller ones.
     */
    static void write(WritableNode node, String name, List<String> values, int limit) {
        if (values.isEmpty()) {
            return; // jhdf cannot write empty attributes; Keras reads a missing one as [].
        }
        int maxLen = values.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        long width = Math.max(1, maxLen);
        if (width > limit || width + 1 > JHDF_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("a name in the '" + name + "' list takes " + maxLen + " bytes; Keras "
                    + "cannot store a name longer than " + Math.min(limit, JHDF_MESSAGE_LIMIT - 1) + " bytes in HDF5");
        }
        int n = values.size();
        int chunks = 1;
        while (true) {
            long largest = (n + chunks - 1) / chunks;
            if (largest * width <= limit && largest * (width + 1) <= JHDF_MESSAGE_LIMIT) {
                break;
            }
            chunks++;
        }
        if (chunks == 1) {
            node.putAttribute(name, values.toArray(new String[0]));
            return;
        }
        int base = n / chunks;
        int extra = n % chunks;
        for (int c = 0, start = 0; c < chunks; c++) {
            int size = base + (c < extra ? 1 : 0);
            node.putAttribute(name + c, values.subList(start, start + size).toArray(new String[0]));
            start += size;
        }
    }

    private static List<String> strings(Object data) {
        List<String> out = new ArrayList<>();
        if (data instanceof String s) {
            out.add(s);
        } else if (data instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (data instanceof Object[] a) {
            for (Object o : a) {
                out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o));
            }
        } else {
            throw new IllegalArgumentException("expected a list of strings, found " + (data == null ? "nothing"
                    : data.getClass().getSimpleName()));
        }
        return out;
    }
}
