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
     * The same transpose on heap arrays (the JIT drops their bounds checks in these counted loops): eight
     * source rows at a time, so each destination row gets eight consecutive elements per step.
     */
    static void ints(int[] s, int stride, int r0, int r1, int c0, int c1, int[] d) {
        int h = r1 - r0;
        int r = r0;
        for (; r + 8 <= r1; r += 8) {
            int b = r * stride;
            for (int c = c0; c < c1; c++) {
                int di = (c - c0) * h + (r - r0);
                int si = b + c;
                d[di] = s[si];
                d[di + 1] = s[si + stride];
                d[di + 2] = s[si + 2 * stride];
                d[di + 3] = s[si + 3 * stride];
                d[di + 4] = s[si + 4 * stride];
                d[di + 5] = s[si + 5 * stride];
                d[di + 6] = s[si + 6 * stride];
                d[di + 7] = s[si + 7 * stride];
            }
        }
        for (; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                d[(c - c0) * h + (r - r0)] = s[r * stride + c];
            }
        }
    }

    /** {@link #ints(int[], int, int, int, int, int, int[])} for 2-byte elements. */
    static void shorts(short[] s, int stride, int r0, int r1, int c0, int c1, short[] d) {
        int h = r1 - r0;
        int r = r0;
        for (; r + 8 <= r1; r += 8) {
            int b = r * stride;
            for (int c = c0; c < c1; c++) {
                int di = (c - c0) * h + (r - r0);
                int si = b + c;
                d[di] = s[si];
                d[di + 1] = s[si + stride];
                d[di + 2] = s[si + 2 * stride];
                d[di + 3] = s[si + 3 * stride];
                d[di + 4] = s[si + 4 * stride];
                d[di + 5] = s[si + 5 * stride];
                d[di + 6] = s[si + 6 * stride];
                d[di + 7] = s[si + 7 * stride];
            }
        }
        for (; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                d[(c - c0) * h + (r - r0)] = s[r * stride + c];
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
