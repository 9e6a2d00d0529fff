package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.ChannelCopy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@code checkpoint} state file beside a bundle, as TF 2's {@code tf.train.Checkpoint.save} writes it
 * (a text-format {@code CheckpointState} with relative paths, only the newest checkpoint listed), so that
 * {@code tf.train.latest_checkpoint(folder)} finds the bundle. Written atomically, replacing an earlier one.
 */
public final class CheckpointStateFile {
    /** The state file's name. */
    public static final String NAME = "checkpoint";

    private CheckpointStateFile() {
    }

    /** Writes {@code checkpoint} in {@code prefix}'s folder naming {@code prefix}; returns the file. */
    public static Path write(Path prefix) throws IOException {
        Path dir = prefix.toAbsolutePath().getParent();
        Path file = dir.resolve(NAME);
        try (AtomicFile out = AtomicFile.create(file)) {
            ChannelCopy.writeFully(out.channel(), ByteBuffer.wrap(content(prefix.getFileName().toString())));
            out.commit();
        }
        return file;
    }

    /** The file's bytes for a bundle prefix {@code name} relative to the folder. */
    static byte[] content(String name) {
        String quoted = escape(name.getBytes(StandardCharsets.UTF_8));
        return ("model_checkpoint_path: \"" + quoted + "\"\nall_model_checkpoint_paths: \"" + quoted + "\"\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Undoes protobuf text format's escapes in a quoted value (as read back from a {@code checkpoint} file). */
    static String unescape(String quoted) {
        byte[] in = quoted.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '\\' || i + 1 == in.length) {
                out.write(in[i]);
                continue;
            }
            char c = (char) in[++i];
            switch (c) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case 'x' -> {
                    int v = 0;
                    int n = 0;
                    while (n < 2 && i + 1 < in.length && Character.digit(in[i + 1], 16) >= 0) {
                        v = v * 16 + Character.digit(in[++i], 16);
                        n++;
                    }
                    out.write(v);
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        for (int n = 1; n < 3 && i + 1 < in.length && in[i + 1] >= '0' && in[i + 1] <= '7'; n++) {
                            v = v * 8 + (in[++i] - '0');
                        }
                        out.write(v);
                    } else {
                        out.write(c); // \" \' \\ and any other escaped character stand for themselves
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Protobuf text format's string escaping as TF writes it: {@code \n \r \t \" \' \\}, other control bytes as
     * three-digit octal, UTF-8 bytes of other characters as they are. Returns one char per byte (Latin-1).
     */
    private static String escape(byte[] utf8) {
        StringBuilder sb = new StringBuilder();
        for (byte b : utf8) {
            int c = b & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\%03o", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
