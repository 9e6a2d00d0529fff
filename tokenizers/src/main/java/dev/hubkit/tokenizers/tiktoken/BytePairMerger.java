package dev.hubkit.tokenizers.tiktoken;

/**
 * tiktoken's byte-pair merge over one pre-token: repeatedly merge the adjacent pair with the lowest
 * rank (leftmost on ties) until no pair is mergeable. Not thread-safe; one per encoding call.
 */
final class BytePairMerger {
    private final RankTable ranks;
    private int[] starts = new int[64];
    private int[] pairRanks = new int[64];
    private int[] partRanks = new int[64];

    BytePairMerger(RankTable ranks) {
        this.ranks = ranks;
    }

    /** Pieces longer than this use the heap-based merge (same result, O(n log n) instead of O(n^2)). */
    static final int LONG_PIECE = 256;

    /** Appends the ranks of {@code piece[from, to)} (length >= 2, not itself a token) to {@code out}. */
    void merge(byte[] piece, int from, int to, IntBuffer out) {
        int n = to - from;
        if (n > LONG_PIECE) {
            mergeLong(piece, from, to, out);
            return;
        }
        if (starts.length < n + 1) {
            starts = new int[n + 1];
            pairRanks = new int[n + 1];
            partRanks = new int[n + 1];
        }
        int[] st = starts;
        int[] rk = pairRanks;
        int[] pr = partRanks;
        int minRank = RankTable.NONE;
        int minIdx = -1;
        for (int i = 0; i < n - 1; i++) {
            int r = ranks.rank(piece, from + i, from + i + 2);
            if (r < minRank) {
                minRank = r;
                minIdx = i;
            }
            st[i] = from + i;
            rk[i] = r;
            pr[i] = ranks.rank(piece, from + i, from + i + 1);
        }
        pr[n - 1] = ranks.rank(piece, from + n - 1, from + n);
        st[n - 1] = from + n - 1;
        rk[n - 1] = RankTable.NONE;
        st[n] = to;
        rk[n] = RankTable.NONE;
        int size = n + 1; // number of boundaries
        while (minRank != RankTable.NONE) {
            int i = minIdx;
            pr[i] = minRank;
            if (i > 0) {
                rk[i - 1] = i + 2 < size ? ranks.rank(piece, st[i - 1], st[i + 2]) : RankTable.NONE;
            }
            rk[i] = i + 3 < size ? ranks.rank(piece, st[i], st[i + 3]) : RankTable.NONE;
            System.arraycopy(st, i + 2, st, i + 1, size - i - 2);
            System.arraycopy(rk, i + 2, rk, i + 1, size - i - 2);
            System.arraycopy(pr, i + 2, pr, i + 1, size - i - 2);
            size--;
            minRank = RankTable.NONE;
            minIdx = -1;
            for (int k = 0; k < size - 1; k++) {
                if (rk[k] < minRank) {
                    minRank = rk[k];
                    minIdx = k;
                }
            }
        }
        for (int k = 0; k < size - 1; k++) {
            int r = pr[k];
            if (r == RankTable.NONE) {
                throw new IllegalStateException("no rank for a piece; rank tables are checked to hold all 256 bytes");
            }
            out.add(r);
        }
    }

    /**
     * The same merge order for long pieces: parts form a linked list, candidate pairs sit in a heap
     * ordered by (rank, start) (= lowest rank, leftmost), stale entries are skipped.
     */
    void mergeLong(byte[] piece, int from, int to, IntBuffer out) {
        int n = to - from;
        int[] next = new int[n];     // index of the next part start (relative), n = end
        int[] prev = new int[n];
        int[] rank = new int[n];     // rank of merging part i with its next part
        boolean[] alive = new boolean[n];
        java.util.PriorityQueue<long[]> heap = new java.util.PriorityQueue<>(n,
                (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i < n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
            alive[i] = true;
            rank[i] = i + 2 <= n ? ranks.rank(piece, from + i, from + i + 2) : RankTable.NONE;
            if (rank[i] != RankTable.NONE) {
                heap.add(new long[] {rank[i], i});
            }
        }
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int i = (int) top[1];
            if (!alive[i] || rank[i] != top[0]) {
                continue;
            }
            int j = next[i];           // merged away
            int k = next[j];           // new next of i
            alive[j] = false;
            next[i] = k;
            if (k < n) {
                prev[k] = i;
            }
            rank[i] = k < n ? ranks.rank(piece, from + i, from + next[k]) : RankTable.NONE;
            if (rank[i] != RankTable.NONE) {
                heap.add(new long[] {rank[i], i});
            }
            int p = prev[i];
            if (p >= 0) {
                rank[p] = ranks.rank(piece, from + p, from + k);
                if (rank[p] != RankTable.NONE) {
                    heap.add(new long[] {rank[p], p});
                }
            }
        }
        for (int i = 0; i < n; i = next[i]) {
            out.add(ranks.rank(piece, from + i, from + next[i]));
        }
    }
}
