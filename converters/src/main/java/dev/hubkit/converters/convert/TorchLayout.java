package dev.hubkit.converters.convert;

import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.cast.CastData;
import dev.hubkit.converters.pytorch.StorageView;
import dev.hubkit.converters.pytorch.TorchReader;
import dev.hubkit.converters.pytorch.TorchTensorRef;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How a source's tensors become the storages of a PyTorch checkpoint. A source storage that several
 * different views use (a tensor and its transpose, slices at other offsets) is written once, whole, and
 * every view keeps its offset and strides, so torch loads them sharing memory as the source did. Any
 * other tensor is written C-contiguous on its own, with the names tied to it (same view) as extra views.
 */
final class TorchLayout {
    /**
     * One written storage.
     *
     * @param info   what is written: the tensor itself, or for a shared source storage {@code [numel]}
     *               elements under the name of its first view
     * @param shared whether this is a whole source storage shared by different views
     * @param views  the state-dict entries reading it, in source order
     * @param storage what identifies its source storage (units of one source storage share it)
     * @param countedBytes its size as huggingface_hub's sharding counts it: the (cast) bytes of the whole
     *               source storage, for a PyTorch source; else the bytes written
     */
    record Unit(TensorInfo info, boolean shared, List<StorageView> views, Object storage, long countedBytes) {
        /** The names of the views. */
        List<String> names() {
            return views.stream().map(StorageView::name).toList();
        }
    }

    private final TensorReader reader;
    private final Function<String, DType> cast;
    private final List<Unit> units;

    private TorchLayout(TensorReader reader, Function<String, DType> cast, List<Unit> units) {
        this.reader = reader;
        this.cast = cast;
        this.units = units;
    }

    /**
     * Plans the storages of {@code reader}'s tensors; {@code aliasOf} maps a tied name to the kept name
     * (same view), {@code cast} gives each name's cast target (null: none).
     */
    static TorchLayout plan(TensorReader reader, Map<String, String> aliasOf, Function<String, DType> cast,
                            ConversionWarnings warnings) {
        // group the names by source storage: (reader of the file, storage key) for PyTorch sources
        Map<Object, List<String>> groups = new LinkedHashMap<>();
        Map<TensorReader, Map<String, Object>> storageIds = new IdentityHashMap<>();
        for (TensorInfo t : reader.tensors()) {
            String name = t.name();
            TorchReader torch = torchOf(reader, name);
            Object id;
            if (torch != null) {
                String key = torch.ref(name).storage().key();
                id = storageIds.computeIfAbsent(torch, r -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new Object());
            } else {
                id = "tensor:" + aliasOf.getOrDefault(name, name);
            }
            groups.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
        }
        List<Unit> units = new ArrayList<>();
        for (Map.Entry<Object, List<String>> g : groups.entrySet()) {
            List<String> group = g.getValue();
            TorchReader torch = torchOf(reader, group.get(0));
            if (torch != null && distinctViews(torch, group) > 1) {
                Set<DType> targets = new HashSet<>();
                for (String n : group) {
                    targets.add(CastData.castedType(reader.info(n).dtype(), cast.apply(n)));
                }
                if (targets.size() == 1) {
                    units.add(shared(torch, group, targets.iterator().next(), g.getKey()));
                    continue;
                }
                warnings.add(TorchLayout.class, "tensors {} share one storage but are cast to different dtypes {};"
                        + " each is written on its own", group, targets);
            }
            Map<String, List<String>> byKept = new LinkedHashMap<>();
            for (String n : group) {
                String kept = keptName(torch, group, aliasOf, n);
                byKept.computeIfAbsent(kept, k -> new ArrayList<>()).add(n);
            }
            for (Map.Entry<String, List<String>> e : byKept.entrySet()) {
                TensorInfo t = reader.info(e.getKey());
                TensorInfo info = new TensorInfo(t.name(), CastData.castedType(t.dtype(), cast.apply(t.name())), t.shape());
                List<StorageView> views = new ArrayList<>();
                for (String n : e.getValue()) {
                    views.add(StorageView.whole(n, info.name(), info.shape()));
                }
                long counted = torch == null ? info.byteSize()
                        : Math.multiplyExact(torch.ref(e.getKey()).storage().numel(), (long) info.dtype().byteSize());
                units.add(new Unit(info, false, List.copyOf(views), g.getKey(), counted));
            }
        }
        return new TorchLayout(reader, cast, List.copyOf(units));
    }

    /** The kept name of {@code n}: the alias target, else the first name of the group with the same view. */
    private static String keptName(TorchReader torch, List<String> group, Map<String, String> aliasOf, String n) {
        if (aliasOf.containsKey(n)) {
            return aliasOf.get(n);
        }
        if (torch == null) {
            return n;
        }
        TorchTensorRef ref = torch.ref(n);
        for (String other : group) {
            if (!aliasOf.containsKey(other) && torch.ref(other).sameView(ref)) {
                return other;
            }
        }
        return n;
    }

    private static Unit shared(TorchReader torch, List<String> group, DType target, Object storage) {
        String label = group.get(0);
        TorchTensorRef first = torch.ref(label);
        long numel = first.storage().numel();
        List<StorageView> views = new ArrayList<>();
        for (String n : group) {
            TorchTensorRef r = torch.ref(n);
            views.add(new StorageView(n, label, r.offset(), r.shape(), r.stride()));
        }
        TensorInfo info = new TensorInfo(label, target, new long[] {numel});
        return new Unit(info, true, List.copyOf(views), storage, info.byteSize());
    }

    private static int distinctViews(TorchReader torch, List<String> group) {
        List<TorchTensorRef> distinct = new ArrayList<>();
        for (String n : group) {
            TorchTensorRef r = torch.ref(n);
            if (distinct.stream().noneMatch(r::sameView)) {
                distinct.add(r);
            }
        }
        return distinct.size();
    }

    private static TorchReader torchOf(TensorReader reader, String name) {
        if (reader instanceof TorchReader t) {
            return t;
        }
        if (reader instanceof ShardedReader s && s.shardOf(name) instanceof TorchReader t) {
            return t;
        }
        return null;
    }

    /** The storages to write, in order. */
    List<Unit> units() {
        return units;
    }

    /** The units whose infos are {@code plan} (a shard of {@link #infos}), in that order. */
    List<Unit> unitsOf(List<TensorInfo> plan) {
        Map<String, Unit> byName = new HashMap<>();
        units.forEach(u -> byName.put(u.info().name(), u));
        return plan.stream().map(t -> byName.get(t.name())).toList();
    }

    /** The planned infos of {@code units}. */
    static List<TensorInfo> infos(List<Unit> units) {
        return units.stream().map(Unit::info).toList();
    }

    /**
     * The views of {@code units} in the order transformers' {@code save_pretrained} gives a file's state dict (the
     * order of huggingface_hub's {@code split_torch_state_dict_into_shards}): in the source's tensor order, except
     * that a name whose storage an earlier name already uses comes after all the others, grouped by storage in the
     * order the storages first appear. One file or a shard alike.
     */
    List<StorageView> views(List<Unit> units) {
        Map<String, Object> storageOf = new HashMap<>();
        for (Unit u : units) {
            for (StorageView v : u.views()) {
                storageOf.put(v.name(), u.storage());
            }
        }
        Map<Object, List<StorageView>> later = new LinkedHashMap<>();
        List<StorageView> out = new ArrayList<>();
        for (StorageView v : sourceOrder(units)) {
            Object storage = storageOf.get(v.name());
            List<StorageView> sharing = later.get(storage);
            if (sharing == null) {
                later.put(storage, new ArrayList<>());
                out.add(v);
            } else {
                sharing.add(v);
            }
        }
        later.values().forEach(out::addAll);
        return out;
    }

    /** The views of {@code units}, in the source's tensor order. */
    private List<StorageView> sourceOrder(List<Unit> units) {
        Map<String, Integer> order = new HashMap<>();
        for (TensorInfo t : reader.tensors()) {
            order.putIfAbsent(t.name(), order.size());
        }
        List<StorageView> out = new ArrayList<>();
        units.forEach(u -> out.addAll(u.views()));
        // a class, not Comparator.comparingInt: its lambda would be spun on every start (a few ms)
        out.sort(new Comparator<StorageView>() {
            @Override
            public int compare(StorageView a, StorageView b) {
                return Integer.compare(order.getOrDefault(a.name(), Integer.MAX_VALUE),
                        order.getOrDefault(b.name(), Integer.MAX_VALUE));
            }
        });
        return out;
    }

    /** The units as huggingface_hub's sharding sees them (storage and counted size). */
    List<ShardPlanner.Item> shardItems() {
        return units.stream().map(u -> new ShardPlanner.Item(u.info(), u.countedBytes(), u.storage())).toList();
    }

    /**
     * The parameter count transformers puts in {@code metadata.total_parameters}: the elements of every
     * distinct tensor, tied names counted once (buffers are counted too: a checkpoint does not tell them apart).
     */
    long parameterCount() {
        long n = 0;
        for (Unit u : units) {
            if (!u.shared()) {
                n += u.info().numel();
                continue;
            }
            List<StorageView> distinct = new ArrayList<>();
            for (StorageView v : u.views()) {
                if (distinct.stream().noneMatch(d -> d.offset() == v.offset()
                        && java.util.Arrays.equals(d.shape(), v.shape()) && java.util.Arrays.equals(d.stride(), v.stride()))) {
                    distinct.add(v);
                    long e = 1;
                    for (long d : v.shape()) {
                        e *= d;
                    }
                    n += e;
                }
            }
        }
        return n;
    }

    /** The (cast) bytes of {@code unit}. */
    TensorData data(Unit unit) {
        String name = unit.info().name();
        if (unit.shared()) {
            TensorData storage = torchOf(reader, name).storageData(name);
            return CastData.wrap(storage, unit.info().dtype());
        }
        return CastData.wrap(reader.data(name), cast.apply(name));
    }

    /** Groups of names written as views of one shared storage (two or more different views each). */
    List<List<String>> sharedGroups() {
        return units.stream().filter(Unit::shared).map(Unit::names).toList();
    }
}
