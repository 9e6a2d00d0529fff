package dev.hubkit.hub.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the connection of a client that stopped reading its response: a write that has not finished after the
 * stall limit means the client's socket buffer stayed full for that long. Without it such a client holds a
 * server thread for good. Only writes are timed, so a slow listing or hash before the answer is never cut;
 * writes go out in pieces, so a slow client that keeps reading is never cut either.
 */
final class StallWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);
    /** Largest single write: a client reading at least this much per stall limit is alive. */
    private static final int PIECE = 256 * 1024;
    private static final long IDLE = Long.MIN_VALUE;

    private final long limitNanos;
    private final Set<Watched> writing = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final ScheduledExecutorService timer;

    StallWatch(Duration limit) {
        this.limitNanos = limit.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hubkit-serve-stall-watch");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(1000, limit.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Makes {@code ex}'s response body a watched one; call before anything is written. */
    void watch(HttpExchange ex) {
        ex.setStreams(null, new Watched(ex, ex.getResponseBody()));
    }

    /** Responses dropped so far because their client stopped reading. */
    long dropped() {
        return dropped.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watched w : writing) {
            long since = w.writingSince;
            if (since != IDLE && now - since > limitNanos && writing.remove(w)) {
                dropped.incrementAndGet();
                LOG.info("dropping {} {} for {}: it read nothing for {} s", w.ex.getRequestMethod(),
                        w.ex.getRequestURI(), w.ex.getRemoteAddress(), TimeUnit.NANOSECONDS.toSeconds(limitNanos));
                try {
                    // mid-body, the JDK server closes the connection, which ends the blocked write
                    w.ex.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing a stalled response failed: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** A response body whose writes the watch times. */
    private final class Watched extends FilterOutputStream {

        private final HttpExchange ex;
        private volatile long writingSince = IDLE;

        Watched(HttpExchange ex, OutputStream out) {
            super(out);
            this.ex = ex;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing.add(this);
            try {
                while (len > 0) {
                    int n = Math.min(PIECE, len);
                    writingSince = System.nanoTime();
                    out.write(b, off, n);
                    off += n;
                    len -= n;
                }
            } finally {
                writingSince = IDLE;
                writing.remove(this);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
