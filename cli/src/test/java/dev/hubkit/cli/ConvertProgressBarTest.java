package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit convert} on a terminal draws a progress bar on stderr; when the conversion fails half-way (a full
 * disk: {@code ulimit -f}) the bar is wiped, so the error starts its own line instead of running on from the bar.
 * The terminal is a pseudo-terminal from util-linux {@code script}; the test is skipped where it is missing.
 */
@EnabledOnOs(OS.LINUX)
class ConvertProgressBarTest {
    @TempDir
    Path dir;

    @Test
    void aFailureHalfWayWipesTheBarBeforeItsErrorLine() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        Path src = dir.resolve("src.safetensors");
        List<TensorInfo> plan = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            plan.add(new TensorInfo(name, DType.F32, new long[] {1024, 1024})); // 4 MiB each
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(src, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            w.finish();
        }
        String terminal = onTerminal(6000, "convert", src.toString(), dir.resolve("out.bin").toString());
        assertThat(terminal).contains("%").contains(" MB"); // the bar was drawn
        assertThat(terminal).doesNotContain("MBhubkit");
        assertThat(terminal).matches("(?s).*\\r *\\rhubkit: converting [^\\r\\n]*File too large\\r?\\n$");
    }

    /** What {@code hubkit ARGS} writes to a terminal (stdout and stderr) with files limited to {@code limitKib} KiB. */
    private String onTerminal(int limitKib, String... args) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("ulimit -f " + limitKib + " && exec ");
        command.append(quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" -Xmx256m -cp ").append(quoted(System.getProperty("java.class.path")))
                .append(" dev.hubkit.cli.Hubkit");
        for (String a : args) {
            command.append(' ').append(quoted(a));
        }
        Path typescript = dir.resolve("terminal.txt");
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", "bash -c " + quoted(command.toString()), "/dev/null")
                .redirectOutput(typescript.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        return Files.readString(typescript, StandardCharsets.UTF_8);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
