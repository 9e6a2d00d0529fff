package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A sharded checkpoint read through its index: every tensor of {@code weight_map} from its shard. */
public final class ShardedReader implements TensorReader {
    private final Path index;
    private final Map<String, TensorReader> shards;
    private final Map<String, TensorReader> owner = new LinkedHashMap<>();
    private final Map<String, Object> metadata;

    private ShardedReader(Path index, Map<String, TensorReader> shards, Map<String, Object> metadata) {
        this.index = index;
        this.shards = shards;
        this.metadata = metadata;
    }

    /** Opens every shard listed by the index at {@code index}. */
    public static ShardedReader open(Path index) {
        ShardIndex idx = ShardIndex.read(index);
        Path dir = index.toAbsolutePath().getParent();
        Map<String, TensorReader> shards = new LinkedHashMap<>();
        ShardedReader reader = new ShardedReader(index, shards, new LinkedHashMap<>(idx.metadata()));
        try {
            for (String file : new LinkedHashSet<>(idx.weightMap().values())) {
                Path p = dir.resolve(file);
                if (!Files.isRegularFile(p)) {
                    throw new FormatException(index, "shard '" + file + "' listed in weight_map is missing from " + dir);
                }
                shards.put(file, Checkpoints.openFile(p));
            }
            for (Map.Entry<String, String> e : idx.weightMap().entrySet()) {
                TensorReader shard = shards.get(e.getValue());
                boolean present = shard.tensors().stream().anyMatch(t -> t.name().equals(e.getKey()));
                if (!present) {
                    throw new FormatException(index, "weight_map says tensor '" + e.getKey() + "' is in '"
                            + e.getValue() + "' but that shard does not contain it");
                }
                reader.owner.put(e.getKey(), shard);
            }
            for (TensorReader shard : shards.values()) {
                for (TensorInfo t : shard.tensors()) {
                    if (!reader.owner.containsKey(t.name())) {
                        throw new FormatException(index, "shard '" + shard.path().getFileName() + "' holds tensor '"
                                + t.name() + "' which weight_map does not list; the index is stale");
                    }
                }
            }
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public String format() {
        return shards.isEmpty() ? "empty" : shards.values().iterator().next().format();
    }

    @Override
    public Path path() {
        return index;
    }

    /** The shard file names, in index order. */
    public List<String> shardFiles() {
        return new ArrayList<>(shards.keySet());
    }

    @Override
    public List<TensorInfo> tensors() {
        List<TensorInfo> out = new ArrayList<>();
        for (Map.Entry<String, TensorReader> e : owner.entrySet()) {
            out.add(e.getValue().info(e.getKey()));
        }
        return out;
    }

    @Override
    public TensorInfo info(String name) {
        return shard(name).info(name);
    }

    private TensorReader shard(String name) {
        TensorReader r = owner.get(name);
        if (r == null) {
            throw new FormatException(index, "no tensor named '" + name + "'");
        }
        return r;
    }

    /** The reader of the shard holding tensor {@code name}. */
    public TensorReader shardOf(String name) {
        return shard(name);
    }

    @Override
    public TensorData data(String name) {
        return shard(name).data(name);
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> out = new LinkedHashMap<>(metadata);
        for (TensorReader shard : shards.values()) {
            shard.metadata().forEach(out::putIfAbsent);
        }
        return out;
    }

    @Override
    public List<List<String>> aliases() {
        List<List<String>> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TensorReader shard : shards.values()) {
            for (List<String> g : shard.aliases()) {
                if (seen.add(g.get(0))) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (TensorReader r : shards.values()) {
            r.close();
        }
    }
}
