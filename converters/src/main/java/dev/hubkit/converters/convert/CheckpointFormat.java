package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The file formats hubkit recognises by their first bytes. */
public enum CheckpointFormat {
    /** 8-byte header length, then a JSON header starting with '{'. */
    SAFETENSORS,
    /** A zip archive ({@code torch.save} since 1.6). */
    PYTORCH_ZIP,
    /** A legacy pickle stream starting with PyTorch's magic number. */
    PYTORCH_LEGACY,
    /** The pre-0.4 tar format of PyTorch: recognised only to refuse it clearly. */
    PYTORCH_TAR;

    private static final byte[] LEGACY_MAGIC = {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
        (byte) 0xa8, 0x50, 0x19};

    /** Detects the format of {@code file} from its first bytes. */
    public static CheckpointFormat detect(Path file) {
        ByteBuffer head = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // fill up to 512 bytes
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        int n = head.position();
        byte[] b = head.array();
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return PYTORCH_ZIP;
        }
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 5 && b[3] == 6) {
            return PYTORCH_ZIP;
        }
        if (n >= 2 && (b[0] & 0xFF) == 0x80) {
            for (int start = 2; start + LEGACY_MAGIC.length <= Math.min(n, 24); start++) {
                boolean match = true;
                for (int i = 0; i < LEGACY_MAGIC.length && match; i++) {
                    match = b[start + i] == LEGACY_MAGIC[i];
                }
                if (match) {
                    return PYTORCH_LEGACY;
                }
            }
        }
        if (n >= 262 && b[257] == 'u' && b[258] == 's' && b[259] == 't' && b[260] == 'a' && b[261] == 'r') {
            return PYTORCH_TAR;
        }
        if (n >= 9 && b[8] == '{') {
            return SAFETENSORS;
        }
        throw new FormatException(file, "unknown checkpoint format (not safetensors, a PyTorch zip or a legacy "
                + "PyTorch file; first bytes " + hex(b, Math.min(n, 16)) + ")");
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return n == 0 ? "(empty file)" : sb.toString();
    }
}
