package dev.hubkit.runtime.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Length-aware micro-batching: inputs sorted by length, cut into micro-batches of at most
 * {@code maxRows} inputs whose padded size (rows x longest length) stays within a token budget,
 * where the cuts fall where they cost least (padding against the fixed cost of a call).
 * Sorting keeps padding small; the budget keeps a large user batch from becoming one huge padded
 * tensor, which is slower per sentence on CPUs than several cache-sized ones.
 */
public final class MicroBatches {
    /** Micro-batches per worker thread the balanced budget aims for, so threads finish together. */
    static final int BATCHES_PER_THREAD = 4;
    /** Smallest budget balancing lowers to; below it per-call overhead dominates. */
    static final int MIN_BALANCED_BUDGET = 128;
    /**
     * Fixed cost of one model call in tokens' worth of work. A call of few tokens is bound by
     * streaming the weights from memory, a large one by arithmetic, so this is the machine's FLOPs
     * per byte rather than anything of the model's. Measured with single-threaded ONNX Runtime calls
     * of all-MiniLM-L6-v2 on a 2-core AMD EPYC VM: 2.5-3 ms per call for 1-4 tokens, 0.14-0.15 ms per
     * further token (bench's ShapeProbe).
     */
    static final double CALL_COST_TOKENS = 16;
    /**
     * Padded length at which attention's score and mix matmuls ({@code 4 x L x hidden} FLOPs per token
     * and layer) cost as much as the layer's weight matmuls ({@code 24 x hidden^2}): {@code 6 x hidden},
     * taken for hidden size 384. Only the balance of padding against calls depends on it, and weakly.
     */
    static final double ATTENTION_LENGTH = 2304;

    private MicroBatches() {
    }

    /**
     * Plans micro-batches for {@code threads} concurrent workers, in the order to run them. With
     * several threads the budget is lowered so each thread gets about {@link #BATCHES_PER_THREAD}
     * micro-batches (never below {@link #MIN_BALANCED_BUDGET} tokens), and the longest micro-batches
     * come first, so no thread is left running a long one while the others idle.
     *
     * @param tokenBudget as in {@link #plan}; 0 (no budget) is left alone
     */
    public static List<int[]> schedule(int[] lengths, int maxRows, int tokenBudget, int threads) {
        if (threads <= 1) {
            return plan(lengths, maxRows, tokenBudget);
        }
        int budget = tokenBudget;
        if (budget > 0) {
            long total = 0;
            for (int l : lengths) {
                total += l;
            }
            long share = total / ((long) BATCHES_PER_THREAD * threads);
            budget = (int) Math.min(budget, Math.max(MIN_BALANCED_BUDGET, share));
        }
        List<int[]> out = new ArrayList<>(plan(lengths, maxRows, budget));
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Plans micro-batches. Inputs are sorted by length and cut into runs of neighbours; without a
     * budget (GPUs) every run but the last has {@code maxRows} inputs. With a budget the cuts are the
     * ones that minimise the estimated cost of the whole plan (dynamic programming over the sorted
     * lengths): each call costs {@link #CALL_COST_TOKENS} plus its padded tokens, weighted by
     * attention's share, which grows with the padded length ({@link #ATTENTION_LENGTH}). So a cut
     * is made where it saves more padding than a call costs, rather than wherever a batch is full.
     *
     * @param lengths     token count of every input (index = input position)
     * @param maxRows     most inputs per micro-batch (the user's batch size), {@code >= 1}
     * @param tokenBudget most padded tokens (rows x padded length) per micro-batch; a single input
     *                    longer than the budget still gets its own micro-batch. 0 means no budget
     * @return input indices of each micro-batch, shortest inputs first; every index appears once
     */
    public static List<int[]> plan(int[] lengths, int maxRows, int tokenBudget) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("micro-batch size must be >= 1, got " + maxRows);
        }
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("token budget must be >= 0 (0 = none), got " + tokenBudget);
        }
        int n = lengths.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingInt(i -> lengths[i]));
        int[] order = new int[n];
        int[] sorted = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
            sorted[k] = Math.max(1, lengths[order[k]]);
        }
        int[] ends = tokenBudget == 0 ? fullCuts(n, maxRows) : cheapestCuts(sorted, maxRows, tokenBudget);
        List<int[]> out = new ArrayList<>(ends.length);
        int from = 0;
        for (int to : ends) {
            out.add(Arrays.copyOfRange(order, from, to));
            from = to;
        }
        return out;
    }

    /** Estimated cost of one call on {@code rows} inputs padded to {@code length}, in token units. */
    static double cost(int rows, int length) {
        return CALL_COST_TOKENS + (double) rows * length * (1 + length / ATTENTION_LENGTH);
    }

    /** Ends of runs of {@code maxRows} (the last may be shorter). */
    private static int[] fullCuts(int n, int maxRows) {
        int[] ends = new int[(n + maxRows - 1) / maxRows];
        for (int k = 0; k < ends.length; k++) {
            ends[k] = Math.min(n, (k + 1) * maxRows);
        }
        return ends;
    }

    /**
     * Ends of the runs of ascending {@code sorted} lengths with the least total {@link #cost}, each
     * within {@code maxRows} and {@code budget} (a run of one may exceed the budget). O(n x rows per run).
     */
    private static int[] cheapestCuts(int[] sorted, int maxRows, int budget) {
        int n = sorted.length;
        double[] best = new double[n + 1];
        int[] start = new int[n + 1];
        for (int j = 1; j <= n; j++) {
            int len = sorted[j - 1];
            best[j] = Double.POSITIVE_INFINITY;
            for (int rows = 1; rows <= Math.min(maxRows, j); rows++) {
                if (rows > 1 && (long) rows * len > budget) {
                    break;
                }
                double c = best[j - rows] + cost(rows, len);
                // Ties go to the larger run: fewer calls when the estimate cannot tell.
                if (c <= best[j]) {
                    best[j] = c;
                    start[j] = j - rows;
                }
            }
        }
        int count = 0;
        for (int j = n; j > 0; j = start[j]) {
            count++;
        }
        int[] ends = new int[count];
        for (int j = n, k = count - 1; j > 0; j = start[j], k--) {
            ends[k] = j;
        }
        return ends;
    }
}
