package dev.hubkit.runtime.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Length-aware micro-batching: inputs sorted by length, cut into micro-batches of at most
 * {@code maxRows} inputs whose padded size (rows x longest length) stays within a token budget.
 * Sorting keeps padding small; the budget keeps a large user batch from becoming one huge padded
 * tensor, which is slower per sentence on CPUs than several cache-sized ones.
 */
public final class MicroBatches {
    /** Micro-batches per worker thread the balanced budget aims for, so threads finish together. */
    static final int BATCHES_PER_THREAD = 4;
    /** Smallest budget balancing lowers to; below it per-call overhead dominates. */
    static final int MIN_BALANCED_BUDGET = 128;

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
     * Plans micro-batches.
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
        List<int[]> out = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int to = from + 1;
            // Sorted ascending, so the candidate is the longest: the padded size is rows x its length.
            while (to < n && to - from < maxRows
                    && (tokenBudget == 0 || (long) (to + 1 - from) * Math.max(1, lengths[boxed[to]]) <= tokenBudget)) {
                to++;
            }
            int[] batch = new int[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = boxed[k];
            }
            out.add(batch);
            from = to;
        }
        return out;
    }
}
