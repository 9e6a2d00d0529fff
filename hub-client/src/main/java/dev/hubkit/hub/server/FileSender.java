package dev.hubkit.hub.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Streams a file (or one byte range of it) with large buffers; HEAD gets the headers only. The bytes sent are
 * exactly the listed file's: a file changed while it is sent fails the connection instead of ending the body.
 */
final class FileSender {

    private static final int BUFFER = 1 << 20;

    private FileSender() {
    }

    /**
     * Opens the file for sending; empty when it is gone or no longer matches its listed size and modification
     * time (its listing is stale). Checked after opening, so the open file is the one that was checked.
     */
    static Optional<FileChannel> open(ServedFile f) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(f.file(), StandardOpenOption.READ);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (ch.size() == f.size() && f.unchangedOnDisk()) {
            return Optional.of(ch);
        }
        ch.close();
        return Optional.empty();
    }

    /** Sends {@code f}, read from {@code ch} (see {@link #open}), honouring one {@code Range: bytes=}. */
    static void send(HttpExchange ex, String method, ServedFile f, FileChannel ch) throws IOException {
        long size = f.size();
        long start = 0;
        long end = size - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (size == 0 && range != null) {
            // an empty file has no byte to range over: a client probing with bytes=0-0 (@huggingface/hub does)
            // gets the whole, empty, file, and its size where it reads it for a range
            ex.getResponseHeaders().set("Content-Range", "bytes */0");
        } else if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String spec = range.substring(6).strip();
            int dash = spec.indexOf('-');
            try {
                if (dash < 0) {
                    throw new NumberFormatException("no '-' in " + spec); // not a range: ignored (RFC 9110 14.2)
                }
                if (dash == 0) {
                    long n = Long.parseLong(spec.substring(1));
                    start = Math.max(0, size - n);
                } else if (dash > 0) {
                    start = Long.parseLong(spec.substring(0, dash));
                    String e = spec.substring(dash + 1);
                    if (!e.isEmpty()) {
                        long last = Long.parseLong(e);
                        if (last < start) {
                            throw new NumberFormatException("last byte before first"); // invalid: ignored
                        }
                        end = Math.min(size - 1, last);
                    }
                }
                if (start >= size || start > end) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    ex.getResponseHeaders().set("Content-Length", "0");
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            } catch (NumberFormatException e) {
                status = 200;
                start = 0;
                end = size - 1;
            }
        }
        long length = size == 0 ? 0 : end - start + 1;
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length);
        // a buffer no bigger than the body: most repo files are small, and zeroing 1 MB per request costs more
        // than sending them
        byte[] buf = new byte[(int) Math.min(BUFFER, length)];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        OutputStream out = ex.getResponseBody();
        long pos = start;
        long left = length;
        while (left > 0) {
            bb.clear().limit((int) Math.min(buf.length, left));
            int n = ch.read(bb, pos);
            if (n < 0) {
                throw new IOException("file " + f.file() + " shrank while being served: connection dropped");
            }
            // the last bytes go out only if the file is still the listed one: a client gets the listed bytes
            // or a short body it must retry, never a mix of two versions under one etag
            if (n == left && (ch.size() != size || !f.unchangedOnDisk())) {
                throw new IOException("file " + f.file() + " changed while being served: connection dropped");
            }
            out.write(buf, 0, n);
            pos += n;
            left -= n;
        }
        out.flush();
    }
}
