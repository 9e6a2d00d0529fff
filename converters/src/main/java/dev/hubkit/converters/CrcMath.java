package dev.hubkit.converters;

/**
 * Combining CRCs of consecutive byte runs: given crc(A), crc(B) and |B|, computes crc(A || B) without
 * the bytes, so that two threads can checksum the two halves of a tensor. Works for any reflected
 * CRC-32 with all-ones init and final xor (CRC-32 of zip, CRC-32C of TensorFlow): multiplication by
 * x^(8|B|) modulo the polynomial, x^(2^k) taken from a table of squares.
 */
public final class CrcMath {
    /** Reflected polynomial of CRC-32 (zip, PNG). */
    public static final int CRC32 = 0xEDB88320;
    /** Reflected polynomial of CRC-32C (Castagnoli; TensorFlow, iSCSI). */
    public static final int CRC32C = 0x82F63B78;

    private static final int[] X2N_CRC32 = table(CRC32);
    private static final int[] X2N_CRC32C = table(CRC32C);

    private CrcMath() {
    }

    /**
     * The CRC of {@code A || B} from {@code crcA = crc(A)}, {@code crcB = crc(B)} and {@code lengthB = |B|}.
     *
     * @param poly {@link #CRC32} or {@link #CRC32C}
     */
    public static int combine(int poly, int crcA, int crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("negative length " + lengthB);
        }
        int[] x2n = poly == CRC32 ? X2N_CRC32 : poly == CRC32C ? X2N_CRC32C : table(poly);
        // x^(8 * lengthB) mod p: bit k of lengthB contributes x^(2^(k+3))
        int factor = 1 << 31; // x^0 in reflected order
        int k = 3;
        for (long n = lengthB; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                factor = multiply(poly, x2n[k], factor);
            }
        }
        return multiply(poly, factor, crcA) ^ crcB;
    }

    /** a(x) * b(x) mod p(x), reflected bit order. */
    private static int multiply(int poly, int a, int b) {
        int m = 1 << 31;
        int p = 0;
        while (true) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    return p;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ poly : b >>> 1;
        }
    }

    /** x^(2^k) mod p for k = 0..66 (enough for any long length: 8 * 2^63 = 2^66). */
    private static int[] table(int poly) {
        int[] t = new int[67];
        int p = 1 << 30; // x^1
        t[0] = p;
        for (int n = 1; n < t.length; n++) {
            p = multiply(poly, p, p);
            t[n] = p;
        }
        return t;
    }
}
