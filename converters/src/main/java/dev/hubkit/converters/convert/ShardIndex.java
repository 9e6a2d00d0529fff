package dev.hubkit.converters.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.ChannelCopy;
import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sharded checkpoint index ({@code model.safetensors.index.json}, {@code pytorch_model.bin.index.json}):
 * {@code weight_map} from tensor name to shard file, and {@code metadata} (with {@code total_size}).
 */
public record ShardIndex(Map<String, String> weightMap, Map<String, Object> metadata) {
    /** Made on first use: creating an ObjectMapper costs tens of milliseconds at start-up (its date
     *  format loads locale data), and not every use of this class needs one. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Reads and validates an index file; shard names must be plain file names in the same folder. */
    public static ShardIndex read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's own words and where, without its notes about how it was configured
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new FormatException(file, "shard index is not readable JSON: " + e.getOriginalMessage()
                    + (at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new FormatException(file, "shard index is not readable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("weight_map").isObject()) {
            throw new FormatException(file, "shard index has no 'weight_map' object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.get("weight_map").properties()) {
            JsonNode v = e.getValue();
            if (!v.isTextual() || !plainName(v.textValue())) {
                throw new FormatException(file, "weight_map." + e.getKey() + " = " + v
                        + " is not a plain shard file name in the index's folder");
            }
            map.put(e.getKey(), v.textValue());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode meta = root.path("metadata");
        if (meta.isObject()) {
            for (Map.Entry<String, JsonNode> e : meta.properties()) {
                metadata.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
            }
        }
        return new ShardIndex(Collections.unmodifiableMap(map), Collections.unmodifiableMap(metadata));
    }

    private static boolean plainName(String s) {
        return !s.isEmpty() && !s.contains("/") && !s.contains("\\") && !s.equals(".") && !s.equals("..");
    }

    /**
     * Writes the index byte for byte as transformers' {@code save_pretrained} does
     * ({@code json.dumps(index, indent=2, sort_keys=True) + "\n"}): {@code metadata} with
     * {@code total_parameters} and {@code total_size}, and {@code weight_map}.
     */
    public static void write(Path file, Map<String, String> weightMap, long totalSize, long totalParameters)
            throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("total_parameters", totalParameters);
        metadata.put("total_size", totalSize);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("metadata", metadata);
        root.put("weight_map", weightMap);
        try (AtomicFile out = AtomicFile.create(file)) {
            ChannelCopy.writeFully(out.channel(), ByteBuffer.wrap((PyJson.dumps(root) + "\n").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            out.commit();
        }
    }
}
