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
    /** io.jhdf 0.13 writes one object header without continuation blocks: all attributes must fit in it. */
    static final int JHDF_HEADER_LIMIT = 60000;

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

    /** As {@link #write(WritableNode, String, List)} with a chosen chunk limit in bytes. */
    static void write(WritableNode node, String name, List<String> values, int limit) {
        if (values.isEmpty()) {
            return; // jhdf cannot write empty attributes; Keras reads a missing one as [].
        }
        int maxLen = values.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        long total = (long) maxLen * values.size();
        if (total > JHDF_HEADER_LIMIT) {
            throw new IllegalArgumentException("the '" + name + "' list takes " + total + " bytes; io.jhdf cannot "
                    + "write object headers with more than " + JHDF_HEADER_LIMIT + " bytes of attributes");
        }
        if (total <= limit) {
            node.putAttribute(name, values.toArray(new String[0]));
            return;
        }
        int perChunk = Math.max(1, limit / Math.max(1, maxLen));
        for (int c = 0, start = 0; start < values.size(); c++, start += perChunk) {
            node.putAttribute(name + c, values.subList(start, Math.min(values.size(), start + perChunk))
                    .toArray(new String[0]));
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
