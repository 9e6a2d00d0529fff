package dev.hubkit.converters.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code hubkit inspect} reports: format, tensors sorted by name with SHA-256 of their
 * little-endian C-contiguous bytes, and metadata.
 *
 * @param withPtNames whether each tensor carries its PyTorch name ({@code pt_name} in JSON, a table column)
 */
public record Inspection(String format, List<Tensor> tensors, Map<String, Object> metadata, boolean withPtNames) {
    /** Made on first use: creating an ObjectMapper costs tens of milliseconds at start-up (its date
     *  format loads locale data), and not every use of this class needs one. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Without PyTorch names. */
    public Inspection(String format, List<Tensor> tensors, Map<String, Object> metadata) {
        this(format, tensors, metadata, false);
    }

    /**
     * One tensor line.
     *
     * @param ptName the PyTorch name (only with {@code --pt-names}; null when there is none)
     */
    public record Tensor(String name, String dtype, long[] shape, long bytes, String sha256, String ptName) {
        /** A tensor line without a PyTorch name. */
        public Tensor(String name, String dtype, long[] shape, long bytes, String sha256) {
            this(name, dtype, shape, bytes, sha256, null);
        }

        /** Element count. */
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * The JSON document: {@code {"format", "tensors": [{"name","dtype","shape","sha256"}], "metadata"}}, each
     * tensor also with {@code "pt_name"} (null when it has none) when {@link #withPtNames}.
     */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", format);
        ArrayNode arr = root.putArray("tensors");
        for (Tensor t : tensors) {
            ObjectNode n = arr.addObject();
            n.put("name", t.name());
            n.put("dtype", t.dtype());
            ArrayNode shape = n.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            n.put("sha256", t.sha256());
            if (withPtNames) {
                n.put("pt_name", t.ptName());
            }
        }
        root.set("metadata", Json.MAPPER.valueToTree(metadata));
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Total number of elements. */
    public long parameterCount() {
        return tensors.stream().mapToLong(Tensor::numel).sum();
    }

    /** Total bytes of tensor data. */
    public long totalBytes() {
        return tensors.stream().mapToLong(Tensor::bytes).sum();
    }

    /** A readable table with parameter count and total size. */
    public String toTable() {
        int width = 4;
        for (Tensor t : tensors) {
            width = Math.max(width, t.name().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("format: ").append(format).append('\n');
        String row = "%-" + width + "s  %-7s  %-22s  %12s  %s" + (withPtNames ? "  %s" : "%s") + "%n";
        sb.append(String.format(Locale.ROOT, row, "name", "dtype", "shape", "bytes", "sha256",
                withPtNames ? "pt_name" : ""));
        for (Tensor t : tensors) {
            String pt = !withPtNames ? "" : t.ptName() == null ? "-" : t.ptName();
            sb.append(String.format(Locale.ROOT, row, t.name(), t.dtype(), java.util.Arrays.toString(t.shape()),
                    t.bytes(), t.sha256().substring(0, 16), pt));
        }
        sb.append(String.format(Locale.ROOT, "%d tensors, %,d parameters, %s%n", tensors.size(), parameterCount(),
                human(totalBytes())));
        if (!metadata.isEmpty()) {
            sb.append("metadata:\n");
            metadata.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }

    private static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s (%,d bytes)", v, units[u], bytes);
    }
}
