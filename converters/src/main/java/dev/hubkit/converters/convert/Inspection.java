package dev.hubkit.converters.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.core.config.PythonJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code hubkit inspect} reports: format, tensors sorted by name with SHA-256 of their
 * little-endian C-contiguous bytes, and metadata.
 *
 * @param withPtNames whether each tensor carries its PyTorch name ({@code pt_name} in JSON, a table column)
 * @param repeats     names of tensors whose data is the very stored data of another listed tensor (tied
 *                    weights: same storage, offset, shape and stride); the table's totals count it once
 */
public record Inspection(String format, List<Tensor> tensors, Map<String, Object> metadata, boolean withPtNames,
                         Set<String> repeats) {
    /** Python's and safetensors' order of names: by Unicode code point, not by UTF-16 unit. */
    public static final Comparator<String> NAME_ORDER = PythonJson::compareCodePoints;

    /** Copies {@code repeats}. */
    public Inspection {
        repeats = Set.copyOf(repeats);
    }

    /** With no tensor repeating another's data. */
    public Inspection(String format, List<Tensor> tensors, Map<String, Object> metadata, boolean withPtNames) {
        this(format, tensors, metadata, withPtNames, Set.of());
    }

    /** Made on first use, and only for metadata that {@link #toJson} cannot write itself: creating an
     *  ObjectMapper costs tens of milliseconds at start-up (its date format loads locale data). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** jackson-core's generator factory (no databind): cheap to make, writes what the mapper writes. */
    private static final class Gen {
        static final JsonFactory FACTORY = new JsonFactory();
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
        if (!plainValue(metadata)) {
            return toJsonWithMapper();
        }
        // jackson-core's generator with the mapper's pretty printer: the same text as toJsonWithMapper
        // (tests compare the two), without building an ObjectMapper
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Gen.FACTORY.createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", format);
            g.writeFieldName("tensors");
            g.writeStartArray();
            for (Tensor t : tensors) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("dtype", t.dtype());
                g.writeFieldName("shape");
                g.writeArray(t.shape(), 0, t.shape().length);
                g.writeStringField("sha256", t.sha256());
                if (withPtNames) {
                    g.writeStringField("pt_name", t.ptName());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("metadata");
            writePlain(g, metadata);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the inspection as JSON", e); // a StringWriter never fails
        }
        return text.toString();
    }

    /** {@link #toJson} through jackson-databind's tree model: for metadata holding other kinds of value. */
    String toJsonWithMapper() {
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

    /** Whether {@link #writePlain} writes {@code v} as the mapper would: null, strings, booleans, ints,
     *  longs, and maps with string keys and lists of those. */
    private static boolean plainValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return true;
        }
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !plainValue(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (!plainValue(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Writes a value that {@link #plainValue} accepted. */
    private static void writePlain(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writePlain(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeStartArray();
            for (Object item : (List<?>) v) {
                writePlain(g, item);
            }
            g.writeEndArray();
        }
    }

    /** Total number of elements, each stored datum once (a tensor in {@link #repeats} adds nothing). */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors) {
            n += repeats.contains(t.name()) ? 0 : t.numel();
        }
        return n;
    }

    /** Total bytes of tensor data, each stored datum once (a tensor in {@link #repeats} adds nothing). */
    public long totalBytes() {
        long n = 0;
        for (Tensor t : tensors) {
            n += repeats.contains(t.name()) ? 0 : t.bytes();
        }
        return n;
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
        sb.append(String.format(Locale.ROOT, "%d tensors, %,d parameters, %s%s%n", tensors.size(), parameterCount(),
                human(totalBytes()), repeats.isEmpty() ? "" : " (" + repeats.size() + " tied tensors share another's"
                        + " data and are counted once)"));
        if (!metadata.isEmpty()) {
            sb.append("metadata:\n");
            metadata.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }

    /** Compares by code point: at the first differing UTF-16 unit, surrogates sort after U+E000..U+FFFF. */
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
