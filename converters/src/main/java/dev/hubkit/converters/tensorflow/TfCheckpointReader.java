package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a TensorFlow checkpoint (tensor bundle: {@code PREFIX.index} + {@code PREFIX.data-NNNNN-of-MMMMM})
 * in pure Java. Every entry is checked on open (shard, offset and size inside the shard, size matching
 * dtype and shape); bytes are checked against their CRC32C as they are read. Partitioned variables
 * (TF1 partitioners, TF2 sharding policies) are put together from their slices. String tensors and unknown
 * dtypes are left out of {@link #tensors()} with a notice and listed in
 * {@link #metadata()} under {@code skipped.NAME}; string tensors are read and checked, and small ones have
 * their values under {@code strings.NAME}.
 */
public final class TfCheckpointReader implements TensorReader {
    /** Looked up when something is logged (rarely), so a conversion that logs nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(TfCheckpointReader.class);
    }
    /** String tensors up to this many bytes have their values listed in {@link #metadata()}. */
    private static final int MAX_LISTED_STRING_BYTES = 4096;
    /** Key suffix of TF2 object-based checkpoints. */
    public static final String VARIABLE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";
    /** Key of the serialized {@code TrackableObjectGraph} in TF2 checkpoints. */
    public static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";

    private final Path prefix;
    private final Path indexFile;
    private final BundleHeader header;
    private final Map<String, TensorInfo> infos;
    private final Map<String, BundleEntry> entries;
    private final Map<String, List<SlicedData.Part>> sliced;
    private final Map<String, Object> metadata;
    private final Map<String, String> readableNames;
    private final Path[] shardPaths;
    private final FileChannel[] shards;

    private TfCheckpointReader(Path prefix, BundleHeader header, Map<String, TensorInfo> infos,
                               Map<String, BundleEntry> entries, Map<String, List<SlicedData.Part>> sliced,
                               Map<String, Object> metadata,
                               Map<String, String> readableNames, Path[] shardPaths, FileChannel[] shards) {
        this.prefix = prefix;
        this.indexFile = BundlePaths.index(prefix);
        this.header = header;
        this.infos = infos;
        this.entries = entries;
        this.sliced = sliced;
        this.metadata = metadata;
        this.readableNames = readableNames;
        this.shardPaths = shardPaths;
        this.shards = shards;
    }

    /** Opens the bundle at {@code path}: see {@link BundlePaths#prefixOf} for what it may name. */
    public static TfCheckpointReader open(Path path) {
        Path prefix = BundlePaths.prefixOf(path);
        Path index = BundlePaths.index(prefix);
        List<SortedTable.Entry> table = SortedTable.read(index);
        if (table.isEmpty() || !table.get(0).key().isEmpty()) {
            throw new FormatException(index, "the index has no header entry (empty key); it is not a tensor bundle");
        }
        BundleHeader header;
        try {
            header = BundleHeader.parse(table.get(0).value());
        } catch (IllegalArgumentException e) {
            throw new FormatException(index, "malformed BundleHeaderProto: " + e.getMessage(), e);
        }
        if (header.numShards() <= 0 || header.numShards() > 99999) {
            throw new FormatException(index, "header claims " + header.numShards() + " data shards; the index is corrupt");
        }
        Path[] shardPaths = new Path[header.numShards()];
        FileChannel[] channels = new FileChannel[header.numShards()];
        try {
            long[] sizes = new long[channels.length];
            for (int i = 0; i < channels.length; i++) {
                shardPaths[i] = BundlePaths.data(prefix, i, channels.length);
                try {
                    channels[i] = FileChannel.open(shardPaths[i], StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    throw new FormatException(shardPaths[i], "data shard " + i + " of " + channels.length
                            + " is missing; copy every PREFIX.data-* file next to " + index.getFileName(), e);
                }
                sizes[i] = channels[i].size();
            }
            Map<String, TensorInfo> infos = new LinkedHashMap<>();
            Map<String, BundleEntry> entries = new LinkedHashMap<>();
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("tf.bundle.num_shards", header.numShards());
            metadata.put("tf.bundle.endianness", header.bigEndian() ? "big" : "little");
            String objectGraph = null;
            ByteBuffer graphBytes = null;
            SliceIndex sliceIndex = new SliceIndex(index, table, shardPaths, channels, sizes);
            Map<String, List<SlicedData.Part>> sliced = new LinkedHashMap<>();
            for (SortedTable.Entry e : table.subList(1, table.size())) {
                if (SliceIndex.isSliceKey(e)) {
                    continue;
                }
                String name = e.key();
                BundleEntry entry;
                try {
                    entry = BundleEntry.parse(e.value());
                } catch (IllegalArgumentException ex) {
                    throw new FormatException(index, "malformed BundleEntryProto of tensor '" + name + "': "
                            + ex.getMessage(), ex);
                }
                if (entry.sliced() && entry.dtype() != BundleEntry.DT_STRING) {
                    DType dtype = dtypeOrSkip(metadata, index, name, entry);
                    if (dtype != null) {
                        TensorInfo info = info(index, name, dtype, entry.shape());
                        sliced.put(name, sliceIndex.parts(info, entry.dtype(), e.value()));
                        infos.put(name, info);
                        entries.put(name, entry);
                    }
                    continue;
                }
                if (entry.sliced()) {
                    skip(metadata, index, name, "partitioned string tensor, not a weight");
                    continue;
                }
                if (entry.shardId() < 0 || entry.shardId() >= channels.length) {
                    throw new FormatException(index, "tensor '" + name + "' lives in shard " + entry.shardId()
                            + " but the bundle has " + channels.length + " shards; the index is corrupt");
                }
                Path shardPath = shardPaths[entry.shardId()];
                if (entry.offset() < 0 || entry.size() < 0 || entry.size() > sizes[entry.shardId()] - entry.offset()) {
                    throw new FormatException(shardPath, "tensor '" + name + "' (offset " + entry.offset() + ", "
                            + entry.size() + " bytes) points past the end of the data shard (" + sizes[entry.shardId()]
                            + " bytes); the shard is truncated or does not belong to this index");
                }
                if (entry.dtype() == BundleEntry.DT_STRING) {
                    List<ByteBuffer> values = readStrings(shardPaths, channels, name, entry);
                    if (name.equals(OBJECT_GRAPH_KEY) && values.size() == 1) {
                        objectGraph = name;
                        entries.put(name, entry);
                        graphBytes = values.get(0);
                    } else if (values.stream().mapToInt(ByteBuffer::remaining).sum() <= MAX_LISTED_STRING_BYTES) {
                        metadata.put("strings." + name, values.stream().map(TfCheckpointReader::printable).toList());
                    }
                    skip(metadata, index, name, "string tensor of shape " + java.util.Arrays.toString(entry.shape())
                            + " (" + entry.size() + " bytes), not a weight");
                    continue;
                }
                DType dtype = dtypeOrSkip(metadata, index, name, entry);
                if (dtype == null) {
                    continue;
                }
                TensorInfo info = info(index, name, dtype, entry.shape());
                if (info.byteSize() != entry.size()) {
                    throw new FormatException(index, "tensor '" + name + "' claims shape "
                            + java.util.Arrays.toString(entry.shape()) + " of " + dtype + " (" + info.byteSize()
                            + " bytes) but its entry holds " + entry.size() + " bytes; the index is corrupt");
                }
                infos.put(name, info);
                entries.put(name, entry);
            }
            Map<String, String> readable = readableNames(index, infos.keySet(), objectGraph == null ? null : graphBytes);
            return new TfCheckpointReader(prefix, header, Collections.unmodifiableMap(infos), entries, sliced,
                    Collections.unmodifiableMap(metadata), readable, shardPaths, channels);
        } catch (IOException e) {
            closeAll(channels);
            throw new UncheckedIOException("reading " + prefix, e);
        } catch (RuntimeException e) {
            closeAll(channels);
            throw e;
        }
    }

    private static DType dtypeOrSkip(Map<String, Object> metadata, Path index, String name, BundleEntry entry) {
        try {
            return DType.fromTfEnum(entry.dtype());
        } catch (IllegalArgumentException ex) {
            skip(metadata, index, name, "unsupported dtype number " + entry.dtype());
            return null;
        }
    }

    private static TensorInfo info(Path index, String name, DType dtype, long[] shape) {
        try {
            return new TensorInfo(name, dtype, shape);
        } catch (IllegalArgumentException ex) {
            throw new FormatException(index, "tensor '" + name + "': " + ex.getMessage());
        }
    }

    private static void skip(Map<String, Object> metadata, Path index, String name, String why) {
        log().info("{}: skipping '{}': {}", index, name, why);
        metadata.put("skipped." + name, why);
    }

    /**
     * The elements of a string tensor, checked against the entry's CRC. Layout (tensor_bundle.cc
     * WriteStringTensor): one varint64 length per element, the masked CRC32C of the lengths, then the bytes;
     * the entry's CRC covers each length as a little-endian uint32 (uint64 above 4 GiB), the length
     * checksum, then the bytes.
     */
    private static List<ByteBuffer> readStrings(Path[] paths, FileChannel[] channels, String name, BundleEntry e)
            throws IOException {
        Path file = paths[e.shardId()];
        if (e.size() > (64 << 20)) {
            throw new FormatException(file, "string tensor '" + name + "' is " + e.size() + " bytes; too large");
        }
        long count = 1;
        for (long d : e.shape()) {
            count *= d;
            if (d < 0 || count > e.size() + 1) {
                throw new FormatException(file, "string tensor '" + name + "' claims shape "
                        + java.util.Arrays.toString(e.shape()) + " in " + e.size() + " bytes; the index is corrupt");
            }
        }
        ByteBuffer b = ByteBuffer.allocate((int) e.size()).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channels[e.shardId()].read(b, e.offset() + b.position()) < 0) {
                throw new FormatException(file, "string tensor '" + name + "' is cut short");
            }
        }
        b.flip();
        CRC32C crc = new CRC32C();
        long[] lengths = new long[(int) count];
        try {
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = SortedTable.varint(b);
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[i]);
                crc.update(len.limit(lengths[i] <= 0xFFFFFFFFL ? 4 : 8));
            }
            if (count > 0 || b.remaining() >= 4) { // the lengths' checksum (also after zero lengths)
                crc.update(b.slice().limit(4));
                b.position(b.position() + 4);
            }
        } catch (RuntimeException ex) {
            throw new FormatException(file, "string tensor '" + name + "' is malformed: " + ex.getMessage(), ex);
        }
        List<ByteBuffer> out = new java.util.ArrayList<>();
        for (long len : lengths) {
            if (len < 0 || len > b.remaining()) {
                throw new FormatException(file, "string tensor '" + name + "' is cut short");
            }
            ByteBuffer v = b.slice().limit((int) len);
            crc.update(v.duplicate());
            out.add(v);
            b.position(b.position() + (int) len);
        }
        if (MaskedCrc.mask((int) crc.getValue()) != e.crc32c()) {
            throw new FormatException(file, "CRC mismatch in string tensor '" + name + "'; the shard is corrupt");
        }
        return out;
    }

    /** A string value as text when it is printable UTF-8, else its size. */
    private static String printable(ByteBuffer v) {
        String s = utf8(v);
        boolean text = !s.contains("\uFFFD") && s.codePoints().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t');
        return text ? s : "<" + v.remaining() + " bytes>";
    }

    private static Map<String, String> readableNames(Path index, Iterable<String> keys, ByteBuffer objectGraph) {
        Map<String, String> fromGraph = Map.of();
        if (objectGraph != null) {
            try {
                fromGraph = ObjectGraph.fullNames(objectGraph);
            } catch (IllegalArgumentException e) {
                log().warn("{}: cannot decode {} ({}); using checkpoint keys as names", index, OBJECT_GRAPH_KEY,
                        e.getMessage());
            }
        }
        return Collections.unmodifiableMap(uniqueNames(keys, fromGraph));
    }

    /**
     * Readable names by key, never two alike: a variable's {@code full_name} (without {@code :0}) when no other
     * variable has the same one, else its object path (the key without {@link #VARIABLE_SUFFIX}; TF2 gives
     * every unnamed {@code tf.Variable} of a {@code tf.Module} the name {@code Variable:0}), else the key itself.
     * Each level is tried for the names still clashing, so the result does not depend on the keys' order.
     * Optimizer slots and the save counter are named by their object path, which marks them as such.
     */
    static Map<String, String> uniqueNames(Iterable<String> keys, Map<String, String> fullNames) {
        Map<String, Integer> level = new LinkedHashMap<>();
        for (String k : keys) {
            // optimizer slots and the save counter keep the path that marks them, so they are skipped as such
            level.put(k, k.contains("/.OPTIMIZER_SLOT/") || k.startsWith("save_counter/") ? 1 : 0);
        }
        while (true) {
            Map<String, List<String>> byName = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : level.entrySet()) {
                byName.computeIfAbsent(candidate(e.getKey(), e.getValue(), fullNames), n -> new java.util.ArrayList<>())
                        .add(e.getKey());
            }
            boolean changed = false;
            for (Map.Entry<String, List<String>> group : byName.entrySet()) {
                if (group.getValue().size() < 2) {
                    continue;
                }
                log().info("{} variables share the name '{}'; naming them by their object path", group.getValue().size(),
                        group.getKey());
                for (String k : group.getValue()) {
                    if (level.get(k) < 2) {
                        level.put(k, level.get(k) + 1);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                Map<String, String> out = new LinkedHashMap<>();
                level.forEach((k, l) -> out.put(k, candidate(k, l, fullNames)));
                return out;
            }
        }
    }

    /** Level 0: the full_name without {@code :0}; 1: the object path; 2: the key. Missing levels fall through. */
    private static String candidate(String key, int level, Map<String, String> fullNames) {
        String full = fullNames.get(key);
        if (level == 0 && full != null && !full.isEmpty()) {
            return full.endsWith(":0") ? full.substring(0, full.length() - 2) : full;
        }
        if (level <= 1 && key.endsWith(VARIABLE_SUFFIX) && key.length() > VARIABLE_SUFFIX.length()) {
            return key.substring(0, key.length() - VARIABLE_SUFFIX.length());
        }
        return key;
    }

    private static void closeAll(FileChannel[] channels) {
        for (FileChannel c : channels) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    @Override
    public String format() {
        return "tf-checkpoint";
    }

    /** The {@code PREFIX.index} file. */
    @Override
    public Path path() {
        return indexFile;
    }

    /** The bundle prefix. */
    public Path prefix() {
        return prefix;
    }

    /** The decoded header. */
    public BundleHeader header() {
        return header;
    }

    /** The raw entry of tensor {@code name}. */
    public BundleEntry entry(String name) {
        info(name);
        return entries.get(name);
    }

    /**
     * Readable variable names by stored key: for TF2 object-based checkpoints the variable's
     * {@code full_name} from the object graph (without {@code :0}) or the key without
     * {@code /.ATTRIBUTES/VARIABLE_VALUE}; the key itself otherwise.
     */
    public Map<String, String> readableNames() {
        return readableNames;
    }

    @Override
    public List<TensorInfo> tensors() {
        return List.copyOf(infos.values());
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new FormatException(indexFile, "no tensor '" + name + "' in this checkpoint");
        }
        return info;
    }

    @Override
    public TensorData data(String name) {
        TensorInfo info = info(name);
        List<SlicedData.Part> parts = sliced.get(name);
        if (parts != null) {
            return new SlicedData(info, parts, header.bigEndian());
        }
        BundleEntry e = entries.get(name);
        return new BundleData(info, shardPaths[e.shardId()], shards[e.shardId()], e.offset(), e.crc32c(),
                header.bigEndian());
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public List<List<String>> aliases() {
        return List.of();
    }

    @Override
    public void close() {
        closeAll(shards);
    }

    static String utf8(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.UTF_8);
    }
}
