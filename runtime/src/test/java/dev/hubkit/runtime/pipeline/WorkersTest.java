package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.runtime.RuntimeBackendException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void runsEveryJobExactlyOnceOnSeveralThreads() {
        AtomicIntegerArray hits = new AtomicIntegerArray(500);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Workers.run(500, 4, i -> {
            hits.incrementAndGet(i);
            threads.add(Thread.currentThread().getName());
            // a little work so helpers get a chance to pick jobs up
            double x = 0;
            for (int k = 0; k < 20_000; k++) {
                x += Math.sqrt(k + i);
            }
            assertThat(x).isPositive();
        });
        for (int i = 0; i < 500; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
        assertThat(threads).contains(Thread.currentThread().getName());
    }

    @Test
    void firstFailureReachesTheCaller() {
        assertThatThrownBy(() -> Workers.run(50, 3, i -> {
            if (i == 17) {
                throw new RuntimeBackendException("job 17 broke");
            }
        })).isInstanceOf(RuntimeBackendException.class).hasMessage("job 17 broke");
    }

    @Test
    void singleThreadRunsInOrderOnTheCaller() {
        StringBuilder sb = new StringBuilder();
        Workers.run(5, 1, sb::append);
        assertThat(sb).hasToString("01234");
    }
}
