package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.BackgroundWrites;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.mapping.TransposedData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Writes a TensorFlow checkpoint (tensor bundle) that TensorFlow's {@code RestoreV2} reads:
 * {@code PREFIX.data-NNNNN-of-MMMMM} shards holding the little-endian tensor bytes back to back, and
 * {@code PREFIX.index} (sorted table: header under the empty key, one {@code BundleEntryProto} per
 * tensor with its masked CRC32C). Everything goes to temporary files renamed into place by {@link #finish()}.
 */
public final class TfCheckpointWriter implements TensorWriter {
    /** Default largest shard: TensorFlow itself writes one shard per device; 10 GB keeps files manageable. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 10_000_000_000L;

    private final Path prefix;
    private final List<TensorInfo> plan;
    private final int[] shardOf;
    private final AtomicFile[] shards;
    private final long[] shardSizes;
    private final TreeMap<String, BundleEntry> entries = new TreeMap<>(
            (a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    private int next;
    private boolean finished;
    private RegionPump pump;
    /** Per data shard, writes the bands of transposed kernels (created with the shard's first). */
    private final BackgroundWrites[] bands;

    private TfCheckpointWriter(Path prefix, List<TensorInfo> plan, int[] shardOf, AtomicFile[] shards) {
        this.prefix = prefix;
        this.plan = plan;
        this.shardOf = shardOf;
        this.shards = shards;
        this.bands = new BackgroundWrites[shards.length];
        this.shardSizes = new long[shards.length];
    }

    /** A single-shard bundle at {@code prefix} (files {@code PREFIX.index} and {@code PREFIX.data-00000-of-00001}). */
    public static TfCheckpointWriter create(Path prefix, List<TensorInfo> plan) throws IOException {
        return create(prefix, plan, DEFAULT_MAX_SHARD_BYTES);
    }

    /**
     * A bundle at {@code prefix} whose tensors are spread, in plan order, over as many data shards as
     * needed to keep each at most {@code maxShardBytes} (a larger tensor gets a shard of its own).
     */
    public static TfCheckpointWriter create(Path prefix, List<TensorInfo> plan, long maxShardBytes)
            throws IOException {
        Set<String> seen = new HashSet<>();
        int[] shardOf = new int[plan.size()];
        int shard = 0;
        long used = 0;
        for (int i = 0; i < plan.size(); i++) {
            TensorInfo t = plan.get(i);
            if (t.name().isEmpty()) {
                throw new IllegalArgumentException("a TensorFlow checkpoint cannot hold a tensor with an empty name"
                        + " (the empty key is the bundle header)");
            }
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' appears twice in the plan");
            }
            if (t.dtype().tfEnum() < 0) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is " + t.dtype().safetensorsName()
                        + ", a type TensorFlow does not have; keep it in safetensors or PyTorch");
            }
            if (used > 0 && used + t.byteSize() > maxShardBytes) {
                shard++;
                used = 0;
            }
            shardOf[i] = shard;
            used += t.byteSize();
        }
        int numShards = shard + 1;
        AtomicFile[] files = new AtomicFile[numShards];
        try {
            for (int s = 0; s < numShards; s++) {
                files[s] = AtomicFile.create(BundlePaths.data(prefix, s, numShards));
            }
        } catch (IOException | RuntimeException e) {
            for (AtomicFile f : files) {
                if (f != null) {
                    f.close();
                }
            }
            throw e;
        }
        return new TfCheckpointWriter(prefix, List.copyOf(plan), shardOf, files);
    }

    /** Number of data shards this writer produces. */
    public int numShards() {
        return shards.length;
    }

    @Override
    public void write(TensorData data) throws IOException {
        if (next >= plan.size()) {
            throw new IllegalStateException("all " + plan.size() + " planned tensors were already written");
        }
        TensorInfo expected = plan.get(next);
        if (!expected.equals(data.info())) {
            throw new IllegalArgumentException("expected tensor " + expected + " next, got " + data.info());
        }
        int s = shardOf[next];
        FileChannel ch = shards[s].channel();
        long start = shardSizes[s];
        long[] pos = {start};
        int crcValue;
        FileRegionData region = RegionPump.rawRegion(data);
        if (region != null) {
            if (pump == null) {
                pump = new RegionPump();
            }
            crcValue = pump.transfer(region, expected.dtype(), ch, start, RegionPump.Sum.CRC32C);
            pos[0] = start + expected.byteSize();
        } else if (data instanceof TransposedData transposed) {
            // transposed and summed by the caller and the helper threads, written by a writer thread
            if (TransposedData.orderedWrites()) {
                crcValue = transposed.transferTo(ch, start); // the A/B mode: bands written in order here
            } else {
                if (bands[s] == null) {
                    bands[s] = TransposedData.backgroundWrites(ch);
                }
                // its last bands are written meanwhile; flushed before the shards are committed
                crcValue = transposed.writeTo(ch, start, RegionPump.Sum.CRC32C, bands[s]);
            }
            pos[0] = start + expected.byteSize();
        } else {
            CRC32C crc = new CRC32C();
            data.read(chunk -> {
                crc.update(chunk.duplicate());
                ByteBuffer b = chunk.duplicate();
                while (b.hasRemaining()) {
                    pos[0] += ch.write(b, pos[0]);
                }
            });
            crcValue = (int) crc.getValue();
        }
        long written = pos[0] - start;
        if (written != expected.byteSize()) {
            throw new IOException("tensor '" + expected.name() + "' delivered " + written + " bytes, expected "
                    + expected.byteSize());
        }
        shardSizes[s] = pos[0];
        entries.put(expected.name(), new BundleEntry(expected.dtype().tfEnum(), expected.shape(), s, start, written,
                MaskedCrc.mask(crcValue), false));
        next++;
    }

    @Override
    public void finish() throws IOException {
        if (next != plan.size()) {
            throw new IllegalStateException("only " + next + " of " + plan.size() + " planned tensors were written");
        }
        SortedTableWriter table = new SortedTableWriter();
        table.add("", new BundleHeader(shards.length, false, 1).serialize());
        entries.forEach((name, e) -> table.add(name, e.serialize()));
        byte[] bytes = table.finish();
        try (AtomicFile index = AtomicFile.create(BundlePaths.index(prefix))) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                index.channel().write(b);
            }
            // No fsync: like cp and the other writers, durability is left to the OS; the renames keep
            // readers from ever seeing a half-written bundle.
            for (BackgroundWrites w : bands) {
                if (w != null) {
                    w.flush();
                }
            }
            closeBands();
            for (AtomicFile f : shards) {
                f.commit();
            }
            index.commit();
        }
        finished = true;
    }

    @Override
    public void close() {
        closeBands();
        for (AtomicFile f : shards) {
            f.close();
        }
        if (!finished) {
            entries.clear();
        }
    }

    /** Waits for the band writes of every shard still queued and ends them (their failures are for flush). */
    private void closeBands() {
        for (int i = 0; i < bands.length; i++) {
            if (bands[i] != null) {
                bands[i].close();
                bands[i] = null;
            }
        }
    }
}
