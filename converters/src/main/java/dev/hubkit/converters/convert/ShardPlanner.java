package dev.hubkit.converters.convert;

import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits tensors into shards as transformers does: in order, a new shard starts when the next tensor
 * would push the current one past the limit; a tensor larger than the limit gets a shard of its own.
 */
public final class ShardPlanner {
    private ShardPlanner() {
    }

    /** The shards; one shard when {@code maxBytes <= 0}. */
    public static List<List<TensorInfo>> split(List<TensorInfo> tensors, long maxBytes) {
        List<List<TensorInfo>> shards = new ArrayList<>();
        List<TensorInfo> current = new ArrayList<>();
        long size = 0;
        for (TensorInfo t : tensors) {
            long b = t.byteSize();
            if (maxBytes > 0 && !current.isEmpty() && size + b > maxBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += b;
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    /** {@code stem-00001-of-00003.ext}, as transformers names shards. */
    public static String shardName(String stem, String extension, int index, int count) {
        return String.format("%s-%05d-of-%05d%s", stem, index + 1, count, extension);
    }
}
