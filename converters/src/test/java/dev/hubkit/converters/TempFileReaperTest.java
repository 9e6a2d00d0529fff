package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversion stopped by SIGTERM or SIGINT (Ctrl-C) leaves no temporary output file behind. */
class TempFileReaperTest {

    @TempDir
    Path tmp;

    @Test
    void killedWhileWritingLeavesNoTemporaryFile() throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase().contains("win"), "signals are POSIX");
        for (String signal : new String[]{"TERM", "INT"}) {
            Path dir = Files.createDirectories(tmp.resolve(signal));
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HoldTempMain.class.getName(),
                    dir.resolve("out.safetensors").toString(), dir.resolve("tf_model.h5").toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(r.readLine()).isEqualTo("writing");
                try (Stream<Path> s = Files.list(dir)) {
                    assertThat(s.map(f -> f.getFileName().toString())).hasSize(2)
                            .allMatch(n -> n.startsWith(".") && n.endsWith(".tmp"));
                }
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s).as("left after SIG" + signal).isEmpty();
            }
        }
    }

    @Test
    void aTargetNameNearTheFileSystemLimitStillGetsATemporaryFile() throws Exception {
        String name = "a".repeat(240) + ".safetensors";
        AtomicFile out = AtomicFile.create(tmp.resolve(name));
        out.channel().write(java.nio.ByteBuffer.wrap(new byte[8]));
        out.commit();
        assertThat(tmp.resolve(name)).hasSize(8);
        Path sibling = AtomicFile.createSibling(tmp.resolve("\u00e9".repeat(120) + ".h5"));
        assertThat(sibling.getFileName().toString().length()).isLessThan(80);
        Files.delete(sibling);
        AtomicFile.released(sibling);
    }

    @Test
    void committedAndClosedFilesAreReleased() throws Exception {
        AtomicFile done = AtomicFile.create(tmp.resolve("a.bin"));
        Path temp = Files.list(tmp).findFirst().orElseThrow();
        assertThat(TempFileReaper.isLive(temp)).isTrue();
        done.commit();
        assertThat(TempFileReaper.isLive(temp)).isFalse();
        try (AtomicFile dropped = AtomicFile.create(tmp.resolve("b.bin"))) {
            assertThat(dropped.target()).isEqualTo(tmp.resolve("b.bin").toAbsolutePath());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactly("a.bin");
        }
    }
}
