package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first failure of a parallel snapshot: its message, and the workers it stops before the call returns. */
class ParallelFilesTest {

    @TempDir
    Path tmp;

    /** A failure of a kind a {@code Supplier} cannot declare (as a sneaky throw or a library's checked one). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void aFailureIsWordedByItsOwnMessageNeverByAJavaClassName() {
        for (IOException cause : List.of(new IOException("the disk is on fire"), new IOException())) {
            List<Supplier<Path>> jobs = List.of(() -> {
                throw sneaky(cause);
            }, () -> tmp);
            assertThatThrownBy(() -> ParallelFiles.run(jobs, 2, "snapshot download of acme/tiny"))
                    .isInstanceOf(HubException.class)
                    .hasMessageStartingWith("snapshot download of acme/tiny failed: ")
                    .hasMessageEndingWith(cause.getMessage() == null ? "input/output error" : "the disk is on fire")
                    .hasCause(cause)
                    .message().doesNotContain("Exception").doesNotContain("java.");
        }
        HubException own = new HubException("file x.bin: 404");
        assertThatThrownBy(() -> ParallelFiles.run(List.of(() -> {
            throw own;
        }, () -> tmp), 2, "w")).isSameAs(own);
    }

    /**
     * One job fails while the others are writing files and do not check for interrupts between two writes: the call
     * returns only once they have stopped, so no file appears after it returned.
     */
    @Test
    void aFailureWaitsForTheCancelledWorkersBeforeItReturns() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        CountDownLatch writing = new CountDownLatch(3);
        List<Supplier<Path>> jobs = new ArrayList<>();
        jobs.add(() -> {
            await(writing);
            throw new HubException("file bad.bin failed");
        });
        for (int w = 0; w < 3; w++) {
            int id = w;
            jobs.add(() -> {
                writing.countDown();
                for (int part = 0; part < 4; part++) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(80);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // a write that does not look at the interrupt flag
                    }
                    try {
                        Files.writeString(out.resolve("w" + id + "-" + part), "x");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return out;
            });
        }
        assertThatThrownBy(() -> ParallelFiles.run(jobs, 4, "snapshot download of acme/tiny"))
                .hasMessage("file bad.bin failed");
        List<String> atReturn = list(out);
        Thread.sleep(600);
        assertThat(list(out)).as("files written after the call returned").isEqualTo(atReturn);
    }

    /** A worker that never stops holds the failure back only for the bounded wait. */
    @Test
    void theWaitForAWorkerThatNeverStopsIsBounded() {
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        List<Supplier<Path>> jobs = List.of(() -> {
            await(started);
            throw new HubException("file bad.bin failed");
        }, () -> {
            started.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
            return tmp;
        });
        long t0 = System.nanoTime();
        try {
            assertThatThrownBy(() -> ParallelFiles.run(jobs, 2, "w", Duration.ofMillis(300)))
                    .hasMessage("file bad.bin failed");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        } finally {
            release.set(true);
        }
    }

    /** The caller interrupted: the workers are stopped and waited for, and the interrupt flag stays set. */
    @Test
    void anInterruptedCallerStopsItsWorkersAndKeepsItsFlag() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        CountDownLatch started = new CountDownLatch(2);
        AtomicBoolean flagKept = new AtomicBoolean();
        List<Supplier<Path>> jobs = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int id = w;
            jobs.add(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // finishing a write after the interrupt
                    }
                    try {
                        Files.writeString(out.resolve("late-" + id), "x");
                    } catch (IOException io) {
                        throw new java.io.UncheckedIOException(io);
                    }
                }
                return out;
            });
        }
        List<Throwable> thrown = new ArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                ParallelFiles.run(jobs, 2, "snapshot download of acme/tiny");
            } catch (RuntimeException e) {
                thrown.add(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown).singleElement().isInstanceOf(HubTransportException.class);
        assertThat(flagKept).isTrue();
        assertThat(list(out)).containsExactlyInAnyOrder("late-0", "late-1");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
