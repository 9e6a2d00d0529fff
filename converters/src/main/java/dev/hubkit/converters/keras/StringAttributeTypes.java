package dev.hubkit.converters.keras;

import io.jhdf.checksum.JenkinsLookup3HashLittle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the string attributes io.jhdf wrote the types h5py gives Keras' attributes. io.jhdf 0.13 declares every
 * string fixed-length, null-terminated UTF-8. h5py stores Keras' name lists (numpy {@code S} arrays) as null-padded
 * ASCII, and {@code backend}/{@code keras_version} (Python {@code bytes} scalars) as variable-length ASCII strings
 * whose bytes sit in a global heap, which h5py reads back as {@code str}. So the two flag nibbles of each array's
 * string datatype are rewritten in place, and each scalar string attribute (written by io.jhdf with a
 * {@link #placeholder} value that leaves room) is rewritten as a variable-length string: its message shrinks and a
 * NIL message fills the rest, its value moves into a global heap collection appended to the file, whose end-of-file
 * address in the (version 2 or 3) superblock grows to cover it. Object header and superblock checksums are
 * recomputed. Only version-2 object headers and version-3 attribute messages (what io.jhdf writes) are changed.
 */
final class StringAttributeTypes {
    private static final int ATTRIBUTE = 0x0C;
    private static final int CONTINUATION = 0x10;
    private static final int STRING_CLASS = 3;
    private static final int NULL_TERMINATED = 0;
    private static final int NULL_PADDED = 1;

    /** Bytes of an attribute message's fixed part (version 3): version, flags, three sizes, name encoding. */
    private static final int ATTRIBUTE_V3_FIXED = 9;
    /** A variable-length string datatype: class 9 (string, null-terminated, ASCII), over an unsigned byte. */
    private static final byte[] VLEN_STRING_TYPE = {
        0x19, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, // class 9 v1, type string, 16 bytes (length, heap id)
        0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00 // base: 1-byte unsigned integer
    };
    /** Length, heap collection address and object index of one variable-length value. */
    private static final int VLEN_DATA = 16;
    /** Room a {@link #placeholder} leaves beyond the variable-length message: at least a NIL message header. */
    private static final int PLACEHOLDER_WIDTH = 48;
    /** The smallest global heap collection the HDF5 library writes ({@code H5HG_MINSIZE}). */
    private static final int MIN_COLLECTION = 4096;

    private StringAttributeTypes() {
    }

    /**
     * {@code value} padded with NULs so that the fixed-length attribute io.jhdf writes for it has room for the
     * variable-length form {@link #asH5py} rewrites it into; read as fixed-length it still reads {@code value}.
     */
    static String placeholder(String value) {
        return value + "\0".repeat(Math.max(0, PLACEHOLDER_WIDTH - value.length()));
    }

    /** Scalar string values moved into the global heap collection to write at {@code address}. */
    private static final class Heap {
        final long address;
        final List<byte[]> values = new ArrayList<>();

        Heap(long address) {
            this.address = address;
        }

        /** Adds {@code value}; its object index (from 1). */
        int add(byte[] value) {
            values.add(value);
            return values.size();
        }
    }

    /**
     * Rewrites the string attributes of the objects whose headers start at {@code headers}: arrays null-padded
     * ASCII, scalars variable-length ASCII (null-terminated fixed-length ASCII when there is no room for that or the
     * superblock is not version 2 or 3). Object headers of another version are left alone.
     */
    static void asH5py(Path file, List<Long> headers) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer superblock = read(ch, 0, 48);
            boolean v2 = superblock.getLong(0) == 0x0A1A0A0D46444889L && (superblock.get(8) == 2
                    || superblock.get(8) == 3) && superblock.get(9) == 8 && superblock.get(10) == 8;
            // no superblock to grow the file in: scalars stay fixed-length (still null-terminated ASCII)
            Heap heap = v2 ? new Heap((Math.max(ch.size(), superblock.getLong(28)) + 7) & ~7L) : null;
            for (long address : headers) {
                ByteBuffer prefix = read(ch, address, 32);
                if (prefix.getInt(0) != 0x5244484F /* "OHDR" */ || prefix.get(4) != 2) {
                    continue;
                }
                int flags = prefix.get(5) & 0xFF;
                int pos = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
                int sizeBytes = 1 << (flags & 3);
                long chunkSize = 0;
                for (int i = 0; i < sizeBytes; i++) {
                    chunkSize |= (long) (prefix.get(pos + i) & 0xFF) << (8 * i);
                }
                int start = pos + sizeBytes;
                patchChunk(ch, address, Math.toIntExact(start + chunkSize + 4), start, flags, heap);
            }
            if (heap != null && !heap.values.isEmpty()) {
                long end = writeHeap(ch, heap);
                superblock.putLong(28, end);
                superblock.putInt(44, JenkinsLookup3HashLittle.hash(superblock.duplicate().position(0).limit(44)
                        .slice()));
                write(ch, superblock.position(0).limit(48), 0);
            }
        }
    }

    /** Writes {@code heap}'s collection (version 1: objects 1..n, then the free space); the file's new end. */
    private static long writeHeap(FileChannel ch, Heap heap) throws IOException {
        int used = 16 + 16;
        for (byte[] v : heap.values) {
            used += 16 + ((v.length + 7) & ~7);
        }
        int size = Math.max(MIN_COLLECTION, (used + 7) & ~7);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4C4F4347); // "GCOL"
        b.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putLong(size);
        int index = 1;
        for (byte[] v : heap.values) {
            b.putShort((short) index++).putShort((short) 0).putInt(0).putLong(v.length);
            b.put(v);
            b.position(b.position() + (((v.length + 7) & ~7) - v.length));
        }
        int free = size - b.position(); // the free-space object's size counts its own header
        b.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free);
        long gap = heap.address - ch.size();
        if (gap > 0) {
            write(ch, ByteBuffer.allocate((int) gap), ch.size());
        }
        write(ch, b.position(0).limit(size), heap.address);
        return heap.address + size;
    }

    private static void write(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /** Patches one chunk ({@code length} bytes with its checksum) whose messages begin at {@code start}. */
    private static void patchChunk(FileChannel ch, long address, int length, int start, int flags, Heap heap)
            throws IOException {
        ByteBuffer chunk = read(ch, address, length);
        int headerBytes = (flags & 0x04) != 0 ? 6 : 4;
        boolean changed = false;
        for (int pos = start; pos + headerBytes <= length - 4; ) {
            int type = chunk.get(pos) & 0xFF;
            int size = chunk.getShort(pos + 1) & 0xFFFF;
            int body = pos + headerBytes;
            if (body + size > length - 4) {
                break; // the gap at the chunk's end
            }
            if (type == ATTRIBUTE) {
                if (heap != null && toVariableLength(chunk, pos, headerBytes, heap)) {
                    changed = true;
                } else {
                    changed |= patchAttribute(chunk, body);
                }
            } else if (type == CONTINUATION) {
                long next = chunk.getLong(body);
                int nextLength = Math.toIntExact(chunk.getLong(body + 8));
                if (read(ch, next, 4).getInt(0) == 0x4B48434F /* "OCHK" */) {
                    patchChunk(ch, next, nextLength, 4, flags, heap);
                }
            }
            pos = body + size;
        }
        if (changed) {
            chunk.putInt(length - 4, JenkinsLookup3HashLittle.hash(chunk.duplicate().position(0).limit(length - 4)
                    .slice()));
            chunk.position(0).limit(length);
            while (chunk.hasRemaining()) {
                ch.write(chunk, address + chunk.position());
            }
        }
    }

    /**
     * Rewrites the attribute message at {@code pos} (its header of {@code headerBytes}) as a variable-length ASCII
     * string when it is a version-3 scalar fixed-length string with room for that form; its value (up to the first
     * NUL) goes to {@code heap}, a NIL message takes the bytes left over. Whether it was rewritten.
     */
    private static boolean toVariableLength(ByteBuffer chunk, int pos, int headerBytes, Heap heap) {
        int body = pos + headerBytes;
        int size = chunk.getShort(pos + 1) & 0xFFFF;
        if ((chunk.get(body) & 0xFF) != 3) {
            return false;
        }
        int nameSize = chunk.getShort(body + 2) & 0xFFFF;
        int typeSize = chunk.getShort(body + 4) & 0xFFFF;
        int spaceSize = chunk.getShort(body + 6) & 0xFFFF;
        int name = body + ATTRIBUTE_V3_FIXED;
        int type = name + nameSize;
        int space = type + typeSize;
        int data = space + spaceSize;
        if ((chunk.get(type) & 0x0F) != STRING_CLASS || (chunk.get(space + 1) & 0xFF) != 0) {
            return false; // not a string, or not a scalar
        }
        int width = chunk.getInt(type + 4);
        int newSize = ATTRIBUTE_V3_FIXED + nameSize + VLEN_STRING_TYPE.length + spaceSize + VLEN_DATA;
        int slack = size - newSize;
        if (width <= 0 || data + width > body + size || slack < 0 || (slack > 0 && slack < headerBytes)) {
            return false; // no room: leave it fixed-length
        }
        byte[] fixed = new byte[width];
        chunk.get(data, fixed);
        int length = 0;
        while (length < width && fixed[length] != 0) {
            length++;
        }
        byte[] value = java.util.Arrays.copyOf(fixed, length);
        byte[] nameBytes = new byte[nameSize];
        chunk.get(name, nameBytes);
        byte[] spaceBytes = new byte[spaceSize];
        chunk.get(space, spaceBytes);
        int index = heap.add(value);
        chunk.putShort(pos + 1, (short) newSize);
        chunk.put(body + 1, (byte) 0);
        chunk.putShort(body + 4, (short) VLEN_STRING_TYPE.length);
        chunk.put(body + 8, (byte) 0); // name encoding ASCII, as h5py
        int at = name;
        chunk.put(at, nameBytes);
        at += nameSize;
        chunk.put(at, VLEN_STRING_TYPE);
        at += VLEN_STRING_TYPE.length;
        chunk.put(at, spaceBytes);
        at += spaceSize;
        chunk.putInt(at, length).putLong(at + 4, heap.address).putInt(at + 12, index);
        at += VLEN_DATA;
        if (slack > 0) { // a NIL message over the rest: type 0, its size, no flags (and no creation order)
            for (int i = at; i < at + slack; i++) {
                chunk.put(i, (byte) 0);
            }
            chunk.putShort(at + 1, (short) (slack - headerBytes));
        }
        return true;
    }

    /** Rewrites the string datatype of the attribute message at {@code body}; whether it changed anything. */
    private static boolean patchAttribute(ByteBuffer chunk, int body) {
        int version = chunk.get(body) & 0xFF;
        int nameSize = chunk.getShort(body + 2) & 0xFFFF;
        int typeSize = chunk.getShort(body + 4) & 0xFFFF;
        int name;
        int type;
        int space;
        switch (version) {
            case 1 -> {
                name = body + 8;
                type = name + pad8(nameSize);
                space = type + pad8(typeSize);
            }
            case 2 -> {
                name = body + 8;
                type = name + nameSize;
                space = type + typeSize;
            }
            case 3 -> {
                name = body + 9;
                type = name + nameSize;
                space = type + typeSize;
            }
            default -> {
                return false;
            }
        }
        if ((chunk.get(type) & 0x0F) != STRING_CLASS) {
            return false;
        }
        int rank = chunk.get(space + 1) & 0xFF;
        byte wanted = (byte) (rank == 0 ? NULL_TERMINATED : NULL_PADDED); // character set 0: ASCII
        if (chunk.get(type + 1) == wanted) {
            return false;
        }
        chunk.put(type + 1, wanted);
        return true;
    }

    private static int pad8(int n) {
        return (n + 7) & ~7;
    }

    private static ByteBuffer read(FileChannel ch, long address, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, address + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }
}
