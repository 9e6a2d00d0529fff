package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Helper tasks run on threads of their own and are done when those threads end. */
class OwnThreadTaskTest {
    @Test
    void resultComesBackAndTheThreadHasEnded() throws Exception {
        Future<String> f = Workers.submit(() -> Thread.currentThread().getName());
        assertThat(f.get()).isEqualTo("hubkit-io-helper");
        assertThat(f.isDone()).isTrue();
        assertThat(Workers.submit("hubkit-transpose", () -> Thread.currentThread().getName()).get())
                .isEqualTo("hubkit-transpose");
    }

    @Test
    void failureIsThrownAsItWasThrown() {
        IOException thrown = new IOException("disk full");
        Future<Void> f = Workers.submit(() -> {
            throw thrown;
        });
        assertThatThrownBy(() -> Workers.await(f)).isSameAs(thrown);
        Future<Void> g = Workers.submit(() -> {
            throw new InternalError("a fault occurred in an unsafe memory access operation");
        });
        assertThatThrownBy(() -> Workers.await(g)).isInstanceOf(InternalError.class);
    }

    @Test
    void waitingWithATimeoutTimesOutWhileTheTaskRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> f = Workers.submit(() -> {
            release.await();
            return 7;
        });
        assertThatThrownBy(() -> f.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(f.isDone()).isFalse();
        assertThat(f.cancel(false)).isTrue();
        release.countDown();
        assertThat(f.get()).as("a task already running finishes").isEqualTo(7);
        assertThat(f.cancel(false)).isFalse();
    }

    @Test
    void manyTasksEachOnAThreadOfItsOwnAllFinish() throws Exception {
        java.util.List<Future<Long>> running = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            running.add(Workers.submit(() -> Thread.currentThread().getId()));
        }
        java.util.Set<Long> threads = new java.util.HashSet<>();
        for (Future<Long> f : running) {
            threads.add(f.get());
        }
        assertThat(threads).hasSize(200);
    }
}
