package dev.hubkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The processor a benchmark ran on, as a report names it: model name, family and model number, and
 * the widest SIMD extension ONNX Runtime's and the JIT's kernels can use (AVX-512 or AVX2 roughly
 * halves or doubles float throughput per core, so results from different CPUs are not comparable).
 */
public final class CpuInfo {
    private CpuInfo() {
    }

    /** For example {@code "AMD EPYC, family 25 model 1, AVX2 (no AVX-512)"}; "CPU unknown" off Linux. */
    public static String describe() {
        try {
            return describe(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return "CPU unknown";
        }
    }

    static String describe(List<String> cpuinfo) {
        String name = field(cpuinfo, "model name");
        String family = field(cpuinfo, "cpu family");
        String model = field(cpuinfo, "model");
        String flags = " " + field(cpuinfo, "flags") + " ";
        String simd = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2 (no AVX-512)" : "no AVX2";
        StringBuilder sb = new StringBuilder(name.isEmpty() ? "CPU" : name);
        if (!family.isEmpty()) {
            sb.append(", family ").append(family).append(" model ").append(model);
        }
        return sb.append(", ").append(simd).toString();
    }

    /** The value of the first line {@code key<tabs>: value} (empty when absent). */
    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
