package dev.hubkit.converters.convert;

import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits tensors into shards exactly as huggingface_hub's {@code split_torch_state_dict_into_shards} (which
 * transformers' {@code save_pretrained} uses) does: in source order, a new shard starts when the next
 * tensor would push the current one past the limit; a tensor larger than the limit gets a shard of its own,
 * placed at once (before the shard being filled); a tensor sharing its storage with an earlier one is not
 * counted again and joins that one's shard.
 */
public final class ShardPlanner {
    private ShardPlanner() {
    }

    /**
     * One tensor to place.
     *
     * @param info    the tensor as written
     * @param size    its size as huggingface_hub counts it (the bytes of its whole storage)
     * @param storage what identifies its storage among the items (null: a storage of its own)
     */
    public record Item(TensorInfo info, long size, Object storage) {
        /** A tensor with a storage of its own, counted at its byte size. */
        public static Item of(TensorInfo info) {
            return new Item(info, info.byteSize(), null);
        }
    }

    /**
     * The shards and {@code total_size} (each storage counted once).
     *
     * @param shards    the tensors of each shard; one shard (maybe empty) when nothing is split
     * @param totalSize the index's {@code metadata.total_size}
     */
    public record Plan(List<List<TensorInfo>> shards, long totalSize) {
    }

    /** Places {@code items} as huggingface_hub does; one shard when {@code maxBytes <= 0} (no limit). */
    public static Plan plan(List<Item> items, long maxBytes) {
        long max = maxBytes <= 0 ? Long.MAX_VALUE : maxBytes;
        Map<Object, List<Item>> byStorage = new LinkedHashMap<>();
        List<List<Item>> shards = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        long currentSize = 0;
        long total = 0;
        for (Item item : items) {
            if (item.storage() != null) {
                List<Item> sharing = byStorage.get(item.storage());
                if (sharing != null) {
                    sharing.add(item); // placed with the first of its storage below
                    continue;
                }
                byStorage.put(item.storage(), new ArrayList<>(List.of(item)));
            }
            long size = item.size();
            total += size;
            if (size > max) {
                shards.add(new ArrayList<>(List.of(item)));
                continue;
            }
            if (currentSize + size > max) {
                shards.add(current);
                current = new ArrayList<>();
                currentSize = 0;
            }
            current.add(item);
            currentSize += size;
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        Map<Item, List<Item>> shardOf = new IdentityHashMap<>();
        shards.forEach(s -> s.forEach(i -> shardOf.put(i, s)));
        for (List<Item> sharing : byStorage.values()) {
            List<Item> shard = shardOf.get(sharing.get(0));
            shard.addAll(sharing.subList(1, sharing.size()));
        }
        List<List<TensorInfo>> out = new ArrayList<>(shards.size());
        for (List<Item> s : shards) {
            out.add(s.stream().map(Item::info).toList());
        }
        return new Plan(List.copyOf(out), total);
    }

    /** {@code stem-00001-of-00003.ext}, as transformers names shards. */
    public static String shardName(String stem, String extension, int index, int count) {
        return String.format("%s-%05d-of-%05d%s", stem, index + 1, count, extension);
    }
}
