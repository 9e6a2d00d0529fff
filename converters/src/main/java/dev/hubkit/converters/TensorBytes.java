package dev.hubkit.converters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Helpers over {@link TensorData}: copying into one buffer and hashing. */
public final class TensorBytes {
    private TensorBytes() {
    }

    /** Copies all bytes into a new read-only heap buffer (tensors up to 2 GiB). */
    public static ByteBuffer copy(TensorData data) throws IOException {
        long size = data.byteSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new FormatException("tensor '" + data.info().name() + "' has " + size
                    + " bytes, more than one buffer can hold; stream it with read() instead");
        }
        ByteBuffer copy = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        data.read(copy::put);
        copy.flip();
        return copy.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Lower-case hex SHA-256 of the tensor's little-endian C-contiguous bytes. */
    public static String sha256(TensorData data) throws IOException {
        MessageDigest digest = newSha256();
        data.read(digest::update);
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
