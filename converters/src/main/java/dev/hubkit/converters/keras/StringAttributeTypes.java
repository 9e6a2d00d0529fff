package dev.hubkit.converters.keras;

import io.jhdf.checksum.JenkinsLookup3HashLittle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Gives the string attributes io.jhdf wrote the character set and padding h5py gives Keras' attributes. io.jhdf
 * 0.13 declares every string fixed-length, null-terminated UTF-8; h5py stores Keras' name lists (numpy {@code S}
 * arrays) as null-padded ASCII and {@code backend}/{@code keras_version} as null-terminated ASCII. The two flag
 * nibbles of each string datatype are rewritten in place in version-2 object headers, whose checksums are then
 * recomputed; the string widths (io.jhdf counts a terminating byte) and values are left as they are.
 */
final class StringAttributeTypes {
    private static final int ATTRIBUTE = 0x0C;
    private static final int CONTINUATION = 0x10;
    private static final int STRING_CLASS = 3;
    private static final int NULL_TERMINATED = 0;
    private static final int NULL_PADDED = 1;

    private StringAttributeTypes() {
    }

    /**
     * Rewrites the string attributes of the objects whose headers start at {@code headers}: arrays null-padded,
     * scalars null-terminated, both ASCII. Object headers of another version are left alone.
     */
    static void asH5py(Path file, List<Long> headers) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
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
                patchChunk(ch, address, Math.toIntExact(start + chunkSize + 4), start, flags);
            }
        }
    }

    /** Patches one chunk ({@code length} bytes with its checksum) whose messages begin at {@code start}. */
    private static void patchChunk(FileChannel ch, long address, int length, int start, int flags) throws IOException {
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
                changed |= patchAttribute(chunk, body);
            } else if (type == CONTINUATION) {
                long next = chunk.getLong(body);
                int nextLength = Math.toIntExact(chunk.getLong(body + 8));
                if (read(ch, next, 4).getInt(0) == 0x4B48434F /* "OCHK" */) {
                    patchChunk(ch, next, nextLength, 4, flags);
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
