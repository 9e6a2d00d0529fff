package dev.hubkit.runtime.backend;

import java.nio.file.Path;
import java.util.List;

/**
 * Why a backend was chosen: the engine, the file, the device and the reasoning step by step
 * (what the model ships, which native libraries loaded, what the user asked for).
 *
 * @param chosen  the engine that serves the model
 * @param file    the model file it loaded
 * @param device  where it runs ("cpu", "cuda:0", "gpu(0)")
 * @param reasons one line per decision, in order
 */
public record Explanation(BackendKind chosen, Path file, String device, List<String> reasons) {

    /** Copies the reasons. */
    public Explanation {
        reasons = List.copyOf(reasons);
    }

    /** Multi-line text for {@code hubkit run --explain}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("backend: ").append(chosen.cliName()).append(" (").append(file).append(") on ").append(device);
        for (String r : reasons) {
            sb.append(System.lineSeparator()).append("  - ").append(r);
        }
        return sb.toString();
    }
}
