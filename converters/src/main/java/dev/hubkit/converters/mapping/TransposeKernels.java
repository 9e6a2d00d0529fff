package dev.hubkit.converters.mapping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Cache-blocked 2-D transposes between direct buffers. Blocks are one cache line wide in both
 * directions (16×16 for 4-byte elements): each source line is read once and each destination line is
 * written whole, through a small tile in L1, so power-of-two row strides cannot thrash the cache.
 */
final class TransposeKernels {
    /** Bytes in a cache line, and the alignment of the buffers handed to the kernels. */
    static final int LINE = 64;
    /** Source rows gathered per step by the buffer kernels: one cache line of output per output row. */
    static final int INT_ROWS = LINE / 4;
    static final int SHORT_ROWS = LINE / 2;
    /** Most source columns gathered per step by the buffer kernels (the row tile stays in L1). */
    static final int TILE_COLS = 256;

    private TransposeKernels() {
    }

    /** Per-thread scratch tiles, one per element size. */
    static final class Tiles {
        final byte[] bytes = new byte[LINE * LINE];
        final short[] shorts = new short[(LINE / 2) * (LINE / 2)];
        final int[] ints = new int[(LINE / 4) * (LINE / 4)];
        final long[] longs = new long[(LINE / 8) * (LINE / 8)];
        private int[] intBand = new int[0];
        private short[] shortBand = new short[0];
        /** Source rows copied out of a direct buffer: {@link #INT_ROWS} rows of up to {@link #TILE_COLS} ints. */
        final int[] intRows = new int[INT_ROWS * TILE_COLS];
        /** The same for shorts: {@link #SHORT_ROWS} rows of up to {@link #TILE_COLS} shorts. */
        final short[] shortRows = new short[SHORT_ROWS * TILE_COLS];

        /** A reused destination array of at least {@code n} ints. */
        int[] intBand(int n) {
            if (intBand.length < n) {
                intBand = new int[n];
            }
            return intBand;
        }

        /** A reused destination array of at least {@code n} shorts. */
        short[] shortBand(int n) {
            if (shortBand.length < n) {
                shortBand = new short[n];
            }
            return shortBand;
        }
    }

    /**
     * Writes the transpose of rows {@code [r0, r1)} × columns {@code [c0, c1)} of {@code src} (row-major,
     * {@code stride} elements per row, from index 0) to {@code dst} from index 0: element (r, c) lands at
     * {@code (c - c0) * (r1 - r0) + (r - r0)}. Elements are {@code e} bytes; positions and limits are ignored.
     */
    static void block(ByteBuffer src, int stride, int r0, int r1, int c0, int c1, ByteBuffer dst, int e, Tiles t) {
        ByteBuffer s = src.duplicate().clear().order(ByteOrder.nativeOrder());
        ByteBuffer d = dst.duplicate().clear().order(ByteOrder.nativeOrder());
        switch (e) {
            case 4 -> ints(s.asIntBuffer(), stride, r0, r1, c0, c1, d.asIntBuffer(), t.ints);
            case 2 -> shorts(s.asShortBuffer(), stride, r0, r1, c0, c1, d.asShortBuffer(), t.shorts);
            case 8 -> longs(s.asLongBuffer(), stride, r0, r1, c0, c1, d.asLongBuffer(), t.longs);
            case 1 -> bytes(s, stride, r0, r1, c0, c1, d, t.bytes);
            default -> throw new IllegalArgumentException("no transpose for " + e + "-byte elements");
        }
    }

    /**
     * The transpose of rows {@code [r0, r1)} × columns {@code [c0, c1)} of a direct buffer (absolute
     * indices, {@code stride} elements per row) into the heap array {@code d}, laid out as in
     * {@link #block}. A few source rows at a time are copied out with bulk gets into a tile that stays in
     * L1 (16 rows: each destination row gets a whole cache line per step), so the strided reads of the
     * transpose are plain array loads without first copying the whole source into an array.
     */
    static void ints(IntBuffer s, int stride, int r0, int r1, int c0, int c1, int[] d, Tiles t) {
        final int ts = TILE_COLS; // a constant row stride in the tile: the JIT folds the 16 offsets below
        int[] tile = t.intRows;
        int h = r1 - r0;
        for (int cc = c0; cc < c1; cc += ts) {
            int w = Math.min(ts, c1 - cc);
            int r = r0;
            for (; r + INT_ROWS <= r1; r += INT_ROWS) {
                for (int i = 0; i < INT_ROWS; i++) {
                    s.get((r + i) * stride + cc, tile, i * ts, w);
                }
                int base = (cc - c0) * h + (r - r0);
                for (int c = 0; c < w; c++) {
                    int di = base + c * h;
                    d[di] = tile[c];
                    d[di + 1] = tile[ts + c];
                    d[di + 2] = tile[2 * ts + c];
                    d[di + 3] = tile[3 * ts + c];
                    d[di + 4] = tile[4 * ts + c];
                    d[di + 5] = tile[5 * ts + c];
                    d[di + 6] = tile[6 * ts + c];
                    d[di + 7] = tile[7 * ts + c];
                    d[di + 8] = tile[8 * ts + c];
                    d[di + 9] = tile[9 * ts + c];
                    d[di + 10] = tile[10 * ts + c];
                    d[di + 11] = tile[11 * ts + c];
                    d[di + 12] = tile[12 * ts + c];
                    d[di + 13] = tile[13 * ts + c];
                    d[di + 14] = tile[14 * ts + c];
                    d[di + 15] = tile[15 * ts + c];
                }
            }
            for (; r < r1; r++) {
                s.get(r * stride + cc, tile, 0, w);
                int base = (cc - c0) * h + (r - r0);
                for (int c = 0; c < w; c++) {
                    d[base + c * h] = tile[c];
                }
            }
        }
    }

    /** {@link #ints(IntBuffer, int, int, int, int, int, int[], Tiles)} for 2-byte elements. */
    static void shorts(ShortBuffer s, int stride, int r0, int r1, int c0, int c1, short[] d, Tiles t) {
        final int ts = TILE_COLS;
        short[] tile = t.shortRows;
        int h = r1 - r0;
        for (int cc = c0; cc < c1; cc += ts) {
            int w = Math.min(ts, c1 - cc);
            int r = r0;
            for (; r + SHORT_ROWS <= r1; r += SHORT_ROWS) {
                for (int i = 0; i < SHORT_ROWS; i++) {
                    s.get((r + i) * stride + cc, tile, i * ts, w);
                }
                int base = (cc - c0) * h + (r - r0);
                for (int c = 0; c < w; c++) {
                    int di = base + c * h;
                    for (int i = 0; i < SHORT_ROWS; i++) {
                        d[di + i] = tile[i * ts + c];
                    }
                }
            }
            for (; r < r1; r++) {
                s.get(r * stride + cc, tile, 0, w);
                int base = (cc - c0) * h + (r - r0);
                for (int c = 0; c < w; c++) {
                    d[base + c * h] = tile[c];
                }
            }
        }
    }

    private static void ints(IntBuffer s, int stride, int r0, int r1, int c0, int c1, IntBuffer d, int[] tile) {
        final int n = LINE / 4;
        int h = r1 - r0;
        int r = r0;
        for (; r + n <= r1; r += n) {
            int c = c0;
            for (; c + n <= c1; c += n) {
                for (int i = 0; i < n; i++) {
                    int si = (r + i) * stride + c;
                    for (int j = 0; j < n; j++) {
                        tile[j * n + i] = s.get(si + j);
                    }
                }
                for (int j = 0; j < n; j++) {
                    int di = (c + j - c0) * h + (r - r0);
                    for (int i = 0; i < n; i++) {
                        d.put(di + i, tile[j * n + i]);
                    }
                }
            }
            for (; c < c1; c++) {
                int di = (c - c0) * h + (r - r0);
                for (int i = 0; i < n; i++) {
                    d.put(di + i, s.get((r + i) * stride + c));
                }
            }
        }
        for (; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                d.put((c - c0) * h + (r - r0), s.get(r * stride + c));
            }
        }
    }

    private static void shorts(ShortBuffer s, int stride, int r0, int r1, int c0, int c1, ShortBuffer d,
                               short[] tile) {
        final int n = LINE / 2;
        int h = r1 - r0;
        int r = r0;
        for (; r + n <= r1; r += n) {
            int c = c0;
            for (; c + n <= c1; c += n) {
                for (int i = 0; i < n; i++) {
                    int si = (r + i) * stride + c;
                    for (int j = 0; j < n; j++) {
                        tile[j * n + i] = s.get(si + j);
                    }
                }
                for (int j = 0; j < n; j++) {
                    int di = (c + j - c0) * h + (r - r0);
                    for (int i = 0; i < n; i++) {
                        d.put(di + i, tile[j * n + i]);
                    }
                }
            }
            for (; c < c1; c++) {
                int di = (c - c0) * h + (r - r0);
                for (int i = 0; i < n; i++) {
                    d.put(di + i, s.get((r + i) * stride + c));
                }
            }
        }
        for (; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                d.put((c - c0) * h + (r - r0), s.get(r * stride + c));
            }
        }
    }

    private static void longs(LongBuffer s, int stride, int r0, int r1, int c0, int c1, LongBuffer d, long[] tile) {
        final int n = LINE / 8;
        int h = r1 - r0;
        int r = r0;
        for (; r + n <= r1; r += n) {
            int c = c0;
            for (; c + n <= c1; c += n) {
                for (int i = 0; i < n; i++) {
                    int si = (r + i) * stride + c;
                    for (int j = 0; j < n; j++) {
                        tile[j * n + i] = s.get(si + j);
                    }
                }
                for (int j = 0; j < n; j++) {
                    int di = (c + j - c0) * h + (r - r0);
                    for (int i = 0; i < n; i++) {
                        d.put(di + i, tile[j * n + i]);
                    }
                }
            }
            for (; c < c1; c++) {
                int di = (c - c0) * h + (r - r0);
                for (int i = 0; i < n; i++) {
                    d.put(di + i, s.get((r + i) * stride + c));
                }
            }
        }
        for (; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                d.put((c - c0) * h + (r - r0), s.get(r * stride + c));
            }
        }
    }

    private static void bytes(ByteBuffer s, int stride, int r0, int r1, int c0, int c1, ByteBuffer d, byte[] tile) {
        final int n = LINE;
        int h = r1 - r0;
        int r = r0;
        for (; r + n <= r1; r += n) {
            int c = c0;
            for (; c + n <= c1; c += n) {
                for (int i = 0; i < n; i++) {
                    int si = (r + i) * stride + c;
                    for (int j = 0; j < n; j++) {
                        tile[j * n + i] = s.get(si + j);
                    }
                }
                for (int j = 0; j < n; j++) {
                    int di = (c + j - c0) * h + (r - r0);
                    for (int i = 0; i < n; i++) {
                        d.put(di + i, tile[j * n + i]);
                    }
                }
            }
            for (; c < c1; c++) {
                int di = (c - c0) * h + (r - r0);
                for (int i = 0; i < n; i++) {
                    d.put(di + i, s.get((r + i) * stride + c));
                }
            }
        }
        for (; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                d.put((c - c0) * h + (r - r0), s.get(r * stride + c));
            }
        }
    }
}
