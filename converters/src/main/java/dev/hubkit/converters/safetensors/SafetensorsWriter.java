package dev.hubkit.converters.safetensors;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.BackgroundWrites;
import dev.hubkit.converters.ChannelCopy;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.mapping.TransposedData;
import dev.hubkit.core.config.PythonJson;
import dev.hubkit.core.tensor.DType;
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
    private static final int BLOCK = RegionPump.BLOCK;

    /**
     * The safetensors library's order: by dtype, descending in its Rust {@code Dtype} enum ({@link #dtypeRank}),
     * then by name in UTF-8 byte order. A class rather than {@code Comparator.comparing} lambdas, which are
     * spun at run time on every start (the class-data-sharing archive cannot hold them).
     */
    private static final Comparator<TensorInfo> CANONICAL = new Comparator<>() {
        @Override
        public int compare(TensorInfo a, TensorInfo b) {
            int c = Integer.compare(dtypeRank(b.dtype()), dtypeRank(a.dtype()));
            return c != 0 ? c : PythonJson.compareCodePoints(a.name(), b.name());
        }
    };

    private final List<TensorInfo> plan;
    private final AtomicFile out;
    private PipelinedWrites pipeline;
    private RegionPump pump;
    /** Writes the bands of transposed kernels (created with the first). */
    private BackgroundWrites bands;
    private int next;

    private SafetensorsWriter(List<TensorInfo> plan, AtomicFile out) {
        this.plan = plan;
        this.out = out;
    }

    /**
     * The order {@code safetensors.torch.save_file} writes header and data in: dtype descending in the
     * library's {@code Dtype} enum (U64, I64, F64, C64, F32, U32, I32, BF16, F16, U16, I16, F8_E8M0, F8_E4M3,
     * F8_E5M2, I8, U8, BOOL; larger elements first, so every tensor stays aligned), then name in UTF-8 byte order.
     */
    public static List<TensorInfo> canonicalOrder(List<TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(CANONICAL);
        return sorted;
    }

    /** The position of {@code t} in the safetensors library's Rust {@code Dtype} enum (declaration order). */
    static int dtypeRank(DType t) {
        return switch (t) {
            case BOOL -> 0;
            case U8 -> 4;
            case I8 -> 5;
            case F8_E5M2 -> 6;
            case F8_E4M3 -> 7;
            case F8_E8M0 -> 8;
            case I16 -> 9;
            case U16 -> 10;
            case F16 -> 11;
            case BF16 -> 12;
            case I32 -> 13;
            case U32 -> 14;
            case F32 -> 15;
            case C64 -> 16;
            case F64 -> 17;
            case I64 -> 18;
            case U64 -> 19;
        };
    }

    /**
     * Starts writing {@code target} with the given tensors (written in this order) and metadata; the header
     * is padded to a multiple of 8 bytes, as the safetensors library pads it.
     */
    public static SafetensorsWriter create(Path target, List<TensorInfo> plan, Map<String, String> metadata)
            throws IOException {
        return create(target, plan, metadata, -1);
    }

    /**
     * As {@link #create(Path, List, Map)}, for the tensors {@code sources} will give, in plan order: the
     * header is padded with more spaces (up to 64 KiB, at most 1/128 of the data) when that starts the
     * tensors copied as they are from file regions within the first page of a 64 KiB block, at the same
     * place within that page as in their source file, as many bytes of them as one padding can: the kernel
     * copy (sendfile) then moves whole pages in 64 KiB batches, each filling one 64 KiB page-cache folio
     * (measured: about 30% less time for a 2 GB conversion). {@code sources} are only looked at, not read.
     */
    public static SafetensorsWriter create(Path target, List<TensorInfo> plan, Map<String, String> metadata,
                                           List<? extends TensorData> sources) throws IOException {
        if (sources.size() != plan.size()) {
            throw new IllegalArgumentException(sources.size() + " sources for " + plan.size() + " planned tensors");
        }
        return create(target, plan, metadata, RegionPump.samePagePlace() ? dataPlace(plan, sources) : -1);
    }

    /**
     * Where in a 64 KiB block (a multiple of 8) the data should start so that the most bytes copied raw start
     * in a block's first page at their source's place within a page; -1 when no tensor is copied raw.
     */
    static long dataPlace(List<TensorInfo> plan, List<? extends TensorData> sources) {
        long[] bytesAt = new long[BLOCK / 8];
        long offset = 0;
        boolean any = false;
        for (int i = 0; i < plan.size(); i++) {
            TensorInfo t = plan.get(i);
            FileRegionData region = RegionPump.rawRegion(sources.get(i));
            if (region != null && region.info().dtype() == t.dtype()) {
                long place = RegionPump.gapToSamePlace(region.offset(), offset);
                if (place % 8 == 0) {
                    bytesAt[(int) (place / 8)] += t.byteSize();
                    any = true;
                }
            }
            offset += t.byteSize();
        }
        if (!any || offset / 128 < BLOCK) {
            return -1; // nothing copied raw, or too little data to be worth up to 64 KiB of padding
        }
        int best = 0;
        for (int i = 1; i < bytesAt.length; i++) {
            if (bytesAt[i] > bytesAt[best]) {
                best = i;
            }
        }
        return bytesAt[best] == 0 ? -1 : best * 8L;
    }

    private static SafetensorsWriter create(Path target, List<TensorInfo> plan, Map<String, String> metadata,
                                            long dataPlace) throws IOException {
        Set<String> seen = new HashSet<>();
        for (TensorInfo t : plan) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is planned twice for " + target);
            }
            if (t.name().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be called __metadata__ in safetensors");
            }
        }
        byte[] header = header(plan, metadata, dataPlace);
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
        return header(plan, metadata, -1);
    }

    /**
     * The header JSON padded with spaces to a multiple of 8 bytes, or, when {@code dataPlace} is not -1, to
     * the next length that starts the data ({@code 8 + length} into the file) at that place in a 64 KiB block.
     */
    static byte[] header(List<TensorInfo> plan, Map<String, String> metadata, long dataPlace) {
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
        if (dataPlace >= 0) {
            padded += (int) Math.floorMod(dataPlace - (8 + padded), (long) BLOCK);
        }
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
            // transposed by the caller and the helper threads, each band written where it goes by a writer thread
            if (pipeline != null) {
                pipeline.drain();
            }
            FileChannel channel = out.channel();
            long pos = channel.position();
            if (bands == null) {
                bands = TransposedData.backgroundWrites(channel);
            }
            transposed.writeTo(channel, pos, RegionPump.Sum.NONE, bands); // its last bands written meanwhile
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
        if (bands != null) {
            bands.flush();
            bands.close();
            bands = null;
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
        if (bands != null) {
            bands.close();
            bands = null;
        }
        out.close();
    }
}
