package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs the Python that the opt-in interop tests name ({@code HUBKIT_HF_PYTHON}). */
public final class PythonProcess {
    private PythonProcess() {
    }

    /** Runs {@code command}, asserts it ends within 2 minutes with exit 0, and returns its output (stderr merged). */
    public static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Whether {@code python} runs {@code statement} (e.g. {@code import huggingface_hub}) without error. */
    public static boolean runs(String python, String statement) {
        try {
            Process p = new ProcessBuilder(python, "-c", statement).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
