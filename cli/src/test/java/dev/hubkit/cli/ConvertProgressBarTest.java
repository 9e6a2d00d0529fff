package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        OnTerminal.assumeScript();
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
        String terminal = OnTerminal.run(dir, 6000, "convert", src.toString(), dir.resolve("out.bin").toString());
        assertThat(terminal).contains("%").contains(" MB"); // the bar was drawn
        assertThat(terminal).doesNotContain("MBhubkit");
        assertThat(terminal).matches("(?s).*\\r *\\rhubkit: converting [^\\r\\n]*File too large\\r?\\n$");
    }
}
