package dev.hubkit.converters.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.ChannelCopy;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one {@code .safetensors} file: {@code __metadata__} first, header padded with spaces to a
 * multiple of 8 bytes, tensors in plan order. Tensor names must be unique. Raw file regions are copied
 * file to file in the kernel; computed bytes (casts, gathers) are written by a second thread while the
 * next chunk is computed.
 */
public final class SafetensorsWriter implements TensorWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<TensorInfo> plan;
    private final AtomicFile out;
    private PipelinedWrites pipeline;
    private int next;

    private SafetensorsWriter(List<TensorInfo> plan, AtomicFile out) {
        this.plan = plan;
        this.out = out;
    }

    /**
     * The order safetensors itself writes: larger elements first (keeps every tensor aligned to its
     * element size), then by name.
     */
    public static List<TensorInfo> canonicalOrder(List<TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingInt((TensorInfo t) -> -t.dtype().byteSize()).thenComparing(TensorInfo::name));
        return sorted;
    }

    /** Starts writing {@code target} with the given tensors (written in this order) and metadata. */
    public static SafetensorsWriter create(Path target, List<TensorInfo> plan, Map<String, String> metadata)
            throws IOException {
        Set<String> seen = new HashSet<>();
        for (TensorInfo t : plan) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is planned twice for " + target);
            }
            if (t.name().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be called __metadata__ in safetensors");
            }
        }
        byte[] header = header(plan, metadata);
        AtomicFile file = AtomicFile.create(target);
        try {
            ByteBuffer buf = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length).put(header).flip();
            ChannelCopy.writeFully(file.channel(), buf);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new SafetensorsWriter(List.copyOf(plan), file);
    }

    static byte[] header(List<TensorInfo> plan, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorInfo t : plan) {
            ObjectNode node = root.putObject(t.name());
            node.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = node.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + t.byteSize();
            node.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return new String(out, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(TensorData data) throws IOException {
        if (next >= plan.size()) {
            throw new IllegalStateException("all " + plan.size() + " planned tensors are already written to " + out.target());
        }
        TensorInfo expected = plan.get(next);
        if (!expected.equals(data.info())) {
            throw new IllegalStateException("expected " + expected + " next for " + out.target() + ", got " + data.info());
        }
        if (data instanceof FileRegionData region && region.rawLittleEndian()) {
            if (pipeline != null) {
                pipeline.drain();
            }
            ChannelCopy.copy(data, out.channel(), null); // file to file in the kernel
        } else {
            if (pipeline == null) {
                pipeline = new PipelinedWrites(out.channel());
            }
            PipelinedWrites writes = pipeline;
            long[] written = {0};
            data.read(chunk -> {
                written[0] += chunk.remaining();
                writes.write(chunk);
            });
            if (written[0] != expected.byteSize()) {
                throw new IllegalStateException("tensor '" + expected.name() + "' produced " + written[0]
                        + " bytes, expected " + expected.byteSize());
            }
        }
        next++;
    }

    @Override
    public void finish() throws IOException {
        if (next != plan.size()) {
            throw new IllegalStateException("only " + next + " of " + plan.size() + " tensors written to " + out.target());
        }
        if (pipeline != null) {
            pipeline.drain();
            pipeline.close();
            pipeline = null;
        }
        out.commit();
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
        out.close();
    }
}
