package dev.hubkit.converters.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Keras H5 weights as transformers' TF2 models save them ({@code tf_model.h5}): root attribute
 * {@code layer_names}, per layer {@code weight_names}, datasets at {@code LAYER/WEIGHT_NAME} (e.g.
 * {@code bert/tf_bert_model/bert/embeddings/word_embeddings/weight:0}); tensors are named by their
 * weight name. Also a full Keras model file ({@code model_weights} group), a sharded
 * {@code tf_model.h5.index.json} (shards as transformers writes them: {@code layer_names} lists the weights,
 * each a dataset at its name without the model scope; tensors are named by the index's full weight names) and
 * Keras 3's {@code .weights.h5} (tensors named by HDF5 path).
 * Contiguous datasets are memory-mapped; chunked ones are decoded by jhdf.
 */
public final class KerasH5Reader implements TensorReader {
    private final Path path;
    private final Map<String, TensorInfo> infos;
    private final Map<String, Located> located;
    private final List<HdfFile> files;
    private final List<FileChannel> channels;
    private final Map<String, Object> metadata;

    /** Where a weight is stored; {@code layer}: the {@code layer_names} group holding it, null outside one. */
    private record Located(Path file, HdfFile hdf, FileChannel channel, String datasetPath, String layer) {
    }

    private KerasH5Reader(Path path, Map<String, TensorInfo> infos, Map<String, Located> located, List<HdfFile> files,
                          List<FileChannel> channels, Map<String, Object> metadata) {
        this.path = path;
        this.infos = infos;
        this.located = located;
        this.files = files;
        this.channels = channels;
        this.metadata = metadata;
    }

    /** Opens a {@code .h5} file, or every shard listed by a {@code tf_model.h5.index.json}. */
    public static KerasH5Reader open(Path path) {
        List<Path> shards = new ArrayList<>();
        // per shard file: dataset path -> weight name, for shards in transformers' layout (see weightDataset)
        Map<String, Map<String, String>> fullNames = new LinkedHashMap<>();
        if (path.getFileName().toString().endsWith(".json")) {
            try {
                JsonNode map = new ObjectMapper().readTree(path.toFile()).get("weight_map");
                if (map == null || !map.isObject()) {
                    throw new FormatException(path, "shard index has no \"weight_map\" object");
                }
                Set<String> names = new LinkedHashSet<>();
                map.fields().forEachRemaining(f -> {
                    names.add(f.getValue().asText());
                    fullNames.computeIfAbsent(f.getValue().asText(), k -> new LinkedHashMap<>())
                            .put(shardDatasetPath(f.getKey()), f.getKey());
                });
                for (String n : names) {
                    if (n.contains("/") || n.contains("\\") || n.startsWith("..")) {
                        throw new FormatException(path, "shard name '" + n + "' must be a plain file name next to the index");
                    }
                    shards.add(path.resolveSibling(n));
                }
            } catch (IOException e) {
                throw new FormatException(path, "cannot read shard index: " + e.getMessage(), e);
            }
        } else {
            shards.add(path);
        }
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        Map<String, Located> located = new LinkedHashMap<>();
        List<HdfFile> files = new ArrayList<>();
        List<FileChannel> channels = new ArrayList<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        try {
            for (Path shard : shards) {
                HdfFile hdf;
                try {
                    hdf = new HdfFile(shard);
                } catch (RuntimeException e) {
                    throw new FormatException(shard, "not a readable HDF5 file (" + e.getMessage() + ")", e);
                }
                files.add(hdf);
                FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ);
                channels.add(ch);
                refuseTruncated(shard, hdf, ch.size());
                Group root = hdf;
                if (hdf.getChild("model_weights") instanceof Group g) {
                    root = g;
                }
                List<String> layers = KerasAttributes.read(root, "layer_names");
                if (layers.isEmpty() && root.getAttribute("layer_names") == null) {
                    if (!(hdf.getChild("layers") instanceof Group) && !(hdf.getChild("vars") instanceof Group)) {
                        throw new FormatException(shard, "no 'layer_names' attribute (Keras 2 / tf.keras weights) and no "
                                + "'layers' or 'vars' group (Keras 3 .weights.h5): this HDF5 file is not Keras weights");
                    }
                    keras3(hdf, "", shard, hdf, ch, infos, located, metadata);
                    metadata.put("keras_format", "keras3 .weights.h5 (variables named by their HDF5 path)");
                    continue;
                }
                String prefix = root == hdf ? "" : "model_weights/";
                Map<String, String> shardNames = fullNames.getOrDefault(shard.getFileName().toString(), Map.of());
                for (String layer : layers) {
                    Node node = root.getChild(layer);
                    if (node == null && layer.contains("/")) {
                        node = weightDataset(root, layer);
                    }
                    if (node instanceof Dataset ds) {
                        // a shard of transformers' sharded save_pretrained: layer_names lists the weights themselves
                        String weight = shardNames.getOrDefault(layer, layer);
                        if (infos.containsKey(weight)) {
                            throw new FormatException(shard, "weight '" + weight + "' appears twice");
                        }
                        infos.put(weight, new TensorInfo(weight, dtype(shard, weight, ds.getDataType()),
                                ds.getDimensionsAsLong()));
                        located.put(weight, new Located(shard, hdf, ch, prefix + layer, null));
                        continue;
                    }
                    if (!(node instanceof Group g)) {
                        throw new FormatException(shard, "layer '" + layer + "' listed in layer_names has no group");
                    }
                    for (String weight : KerasAttributes.read(g, "weight_names")) {
                        String dsPath = prefix + layer + "/" + weight;
                        Dataset ds;
                        try {
                            ds = hdf.getDatasetByPath(dsPath);
                        } catch (RuntimeException e) {
                            throw new FormatException(shard, "weight '" + weight + "' of layer '" + layer
                                    + "' has no dataset at " + dsPath, e);
                        }
                        if (infos.containsKey(weight)) {
                            throw new FormatException(shard, "weight '" + weight + "' appears twice");
                        }
                        infos.put(weight, new TensorInfo(weight, dtype(shard, weight, ds.getDataType()),
                                ds.getDimensionsAsLong()));
                        located.put(weight, new Located(shard, hdf, ch, dsPath, layer));
                    }
                }
                for (String key : List.of("backend", "keras_version")) {
                    if (root.getAttribute(key) != null) {
                        metadata.put(key, String.valueOf(root.getAttribute(key).getData()));
                    }
                }
            }
        } catch (IOException e) {
            closeAll(files, channels);
            throw new UncheckedIOException("reading " + path, e);
        } catch (RuntimeException e) {
            closeAll(files, channels);
            if (e instanceof FormatException) {
                throw e;
            }
            throw new FormatException(path, "malformed Keras H5 weights: " + e.getMessage(), e);
        }
        return new KerasH5Reader(path, Collections.unmodifiableMap(infos), located, files, channels,
                Collections.unmodifiableMap(metadata));
    }

    /**
     * The Keras layer whose group (listed in {@code layer_names}) holds weight {@code name}, as stored: for a nested
     * layer ({@code bidirectional} holding {@code bidirectional/forward_lstm/lstm_cell/kernel:0}) not a component
     * of the name one could pick. Empty for a weight outside such a group (a transformers shard, Keras 3).
     */
    public Optional<String> layerOf(String name) {
        Located at = located.get(name);
        if (at == null) {
            throw new FormatException(path, "no tensor '" + name + "' in this file");
        }
        return Optional.ofNullable(at.layer());
    }

    /**
     * Refuses a file shorter than the end-of-file address its superblock records, as the HDF5 library does
     * ("truncated file"): what was cut off may be only free space, a global heap or metadata io.jhdf never reads.
     */
    private static void refuseTruncated(Path shard, HdfFile hdf, long size) {
        io.jhdf.Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
        long eof = sb.getEndOfFileAddress();
        if (eof != -1 && eof >= 0 && sb.getBaseAddressByte() + eof > size) {
            throw new FormatException(shard, "the HDF5 superblock says the file ends at byte " + (sb.getBaseAddressByte()
                    + eof) + " but it has only " + size + " bytes; the file is truncated (an interrupted download or"
                    + " copy): download or copy it again");
        }
    }

    /**
     * Where transformers' sharded TF {@code save_pretrained} puts weight {@code name} in its shard: the name
     * without the model scope (its first component), unless it holds {@code model.} or has a single component.
     */
    static String shardDatasetPath(String name) {
        int slash = name.indexOf('/');
        return name.contains("model.") || slash < 0 ? name : name.substring(slash + 1);
    }

    /** The dataset at {@code path} below {@code root}, or null. */
    private static Node weightDataset(Group root, String path) {
        try {
            Node node = root.getByPath(path);
            return node instanceof Dataset ? node : null;
        } catch (RuntimeException e) {
            return null; // no such path
        }
    }

    /**
     * Keras 3's {@code .weights.h5}: each layer's variables are datasets {@code 0, 1, ...} in a {@code vars}
     * group, layers nest under {@code layers/<auto name>} (and an optimizer's under {@code optimizer}); the
     * file keeps no variable names, only the user's layer name as the {@code vars} group's {@code name}
     * attribute. Every dataset becomes a tensor named by its HDF5 path (e.g. {@code layers/dense/vars/0});
     * each layer's own name goes into the metadata as {@code layer.<path> = <name>}.
     */
    private static void keras3(Group group, String prefix, Path shard, HdfFile hdf, FileChannel ch,
                               Map<String, TensorInfo> infos, Map<String, Located> located, Map<String, Object> metadata) {
        List<String> names = new ArrayList<>(group.getChildren().keySet());
        Collections.sort(names);
        for (String child : names) {
            Node node = group.getChild(child);
            String nodePath = prefix.isEmpty() ? child : prefix + "/" + child;
            if (node instanceof Dataset ds) {
                if (infos.containsKey(nodePath)) {
                    throw new FormatException(shard, "weight '" + nodePath + "' appears twice");
                }
                infos.put(nodePath, new TensorInfo(nodePath, dtype(shard, nodePath, ds.getDataType()),
                        ds.getDimensionsAsLong()));
                located.put(nodePath, new Located(shard, hdf, ch, nodePath, null));
            } else if (node instanceof Group g) {
                if (child.equals("vars") && g.getAttribute("name") != null && !prefix.isEmpty()) {
                    metadata.put("layer." + prefix, String.valueOf(g.getAttribute("name").getData()));
                }
                keras3(g, nodePath, shard, hdf, ch, infos, located, metadata);
            }
        }
    }

    private static DType dtype(Path file, String weight, DataType t) {
        if (t instanceof FloatingPoint f) {
            switch (f.getSize()) {
                case 2: return DType.F16;
                case 4: return DType.F32;
                case 8: return DType.F64;
                default: break;
            }
        } else if (t instanceof FixedPoint x) {
            switch (x.getSize()) {
                case 1: return x.isSigned() ? DType.I8 : DType.U8;
                case 2: return x.isSigned() ? DType.I16 : DType.U16;
                case 4: return x.isSigned() ? DType.I32 : DType.U32;
                case 8: return x.isSigned() ? DType.I64 : DType.U64;
                default: break;
            }
        }
        throw new FormatException(file, "weight '" + weight + "' has HDF5 type " + t.getClass().getSimpleName()
                + " of " + t.getSize() + " bytes, which hubkit does not convert (float and integer types only)");
    }

    private static ByteOrder order(DataType t) {
        if (t instanceof FloatingPoint f) {
            return f.getByteOrder();
        }
        if (t instanceof FixedPoint x) {
            return x.getByteOrder();
        }
        return ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public String format() {
        return "keras-h5";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return List.copyOf(infos.values());
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new FormatException(path, "no weight '" + name + "' in this file");
        }
        return info;
    }

    @Override
    public TensorData data(String name) {
        TensorInfo info = info(name);
        Located at = located.get(name);
        Dataset ds = at.hdf().getDatasetByPath(at.datasetPath());
        boolean big = order(ds.getDataType()) == ByteOrder.BIG_ENDIAN;
        try {
            if (info.byteSize() == 0) {
                return new HeapData(info, ByteBuffer.allocate(0));
            }
            if (ds instanceof ContiguousDataset c && c.getFilters().isEmpty()) {
                long address = c.getDataAddress();
                if (address < 0 || address + info.byteSize() > at.channel().size()) {
                    throw new FormatException(at.file(), "weight '" + name + "' points past the end of the file; "
                            + "the file is truncated");
                }
                return new FileRegionData(info, at.file(), at.channel(), address, big);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HeapData(info, decoded(at.file(), info, ds.getDataFlat()));
    }

    private static ByteBuffer decoded(Path file, TensorInfo info, Object flat) {
        ByteBuffer b = ByteBuffer.allocate((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (info.dtype()) {
            case F32 -> b.asFloatBuffer().put((float[]) flat);
            case F64 -> b.asDoubleBuffer().put((double[]) flat);
            case I32, U32 -> b.asIntBuffer().put((int[]) flat);
            case I64, U64 -> b.asLongBuffer().put((long[]) flat);
            case I16, U16 -> b.asShortBuffer().put((short[]) flat);
            case I8, U8 -> b.put((byte[]) flat).flip();
            default -> throw new FormatException(file, "weight '" + info.name() + "' is a chunked (compressed) "
                    + info.dtype() + " dataset, which hubkit cannot decode; re-save it uncompressed");
        }
        return b;
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
        closeAll(files, channels);
    }

    private static void closeAll(List<HdfFile> files, List<FileChannel> channels) {
        for (HdfFile f : files) {
            try {
                f.close();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        for (FileChannel c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
