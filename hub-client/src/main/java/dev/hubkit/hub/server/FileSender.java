package dev.hubkit.hub.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** Streams a file (or one byte range of it) with large buffers; HEAD gets the headers only. */
final class FileSender {

    private static final int BUFFER = 1 << 20;

    private FileSender() {
    }

    static void send(HttpExchange ex, String method, ServedFile f) throws IOException {
        long size = f.size();
        long start = 0;
        long end = size - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String spec = range.substring(6).strip();
            int dash = spec.indexOf('-');
            try {
                if (dash == 0) {
                    long n = Long.parseLong(spec.substring(1));
                    start = Math.max(0, size - n);
                } else if (dash > 0) {
                    start = Long.parseLong(spec.substring(0, dash));
                    String e = spec.substring(dash + 1);
                    if (!e.isEmpty()) {
                        end = Math.min(size - 1, Long.parseLong(e));
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
        try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
            OutputStream out = ex.getResponseBody();
            long pos = start;
            long left = length;
            while (left > 0) {
                bb.clear().limit((int) Math.min(buf.length, left));
                int n = ch.read(bb, pos);
                if (n < 0) {
                    throw new IOException("file " + f.file() + " shrank while being served");
                }
                out.write(buf, 0, n);
                pos += n;
                left -= n;
            }
            out.flush();
        }
    }
}
