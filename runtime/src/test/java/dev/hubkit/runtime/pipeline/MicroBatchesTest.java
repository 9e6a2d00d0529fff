package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MicroBatchesTest {

    private static void checkPlan(int[] lengths, int maxRows, int budget, List<int[]> plan) {
        List<Integer> seen = new ArrayList<>();
        int previousMax = 0;
        for (int[] batch : plan) {
            assertThat(batch.length).isBetween(1, maxRows);
            int longest = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            int shortest = Arrays.stream(batch).map(i -> lengths[i]).min().orElseThrow();
            assertThat(shortest).as("sorted: no batch starts below the previous one's longest").isGreaterThanOrEqualTo(previousMax);
            previousMax = longest;
            if (budget > 0 && batch.length > 1) {
                assertThat((long) batch.length * longest).isLessThanOrEqualTo(budget);
            }
            for (int i : batch) {
                seen.add(i);
            }
        }
        assertThat(seen).hasSize(lengths.length).doesNotHaveDuplicates();
    }

    @Test
    void coversEveryInputOnceSortedWithinRowsAndBudget() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = 2 + r.nextInt(130);
            }
            int maxRows = 1 + r.nextInt(130);
            int budget = r.nextBoolean() ? 0 : 1 + r.nextInt(2048);
            checkPlan(lengths, maxRows, budget, MicroBatches.plan(lengths, maxRows, budget));
        }
    }

    @Test
    void budgetCutsLargeBatchesAndLongInputsGetTheirOwn() {
        int[] lengths = {10, 10, 10, 10, 10, 10, 10, 10, 600, 50, 50};
        List<int[]> plan = MicroBatches.plan(lengths, 128, 100);
        // The eight 10-token inputs fit one batch (80 padded tokens; adding a 50 would pad 9 x 50),
        // the two 50s share one (2 x 50 = 100), and the 600 stands alone although it exceeds the budget.
        assertThat(plan).hasSize(3);
        assertThat(plan.get(0)).hasSize(8);
        assertThat(plan.get(1)).containsExactlyInAnyOrder(9, 10);
        assertThat(plan.get(2)).containsExactly(8);
    }

    @Test
    void withoutBudgetOnlyRowsLimit() {
        int[] lengths = {5, 4, 3, 2, 1};
        List<int[]> plan = MicroBatches.plan(lengths, 2, 0);
        assertThat(plan).hasSize(3);
        assertThat(plan.get(0)).containsExactly(4, 3);
        assertThat(plan.get(2)).containsExactly(0);
    }

    @Test
    void scheduleForSeveralThreadsBalancesAndRunsLongestFirst() {
        int[] lengths = new int[400];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 10 + (i * 37) % 90;
        }
        List<int[]> one = MicroBatches.schedule(lengths, 128, 2048, 1);
        assertThat(one).usingRecursiveComparison().isEqualTo(MicroBatches.plan(lengths, 128, 2048));
        List<int[]> eight = MicroBatches.schedule(lengths, 128, 2048, 8);
        // total 400 x ~55 tokens / (4 x 8 threads) ~ 680 tokens per micro-batch: many more batches than one thread gets
        assertThat(eight.size()).isGreaterThanOrEqualTo(MicroBatches.BATCHES_PER_THREAD * 8);
        List<int[]> ascending = new ArrayList<>(eight);
        java.util.Collections.reverse(ascending);
        checkPlan(lengths, 128, 2048, ascending);
        assertThat(lengths[eight.get(0)[0]]).isGreaterThanOrEqualTo(lengths[eight.get(eight.size() - 1)[0]]);
        // No budget stays no budget.
        assertThat(MicroBatches.schedule(lengths, 50, 0, 8)).hasSize(8);
    }

    /** Least total cost over every way to cut {@code sorted[from..]} into runs within rows and budget (brute force). */
    private static double cheapest(int[] sorted, int from, int maxRows, int budget) {
        if (from == sorted.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int rows = 1; rows <= maxRows && from + rows <= sorted.length; rows++) {
            int len = Math.max(1, sorted[from + rows - 1]);
            if (rows > 1 && (long) rows * len > budget) {
                break;
            }
            best = Math.min(best, MicroBatches.cost(rows, len) + cheapest(sorted, from + rows, maxRows, budget));
        }
        return best;
    }

    private static double cost(int[] lengths, List<int[]> plan) {
        double c = 0;
        for (int[] batch : plan) {
            c += MicroBatches.cost(batch.length, Math.max(1, Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow()));
        }
        return c;
    }

    @Test
    void budgetedPlansCostTheLeastOfAllSortedCuts() {
        Random r = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(12);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = 1 + r.nextInt(r.nextBoolean() ? 20 : 130);
            }
            int maxRows = 1 + r.nextInt(8);
            int budget = 1 + r.nextInt(300);
            List<int[]> plan = MicroBatches.plan(lengths, maxRows, budget);
            checkPlan(lengths, maxRows, budget, plan);
            int[] sorted = Arrays.stream(lengths).sorted().toArray();
            assertThat(cost(lengths, plan)).isCloseTo(cheapest(sorted, 0, maxRows, budget), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void cutsWhereTheySaveMorePaddingThanACallCosts() {
        // Eight 10-token inputs and eight 60-token ones, room for all sixteen in one call: one batch
        // would pad the short ones by 8 x 50 tokens, far more than a second call costs.
        int[] lengths = {60, 10, 60, 10, 60, 10, 60, 10, 60, 10, 60, 10, 60, 10, 60, 10};
        List<int[]> plan = MicroBatches.plan(lengths, 16, 1024);
        assertThat(plan).hasSize(2);
        assertThat(Arrays.stream(plan.get(0)).map(i -> lengths[i])).containsOnly(10);
        // Nearly equal lengths are not worth a call of their own: 10 and 11 share one.
        int[] close = {11, 10, 10, 10};
        assertThat(MicroBatches.plan(close, 16, 1024)).hasSize(1);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> MicroBatches.plan(new int[] {1}, 0, 0)).hasMessageContaining("batch size must be >= 1");
        assertThatThrownBy(() -> MicroBatches.plan(new int[] {1}, 1, -1)).hasMessageContaining("token budget");
        assertThatThrownBy(() -> PipelineOptions.defaults().withTokenBudget(-5)).hasMessageContaining("token budget");
    }
}
