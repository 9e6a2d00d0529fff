package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.StridedData;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch checkpoint (zip or legacy) whose pickle has been decoded: tensors are views of storages
 * that lie contiguous in the file. Validates every view against its storage, and refuses a view that
 * repeats a few bytes into gigabytes (see {@link #MAX_REPEAT}).
 */
public final class TorchReader implements TensorReader {

    /** Views up to this many bytes are never refused for repeating their storage. */
    public static final long MAX_REPEATED_BYTES = 1L << 30;
    /** A larger view may be at most this many times the storage bytes it reads. */
    public static final long MAX_REPEAT = 16;

    /**
     * Where a storage's bytes lie: in the checkpoint file, or (a non-null {@code channel}) in another file such as
     * the scratch file a compressed zip entry was inflated into.
     */
    public record Region(long offset, long size, FileChannel channel) {
        /** A region of the checkpoint file itself. */
        public Region(long offset, long size) {
            this(offset, size, null);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final String format;
    private final boolean bigEndian;
    private final Map<String, TorchTensorRef> refs;
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, Region> regions;
    private final Map<String, Object> metadata;
    private final AutoCloseable scratch;

    TorchReader(Path path, FileChannel channel, String format, boolean bigEndian, StateFlattener.Flat flat,
                Map<String, Region> regions) {
        this(path, channel, format, bigEndian, flat, regions, null);
    }

    /** As above, also closing {@code scratch} (the file inflated regions lie in; null: none) on {@link #close()}. */
    TorchReader(Path path, FileChannel channel, String format, boolean bigEndian, StateFlattener.Flat flat,
                Map<String, Region> regions, AutoCloseable scratch) {
        this.scratch = scratch;
        this.path = path;
        this.channel = channel;
        this.format = format;
        this.bigEndian = bigEndian;
        this.refs = flat.tensors();
        this.regions = regions;
        this.metadata = Collections.unmodifiableMap(flat.metadata());
        for (Map.Entry<String, TorchTensorRef> e : refs.entrySet()) {
            infos.put(e.getKey(), validate(e.getKey(), e.getValue()));
        }
    }

    private TensorInfo validate(String name, TorchTensorRef ref) {
        String where = "tensor '" + name + "'";
        TorchStorage s = ref.storage();
        Region region = regions.get(s.key());
        if (region == null) {
            throw new FormatException(path, where + " uses storage '" + s.key() + "' which is not in the file; "
                    + "the checkpoint is incomplete");
        }
        long storageBytes;
        try {
            storageBytes = s.byteSize();
        } catch (ArithmeticException e) {
            throw new FormatException(path, where + ": storage '" + s.key() + "' size overflows");
        }
        if (s.numel() < 0 || storageBytes > region.size()) {
            throw new FormatException(path, where + ": storage '" + s.key() + "' claims " + s.numel() + " elements of "
                    + s.dtype().torchName() + " (" + storageBytes + " bytes) but the file holds " + region.size()
                    + " bytes for it; the file is truncated or corrupt");
        }
        long[] shape = ref.shape();
        long[] stride = ref.stride();
        TensorInfo info;
        try {
            info = new TensorInfo(name, s.dtype(), shape);
            info.byteSize();
        } catch (IllegalArgumentException e) {
            throw new FormatException(path, e.getMessage());
        }
        if (ref.offset() < 0) {
            throw new FormatException(path, where + " has negative storage offset " + ref.offset());
        }
        if (info.numel() > 0) {
            long last = ref.offset();
            try {
                for (int d = 0; d < shape.length; d++) {
                    if (stride[d] < 0) {
                        throw new FormatException(path, where + " has negative stride " + Arrays.toString(stride));
                    }
                    last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
                }
            } catch (ArithmeticException e) {
                throw new FormatException(path, where + ": shape " + Arrays.toString(shape) + " with stride "
                        + Arrays.toString(stride) + " overflows");
            }
            if (last >= s.numel()) {
                throw new FormatException(path, where + " (offset " + ref.offset() + ", shape " + Arrays.toString(shape)
                        + ", stride " + Arrays.toString(stride) + ") reads element " + last + " of storage '" + s.key()
                        + "' which has only " + s.numel() + "; the checkpoint is corrupt");
            }
            refuseBomb(where, info, ref, (last - ref.offset() + 1) * s.dtype().byteSize());
        }
        return info;
    }

    /**
     * Refuses a view whose logical size is over {@link #MAX_REPEATED_BYTES} and more than
     * {@link #MAX_REPEAT} times the storage bytes it reads ({@code zeros(4)[:1].expand(2**18, 2**18)}:
     * 1.5 KB on disk, 256 GiB to hash or write).
     */
    private void refuseBomb(String where, TensorInfo info, TorchTensorRef ref, long viewedBytes) {
        long bytes = info.byteSize();
        if (bytes > MAX_REPEATED_BYTES && bytes / MAX_REPEAT > viewedBytes) {
            throw new FormatException(path, where + " (shape " + Arrays.toString(ref.shape()) + ", stride "
                    + Arrays.toString(ref.stride()) + ") is " + bytes + " bytes but repeats only " + viewedBytes
                    + " bytes of storage '" + ref.storage().key() + "'; a view expanded more than " + MAX_REPEAT
                    + " times beyond 1 GiB is refused as a decompression bomb (re-save it with .contiguous() if it"
                    + " is meant)");
        }
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return new ArrayList<>(infos.values());
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new FormatException(path, "no tensor named '" + name + "'");
        }
        return info;
    }

    /** The storage view behind tensor {@code name}. */
    public TorchTensorRef ref(String name) {
        info(name);
        return refs.get(name);
    }

    /** Whether the file stores its data big-endian. */
    public boolean bigEndian() {
        return bigEndian;
    }

    @Override
    public TensorData data(String name) {
        TensorInfo info = info(name);
        TorchTensorRef ref = refs.get(name);
        Region region = regions.get(ref.storage().key());
        int elem = info.dtype().byteSize();
        FileChannel ch = channelOf(region);
        if (ref.contiguous()) {
            return new FileRegionData(info, path, ch, region.offset() + ref.offset() * elem, bigEndian);
        }
        return new StridedData(info, path, ch, region.offset(), ref.storage().byteSize(), ref.offset(),
                ref.stride(), bigEndian);
    }

    /**
     * The whole storage behind tensor {@code name} (every element of it, in file order) as a flat tensor
     * of that name: shape {@code [numel]} in the storage's dtype. Writers use it to keep several views of
     * one storage sharing it.
     */
    public TensorData storageData(String name) {
        TorchStorage s = ref(name).storage();
        Region region = regions.get(s.key());
        return new FileRegionData(new TensorInfo(name, s.dtype(), new long[] {s.numel()}), path, channelOf(region),
                region.offset(), bigEndian);
    }

    private FileChannel channelOf(Region region) {
        return region.channel() != null ? region.channel() : channel;
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public List<List<String>> aliases() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(refs.keySet());
        Collections.sort(names);
        Map<String, List<String>> byStorage = new LinkedHashMap<>();
        for (String n : names) {
            byStorage.computeIfAbsent(refs.get(n).storage().key(), k -> new ArrayList<>()).add(n);
        }
        for (List<String> same : byStorage.values()) {
            boolean[] used = new boolean[same.size()];
            for (int i = 0; i < same.size(); i++) {
                if (used[i]) {
                    continue;
                }
                List<String> group = new ArrayList<>();
                group.add(same.get(i));
                for (int j = i + 1; j < same.size(); j++) {
                    if (!used[j] && refs.get(same.get(i)).sameView(refs.get(same.get(j)))) {
                        used[j] = true;
                        group.add(same.get(j));
                    }
                }
                if (group.size() > 1) {
                    groups.put(group.get(0), group);
                }
            }
        }
        List<List<String>> out = new ArrayList<>(groups.values());
        // a class, not Comparator.comparing: its lambda would be spun on every start (a few ms)
        out.sort(new Comparator<List<String>>() {
            @Override
            public int compare(List<String> a, List<String> b) {
                return a.get(0).compareTo(b.get(0));
            }
        });
        return out;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        if (scratch != null) {
            try {
                scratch.close();
            } catch (Exception ignored) {
                // a scratch file deletes itself at exit
            }
        }
    }
}
