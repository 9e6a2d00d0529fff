package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.runtime.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runs scripts/make-tiny-torch-bert.py with Debian's python3-torch (skipped when absent) and checks
 * that the committed fixture's recorded PyTorch outputs are what PyTorch computes today.
 */
class FixtureScriptTest {

    @Test
    void committedFixtureMatchesAFreshPyTorchRun(@TempDir Path tmp) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import torch, onnx").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3-torch/python3-onnx not installed");
        Path script = locateScript();
        assumeTrue(script != null, "scripts/make-tiny-torch-bert.py not found from " + Path.of("").toAbsolutePath());
        Process p = new ProcessBuilder(python.toString(), script.toString(), "--out", tmp.resolve("tiny-bert").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("log.txt"))).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode fresh = json.readTree(tmp.resolve("tiny-bert/expected.json").toFile());
        JsonNode committed = json.readTree(TestModels.tinyBert().resolve("expected.json").toFile());
        assertThat(fresh.get("inputs")).isEqualTo(committed.get("inputs"));
        for (String name : new String[] {"last_hidden_state", "pooler_output"}) {
            JsonNode a = fresh.get("outputs").get(name);
            JsonNode b = committed.get("outputs").get(name);
            assertThat(a.size()).isEqualTo(b.size());
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).asDouble()).isCloseTo(b.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    private static Path locateScript() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
            Path s = dir.resolve("scripts/make-tiny-torch-bert.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        return null;
    }
}
