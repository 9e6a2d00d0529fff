package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.HubCacheException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The OS lock layer: flock on Unix (what Python's filelock takes), FileChannel as the fallback. */
class FileLockerTest {

    @TempDir
    Path tmp;

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void flockIsTheSystemLockerOnUnix() {
        assertThat(FileLocker.system()).isInstanceOf(FlockLocker.class);
        assertThat(BlobLock.mechanism()).isEqualTo("flock");
        assertThat(((FlockLocker) FileLocker.system()).usesDirectCalls()).isTrue();
    }

    /** huggingface_hub's {@code WeakFileLock} mode, whatever the umask: a group sharing a cache shares its locks. */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void lockFilesAreGroupWritableAsHuggingfaceHubMakesThem() throws Exception {
        Path f = tmp.resolve("blob.lock");
        try (FileLocker.Held held = FileLocker.system().tryLock(f)) {
            assertThat(held).isNotNull();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-rw-r--");
        }
        Path other = tmp.resolve("other.lock");
        Files.createFile(other, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileLocker.Held held = FileLocker.system().tryLock(other)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-rw-r--");
        }
        // huggingface_hub's shared-store locks are rw-rw-rw-: never narrowed
        Path wide = tmp.resolve("wide.lock");
        Files.createFile(wide);
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (FileLocker.Held held = FileLocker.system().tryLock(wide)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wide))).isEqualTo("rw-rw-rw-");
        }
    }

    @Test
    void aSecondOpenInTheSameJvmIsExcludedUntilTheFirstIsReleased() throws Exception {
        for (FileLocker locker : lockers()) {
            Path f = tmp.resolve(locker.name() + ".lock");
            FileLocker.Held first = locker.tryLock(f);
            assertThat(first).as(locker.name()).isNotNull();
            assertThat(locker.tryLock(f)).as(locker.name() + " while held").isNull();
            first.close();
            FileLocker.Held again = locker.tryLock(f);
            assertThat(again).as(locker.name() + " after release").isNotNull();
            again.close();
        }
    }

    @Test
    void blobLockExcludesThreadsAndTimesOut() throws Exception {
        for (FileLocker locker : lockers()) {
            Path f = tmp.resolve("t-" + locker.name() + "/x.lock");
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                        for (int k = 0; k < 20; k++) {
                            try (BlobLock l = BlobLock.acquire(f, Duration.ofSeconds(60), locker)) {
                                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                Thread.yield();
                                inside.decrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                threads[i].start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(maxInside.get()).as(locker.name()).isEqualTo(1);

            // held by an independent open of the file (as another process would): acquire times out
            FileLocker.Held other = locker.tryLock(f);
            try {
                assertThatThrownBy(() -> BlobLock.acquire(f, Duration.ofMillis(100), locker))
                        .isInstanceOf(HubCacheException.class).hasMessageContaining("for more than");
            } finally {
                other.close();
            }
            BlobLock.acquire(f, Duration.ofSeconds(5), locker).close();
        }
    }

    @Test
    void finishedLocksLeaveNothingBehindInTheJvm() throws Exception {
        FileLocker locker = FileLocker.system();
        int before = BlobLock.localLocksInUse();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            int id = i;
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 200; k++) {
                    // half the files are shared between threads, half are this thread's own
                    Path f = tmp.resolve("many/" + (k % 2 == 0 ? "shared-" + k % 10 : "own-" + id + "-" + k) + ".lock");
                    BlobLock.acquire(f, Duration.ofSeconds(60), locker).close();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // a wait that times out in this JVM, and one that times out on another holder of the file
        Path f = tmp.resolve("many/held.lock");
        try (BlobLock held = BlobLock.acquire(f, Duration.ofSeconds(5), locker)) {
            Thread waiter = new Thread(() -> assertThatThrownBy(() -> BlobLock.acquire(f, Duration.ofMillis(50), locker))
                    .isInstanceOf(HubCacheException.class));
            waiter.start();
            waiter.join();
        }
        FileLocker.Held other = locker.tryLock(f);
        try {
            assertThatThrownBy(() -> BlobLock.acquire(f, Duration.ofMillis(50), locker))
                    .isInstanceOf(HubCacheException.class);
        } finally {
            other.close();
        }
        assertThat(BlobLock.localLocksInUse()).isEqualTo(before);
    }

    /**
     * A link planted where a lock goes (huggingface_hub's shared-store lock opens with O_NOFOLLOW): never locked
     * through, never has its target's mode widened; refused with a message that names it and says to remove it.
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aSymlinkedLockFileIsRefusedAndItsTargetKeepsItsMode() throws Exception {
        Path secret = tmp.resolve("secret");
        Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        for (FileLocker locker : lockers()) {
            Path link = Files.createSymbolicLink(tmp.resolve(locker.name() + "-planted.lock"), secret);
            assertThatThrownBy(() -> locker.tryLock(link)).isInstanceOf(HubCacheException.class)
                    .hasMessageContaining(link.toString()).hasMessageContaining("symbolic link")
                    .hasMessageContaining("remove " + link);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }
        Path viaBlobLock = Files.createSymbolicLink(tmp.resolve("blob.lock"), secret);
        assertThatThrownBy(() -> BlobLock.acquire(viaBlobLock, Duration.ofSeconds(1)))
                .isInstanceOf(HubCacheException.class).hasMessageContaining("remove " + viaBlobLock);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(BlobLock.localLocksInUse()).isZero();
        // a dangling link is not followed to create its target either
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.lock"), tmp.resolve("created-through-link"));
        for (FileLocker locker : lockers()) {
            assertThatThrownBy(() -> locker.tryLock(dangling)).isInstanceOf(HubCacheException.class);
        }
        assertThat(tmp.resolve("created-through-link")).doesNotExist();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFolderWhereALockGoesIsRefusedByName() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dir.lock"));
        for (FileLocker locker : lockers()) {
            assertThatThrownBy(() -> locker.tryLock(dir)).isInstanceOf(HubCacheException.class)
                    .hasMessageContaining(dir + " is a folder").hasMessageContaining("remove " + dir);
        }
    }

    /** Only a lock file the current user owns has its mode widened (root could change anyone's). */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aLockFileOfAnotherUserKeepsItsMode() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file to another user");
        Path f = tmp.resolve("theirs.lock");
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.setAttribute(f, "unix:uid", 65534);
        try (FileLocker.Held held = FileLocker.system().tryLock(f)) {
            assertThat(held).isNotNull();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }

    private static List<FileLocker> lockers() {
        FileLocker sys = FileLocker.system();
        return sys instanceof ChannelLocker ? List.of(sys) : List.of(sys, new ChannelLocker());
    }
}
