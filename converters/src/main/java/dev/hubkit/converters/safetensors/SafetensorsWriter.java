package dev.hubkit.converters.safetensors;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.ChannelCopy;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.mapping.TransposedData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one {@code .safetensors} file: {@code __metadata__} first, header padded with spaces to a
 * multiple of 8 bytes, tensors in plan order. Tensor names must be unique. Tensors that lie raw in a
 * file (optionally under a dtype cast) go through a {@link RegionPump} (uncast: a kernel copy; cast: two
 * threads, cache-sized chunks); other computed bytes (gathers, transposes) are written by a second
 * thread while the next chunk is computed.
 */
public final class SafetensorsWriter implements TensorWriter {
    private final List<TensorInfo> plan;
    private final AtomicFile out;
    private PipelinedWrites pipeline;
    private RegionPump pump;
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
        StringBuilder sb = new StringBuilder(64 + plan.size() * 96);
        sb.append('{');
        if (metadata != null && !metadata.isEmpty()) {
            sb.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                HeaderJson.writeString(sb, m.getKey());
                sb.append(':');
                if (m.getValue() == null) {
                    sb.append("null");
                } else {
                    HeaderJson.writeString(sb, m.getValue());
                }
            }
            sb.append('}');
        }
        long offset = 0;
        for (TensorInfo t : plan) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            HeaderJson.writeString(sb, t.name());
            sb.append(":{\"dtype\":");
            HeaderJson.writeString(sb, t.dtype().safetensorsName());
            sb.append(",\"shape\":[");
            long[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(shape[i]);
            }
            long end = offset + t.byteSize();
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
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
        FileRegionData region = RegionPump.rawRegion(data);
        if (data instanceof TransposedData transposed) {
            // transposed by the caller and the helper threads, each band written where it goes
            if (pipeline != null) {
                pipeline.drain();
            }
            FileChannel channel = out.channel();
            long pos = channel.position();
            transposed.writeTo(channel, pos, RegionPump.Sum.NONE);
            channel.position(pos + expected.byteSize());
        } else if (region != null) {
            if (pipeline != null) {
                pipeline.drain();
            }
            if (pump == null) {
                pump = new RegionPump();
            }
            FileChannel channel = out.channel();
            long pos = channel.position();
            pump.transfer(region, expected.dtype(), channel, pos, RegionPump.Sum.NONE);
            channel.position(pos + expected.byteSize());
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
        if (pump != null) {
            pump.close();
            pump = null;
        }
        out.commit();
    }

    @Override
    public void close() {
        if (pump != null) {
            pump.close();
            pump = null;
        }
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
        out.close();
    }
}
