package dev.hubkit.converters.pytorch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes pickles opcode by opcode (protocol 2), as {@code torch.save} would, for checkpoints that
 * hubkit's own writer never makes: containers shared at every level, colliding names, expanded views.
 */
final class TestPickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int memo;

    TestPickle() {
        out.write(0x80);
        out.write(2);
    }

    /** One opcode without argument, e.g. {@code '}'} (empty dict), {@code '('} (mark), {@code 'u'} (setitems). */
    TestPickle op(char opcode) {
        out.write(opcode);
        return this;
    }

    /** BINUNICODE. */
    TestPickle str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        int4(b.length);
        out.writeBytes(b);
        return this;
    }

    /** BININT. */
    TestPickle integer(long v) {
        out.write('J');
        int4(Math.toIntExact(v));
        return this;
    }

    /** GLOBAL. */
    TestPickle global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** LONG_BINPUT of the top of the stack; returns its memo index. */
    int put() {
        out.write('r');
        int4(memo);
        return memo++;
    }

    /** LONG_BINGET. */
    TestPickle get(int index) {
        out.write('j');
        int4(index);
        return this;
    }

    /**
     * Pushes {@code _rebuild_tensor_v2(storage, offset, shape, stride, False, {})} over a FloatStorage
     * {@code key} of {@code numel} elements.
     */
    TestPickle tensor(String key, long numel, long offset, long[] shape, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").op('(');
        op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(numel).op('t').op('Q');
        integer(offset);
        longs(shape);
        longs(stride);
        out.write(0x89); // False
        return op('}').op('t').op('R');
    }

    /** A contiguous one-dimensional tensor over all of storage {@code key}. */
    TestPickle tensor(String key, long numel) {
        return tensor(key, numel, 0, new long[] {numel}, new long[] {1});
    }

    /** STOP; the pickle's bytes. */
    byte[] stop() {
        out.write('.');
        return out.toByteArray();
    }

    /** Writes a zip checkpoint as torch.save does: {@code archive/data.pkl}, stored storages, version. */
    static Path zip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, "archive/data.pkl", pickle);
            entry(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                entry(zip, "archive/data/" + e.getKey(), e.getValue());
            }
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    /** {@code n} little-endian float32 values 0, 1, 2, ... */
    static byte[] floats(int n) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(i);
        }
        return b.array();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private void longs(long[] values) {
        op('(');
        for (long v : values) {
            integer(v);
        }
        op('t');
    }

    private void int4(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
