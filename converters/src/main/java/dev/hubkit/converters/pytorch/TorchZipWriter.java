package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a PyTorch zip checkpoint that {@code torch.load(..., weights_only=True)} opens, with the records
 * {@code torch.save} (2.x) writes, in its order: under a folder named after the file ({@link #archiveName}),
 * {@code data.pkl} (a flat {@code OrderedDict} state dict), {@code .format_version}, {@code .storage_alignment},
 * {@code byteorder}, one {@code data/<n>} storage per planned tensor (each state-dict entry a view of one of
 * them: tied weights and views at other offsets or strides share their storage), {@code version} and
 * {@code .data/serialization_id}.
 */
public final class TorchZipWriter implements TensorWriter {
    /** The folder torch uses when it cannot name the archive after the file. */
    static final String DEFAULT_ARCHIVE = "archive";

    private final String archive;

    private final List<TensorInfo> plan;
    private final Map<String, String> storageKeys;
    private final AtomicFile file;
    private final StoredZipWriter zip;
    private int next;

    private TorchZipWriter(String archive, List<TensorInfo> plan, Map<String, String> storageKeys, AtomicFile file,
                           StoredZipWriter zip) {
        this.archive = archive;
        this.plan = plan;
        this.storageKeys = storageKeys;
        this.file = file;
        this.zip = zip;
    }

    /**
     * Starts {@code target}. {@code plan} lists the tensors whose bytes will be written, in order;
     * {@code aliases} maps extra names to a planned name whose storage they share (same dtype and shape).
     */
    public static TorchZipWriter create(Path target, List<TensorInfo> plan, Map<String, String> aliases)
            throws IOException {
        return create(target, plan, aliases, Long.MAX_VALUE);
    }

    /** As {@link #create(Path, List, Map)}, using Zip64 records for sizes and offsets from {@code zip64From} on. */
    static TorchZipWriter create(Path target, List<TensorInfo> plan, Map<String, String> aliases, long zip64From)
            throws IOException {
        Set<String> planned = new HashSet<>();
        for (TensorInfo t : plan) {
            planned.add(t.name());
        }
        Map<String, List<String>> aliasesOf = new HashMap<>();
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            if (!planned.contains(a.getValue())) {
                throw new IllegalArgumentException("alias '" + a.getKey() + "' points to '" + a.getValue()
                        + "' which is not planned for " + target);
            }
            if (planned.contains(a.getKey())) {
                throw new IllegalArgumentException("alias '" + a.getKey() + "' is also planned as a tensor");
            }
            aliasesOf.computeIfAbsent(a.getValue(), k -> new ArrayList<>()).add(a.getKey());
        }
        List<StorageView> views = new ArrayList<>();
        for (TensorInfo t : plan) {
            views.add(StorageView.whole(t.name(), t.name(), t.shape()));
            for (String alias : aliasesOf.getOrDefault(t.name(), List.of())) {
                views.add(StorageView.whole(alias, t.name(), t.shape()));
            }
        }
        return create(target, plan, views, zip64From);
    }

    /**
     * Starts {@code target} with explicit views: {@code plan} lists the storages whose bytes will be
     * written, in order (a storage's shape only fixes its element count); {@code views} are the
     * state-dict entries, in order, each a view of one planned storage. Views of one storage load in
     * torch as tensors sharing memory, with the given offsets and strides.
     */
    public static TorchZipWriter create(Path target, List<TensorInfo> plan, List<StorageView> views)
            throws IOException {
        return create(target, target, plan, views, Long.MAX_VALUE);
    }

    /**
     * As {@link #create(Path, List, List)}, writing {@code target} as {@code torch.save(obj, namedAs)} writes it: the
     * archive folder is named after {@code namedAs} (a link to {@code target}, say, as the user named it).
     */
    public static TorchZipWriter create(Path target, Path namedAs, List<TensorInfo> plan, List<StorageView> views)
            throws IOException {
        return create(target, namedAs, plan, views, Long.MAX_VALUE);
    }

    static TorchZipWriter create(Path target, List<TensorInfo> plan, List<StorageView> views, long zip64From)
            throws IOException {
        return create(target, target, plan, views, zip64From);
    }

    private static TorchZipWriter create(Path target, Path namedAs, List<TensorInfo> plan, List<StorageView> views,
                                         long zip64From) throws IOException {
        Map<String, String> keys = new HashMap<>();
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : plan) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is planned twice for " + target);
            }
            keys.put(t.name(), Integer.toString(keys.size()));
        }
        Set<String> names = new HashSet<>();
        List<StatePickler.Item> items = new ArrayList<>();
        for (StorageView v : views) {
            TensorInfo storage = byName.get(v.storage());
            if (storage == null) {
                throw new IllegalArgumentException("view '" + v.name() + "' uses storage '" + v.storage()
                        + "' which is not planned for " + target);
            }
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("state-dict key '" + v.name() + "' appears twice for " + target);
            }
            if (v.extent() > storage.numel()) {
                throw new IllegalArgumentException("view '" + v.name() + "' reads up to element " + v.extent()
                        + " of storage '" + v.storage() + "' which has only " + storage.numel());
            }
            items.add(new StatePickler.Item(new TensorInfo(v.name(), storage.dtype(), v.shape()), keys.get(v.storage()),
                    storage.numel(), v.offset(), v.stride()));
        }
        AtomicFile file = AtomicFile.create(target);
        try {
            StoredZipWriter zip = new StoredZipWriter(file.channel(), zip64From);
            String archive = archiveName(namedAs) + "/";
            zip.add(archive + "data.pkl", StatePickler.pickle(items));
            zip.add(archive + ".format_version", ascii("1"));
            zip.add(archive + ".storage_alignment", ascii("64"));
            zip.add(archive + "byteorder", ascii("little"));
            return new TorchZipWriter(archive, List.copyOf(plan), keys, file, zip);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public void write(TensorData data) throws IOException {
        if (next >= plan.size()) {
            throw new IllegalStateException("all " + plan.size() + " planned tensors are already written to " + file.target());
        }
        TensorInfo expected = plan.get(next);
        if (!expected.equals(data.info())) {
            throw new IllegalStateException("expected " + expected + " next for " + file.target() + ", got " + data.info());
        }
        zip.add(archive + "data/" + storageKeys.get(expected.name()), data);
        next++;
    }

    @Override
    public void finish() throws IOException {
        if (next != plan.size()) {
            throw new IllegalStateException("only " + next + " of " + plan.size() + " tensors written to " + file.target());
        }
        zip.add(archive + "version", ascii("3\n"));
        zip.add(archive + ".data/serialization_id", ascii(serializationId()));
        zip.finish();
        file.commit();
    }

    /**
     * The archive folder {@code torch.save(obj, path)} uses: the file name without its last extension (of the path
     * as given: a link's own name); torch writes a path with non-ASCII characters (as given: a relative path is
     * not made absolute first) through a Python stream, which names the folder {@code archive} (as does a name
     * with nothing before its dot, which torch itself refuses).
     */
    static String archiveName(Path target) {
        String path = target.toString();
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        boolean ascii = path.chars().allMatch(c -> c < 0x80);
        return ascii && !stem.isEmpty() ? stem : DEFAULT_ARCHIVE;
    }

    /**
     * A {@code .data/serialization_id}: 40 decimal digits as torch writes them (two zero-padded 20-digit
     * unsigned numbers), from a digest of the record names and one of their sizes and CRC-32s, as torch
     * derives its own from hashes of the names and CRCs (its hash functions are its C++ library's, so the
     * digits differ from torch's; nothing reads them back but to tell saves apart). Deterministic: the same
     * content gives the same file.
     */
    private String serializationId() throws IOException {
        long[] digests = zip.digests();
        return String.format("%20s%20s", Long.toUnsignedString(digests[0]), Long.toUnsignedString(digests[1]))
                .replace(' ', '0');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        zip.close();
        file.close();
    }
}
