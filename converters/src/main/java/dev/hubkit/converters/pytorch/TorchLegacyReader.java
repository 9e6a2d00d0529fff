package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.pytorch.pickle.PickleException;
import dev.hubkit.converters.pytorch.pickle.Unpickler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens legacy PyTorch files ({@code _use_new_zipfile_serialization=False}): magic number, protocol
 * version and sys info pickles, the object pickle, the storage key list, then each storage as an
 * int64 element count followed by its raw bytes.
 */
public final class TorchLegacyReader {
    /** The magic number every legacy file starts with (pickled as a LONG1). */
    public static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private TorchLegacyReader() {
    }

    /** Opens {@code path}; the pickles are decoded without executing anything. */
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
        long size = ch.size();
        ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
        TorchPickle vocabulary = new TorchPickle();
        Map<String, TorchStorage> storages = new HashMap<>();
        Object root;
        List<?> keys;
        boolean bigEndian;
        String step = "magic number";
        try {
            Object magic = new Unpickler(buf, vocabulary, vocabulary, null).load();
            if (!(magic instanceof BigInteger b && b.equals(MAGIC))) {
                throw new FormatException(path, "does not start with the legacy PyTorch magic number; not a "
                        + "legacy torch.save file");
            }
            step = "protocol version";
            Object version = new Unpickler(buf, vocabulary, vocabulary, null).load();
            if (!(version instanceof Long v) || v != 1001L) {
                throw new FormatException(path, "legacy PyTorch protocol version " + version + " is not supported "
                        + "(only 1001)");
            }
            step = "sys info";
            Object sysInfo = new Unpickler(buf, vocabulary, vocabulary, null).load();
            bigEndian = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"));
            step = "object pickle";
            root = new Unpickler(buf, vocabulary, vocabulary, pid -> TorchZipReader.storage(pid, storages)).load();
            step = "storage key list";
            Object k = new Unpickler(buf, vocabulary, vocabulary, null).load();
            if (!(k instanceof List<?> list)) {
                throw new FormatException(path, "legacy storage key list is not a list");
            }
            keys = list;
        } catch (PickleException e) {
            throw new FormatException(path, "legacy PyTorch " + step + ": " + e.getMessage());
        }
        StateFlattener.Flat flat;
        try {
            flat = StateFlattener.flatten(root);
        } catch (PickleException e) {
            throw new FormatException(path, e.getMessage());
        }
        long pos = buf.position();
        Map<String, TorchReader.Region> regions = new LinkedHashMap<>();
        ByteBuffer count = ByteBuffer.allocate(8).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (Object key : keys) {
            TorchStorage s = storages.get(String.valueOf(key));
            if (s == null) {
                throw new FormatException(path, "legacy storage '" + key + "' is listed but no tensor declares it, "
                        + "so its element size is unknown; the file is corrupt");
            }
            count.clear();
            while (count.hasRemaining()) {
                if (ch.read(count, pos + count.position()) < 0) {
                    throw new FormatException(path, "file ends before storage '" + key + "'; the file is truncated");
                }
            }
            long numel = count.getLong(0);
            long bytes;
            try {
                bytes = Math.multiplyExact(numel, (long) s.dtype().byteSize());
            } catch (ArithmeticException e) {
                bytes = -1;
            }
            if (numel < 0 || bytes < 0 || pos + 8 + bytes > size) {
                throw new FormatException(path, "legacy storage '" + key + "' claims " + numel + " elements at byte "
                        + (pos + 8) + " but the file has " + size + " bytes; the file is truncated or corrupt");
            }
            regions.put(s.key(), new TorchReader.Region(pos + 8, bytes));
            pos += 8 + bytes;
        }
        return new TorchReader(path, ch, "pytorch-legacy", bigEndian, flat, regions);
    }
}
