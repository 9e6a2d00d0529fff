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

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> MicroBatches.plan(new int[] {1}, 0, 0)).hasMessageContaining("batch size must be >= 1");
        assertThatThrownBy(() -> MicroBatches.plan(new int[] {1}, 1, -1)).hasMessageContaining("token budget");
        assertThatThrownBy(() -> PipelineOptions.defaults().withTokenBudget(-5)).hasMessageContaining("token budget");
    }
}
