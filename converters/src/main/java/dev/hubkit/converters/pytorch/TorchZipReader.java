package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.ScratchFile;
import dev.hubkit.converters.pytorch.pickle.PickleException;
import dev.hubkit.converters.pytorch.pickle.PyGlobal;
import dev.hubkit.converters.pytorch.pickle.PyTuple;
import dev.hubkit.converters.pytorch.pickle.Unpickler;
import dev.hubkit.core.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens PyTorch zip checkpoints ({@code torch.save} since 1.6): {@code <archive>/data.pkl} plus {@code data/<key>}
 * storages. Stored entries are memory-mapped in place; deflated ones (a checkpoint re-packed by {@code zip}, which
 * {@code torch.load} reads) are inflated once, each bounded by its declared size and its storage's size, into a
 * scratch file deleted when the reader closes.
 */
public final class TorchZipReader {
    /** A deflated {@code data.pkl} is inflated in the heap up to this size (a real one is a few MB at most). */
    static final long MAX_INFLATED_PICKLE = 256L << 20;

    private TorchZipReader() {
    }

    /** Opens {@code path}; the pickle is decoded without executing anything. */
    public static TorchReader open(Path path) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            TorchReader r = read(path, ch);
            ch = null;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // failing already
                }
            }
        }
    }

    private static TorchReader read(Path path, FileChannel ch) throws IOException {
        ZipDirectory dir = ZipDirectory.read(path, ch);
        ZipDirectory.Entry pkl = null;
        for (ZipDirectory.Entry e : dir.entries().values()) {
            String n = e.name();
            if (n.endsWith("data.pkl") && (n.equals("data.pkl") || n.endsWith("/data.pkl"))
                    && n.indexOf('/') == n.lastIndexOf('/') && (pkl == null || n.length() < pkl.name().length())) {
                pkl = e;
            }
        }
        if (pkl == null) {
            throw new FormatException(path, "zip archive has no <archive>/data.pkl, so it is not a PyTorch "
                    + "checkpoint (TorchScript and other zips are not weight files)");
        }
        String prefix = pkl.name().substring(0, pkl.name().length() - "data.pkl".length());
        if (dir.entries().containsKey(prefix + "constants.pkl")) {
            throw new FormatException(path, "this is a TorchScript archive (torch.jit.save), not a checkpoint of "
                    + "weights; load it with torch.jit.load and save model.state_dict() with torch.save");
        }
        boolean bigEndian = false;
        ZipDirectory.Entry bo = dir.entries().get(prefix + "byteorder");
        if (bo != null) {
            String order = new String(bytes(path, ch, bo, 64), StandardCharsets.US_ASCII).strip();
            if (order.equals("big")) {
                bigEndian = true;
            } else if (!order.equals("little")) {
                throw new FormatException(path, prefix + "byteorder says '" + order + "', expected 'little' or 'big'");
            }
        }
        ByteBuffer pickle = ByteBuffer.wrap(bytes(path, ch, pkl,
                pkl.method() == ZipInflater.DEFLATED ? MAX_INFLATED_PICKLE : Integer.MAX_VALUE - 8));
        Map<String, TorchStorage> storages = new HashMap<>();
        TorchPickle vocabulary = new TorchPickle();
        Object root;
        try {
            root = new Unpickler(pickle, vocabulary, vocabulary, pid -> storage(pid, storages)).load();
        } catch (PickleException e) {
            throw new FormatException(path, pkl.name() + ": " + e.getMessage());
        }
        StateFlattener.Flat flat;
        try {
            flat = StateFlattener.flatten(root);
        } catch (PickleException e) {
            throw new FormatException(path, e.getMessage());
        }
        Map<String, TorchReader.Region> regions = new LinkedHashMap<>();
        ScratchFile scratch = null;
        try {
            for (TorchStorage s : storages.values()) {
                ZipDirectory.Entry e = dir.entries().get(prefix + "data/" + s.key());
                if (e == null) {
                    continue;
                }
                if (e.method() == 0) {
                    regions.put(s.key(), new TorchReader.Region(e.dataOffset(), e.size()));
                    continue;
                }
                refuseUnknownMethod(path, e);
                long need = storageBytes(path, s);
                if (e.uncompressedSize() > need) {
                    throw new FormatException(path, "compressed zip entry '" + e.name() + "' declares "
                            + e.uncompressedSize() + " bytes but storage '" + s.key() + "' holds " + need
                            + "; the file is corrupt");
                }
                if (scratch == null) {
                    scratch = ScratchFile.create("inflated");
                }
                long at = scratch.channel().size();
                long n = ZipInflater.toChannel(path, ch, e, scratch.channel(), at);
                regions.put(s.key(), new TorchReader.Region(at, n, scratch.channel()));
            }
            TorchReader reader = new TorchReader(path, ch, "pytorch", bigEndian, flat, regions, scratch);
            scratch = null;
            return reader;
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
    }

    /** The bytes storage {@code s} declares, for bounding what its compressed entry may inflate to. */
    private static long storageBytes(Path path, TorchStorage s) {
        try {
            return s.byteSize();
        } catch (ArithmeticException ex) {
            throw new FormatException(path, "storage '" + s.key() + "' size overflows; the checkpoint is corrupt");
        }
    }

    private static void refuseUnknownMethod(Path path, ZipDirectory.Entry e) {
        if (e.method() != 0 && e.method() != ZipInflater.DEFLATED) {
            throw new FormatException(path, "zip entry '" + e.name() + "' is compressed with method " + e.method()
                    + ", which torch.load cannot read either (only stored and deflate); re-save the checkpoint with"
                    + " torch.save");
        }
    }

    static TorchStorage storage(Object pid, Map<String, TorchStorage> storages) {
        if (!(pid instanceof PyTuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new PickleException("unexpected persistent id " + pid + "; expected ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof PyGlobal type)) {
            throw new PickleException("storage type is not a class: " + t.get(1));
        }
        DType dtype = TorchPickle.storageDType(type);
        if (dtype == null && type.name().equals("UntypedStorage")) {
            dtype = DType.U8;
        }
        if (dtype == null) {
            throw new PickleException("unknown storage type " + type.qualified());
        }
        if (!(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)) {
            throw new PickleException("storage key or size malformed in " + pid);
        }
        if (t.size() > 5 && t.get(5) != null) {
            throw new PickleException("storage views (view_metadata) are not supported; re-save the checkpoint with "
                    + "a recent torch.save");
        }
        String location = t.get(3) instanceof String l ? l : "cpu";
        TorchStorage s = new TorchStorage(key, dtype, numel, location);
        TorchStorage prev = storages.putIfAbsent(key, s);
        if (prev != null && !prev.equals(s)) {
            throw new PickleException("storage '" + key + "' is declared twice with different types or sizes");
        }
        return prev != null ? prev : s;
    }

    private static byte[] bytes(Path path, FileChannel ch, ZipDirectory.Entry e, long max) throws IOException {
        refuseUnknownMethod(path, e);
        if (e.method() == ZipInflater.DEFLATED) {
            return ZipInflater.toHeap(path, ch, e, max);
        }
        if (e.size() > max) {
            throw new FormatException(path, "zip entry '" + e.name() + "' is " + e.size() + " bytes, more than "
                    + max + "; the file is corrupt");
        }
        ByteBuffer b = ByteBuffer.allocate((int) e.size());
        while (b.hasRemaining()) {
            if (ch.read(b, e.dataOffset() + b.position()) < 0) {
                throw new FormatException(path, "zip entry '" + e.name() + "' is cut short; the file is truncated");
            }
        }
        return b.array();
    }
}
