package dev.hubkit.hub.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes as git and git-lfs compute them. */
final class Hashing {

    private Hashing() {
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, md("SHA-256"), null));
    }

    /** git's blob id: sha1 of {@code "blob <size>\0"} + content. */
    static String gitBlobSha1(Path file, long size) throws IOException {
        return HexFormat.of().formatHex(digest(file, md("SHA-1"),
                ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII)));
    }

    static String gitBlobSha1(byte[] content) {
        MessageDigest md = md("SHA-1");
        md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md.digest(content));
    }

    static String sha1Hex(String text) {
        return HexFormat.of().formatHex(md("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(Path file, MessageDigest md, byte[] prefix) throws IOException {
        if (prefix != null) {
            md.update(prefix);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // sized to the file: listing a repo of thousands of small files must not allocate 1 MB per file
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(8 << 10, Math.min(1 << 20, ch.size() + 1)));
            while (ch.read(buf) >= 0) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        return md.digest();
    }

    private static MessageDigest md(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
