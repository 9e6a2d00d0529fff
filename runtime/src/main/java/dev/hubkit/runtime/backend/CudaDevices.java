package dev.hubkit.runtime.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds NVIDIA CUDA devices without loading any CUDA library: the driver's
 * {@code /proc/driver/nvidia/gpus/} entries, else {@code nvidia-smi -L}, then narrowed by
 * {@code CUDA_VISIBLE_DEVICES}. Detected once per JVM.
 *
 * @param count  usable devices (0 when none)
 * @param detail how they were found, for explanations
 */
public record CudaDevices(int count, String detail) {
    private static final Logger LOG = LoggerFactory.getLogger(CudaDevices.class);
    private static final Path PROC = Path.of("/proc/driver/nvidia/gpus");
    private static volatile CudaDevices detected;

    /** True when at least one device is usable. */
    public boolean present() {
        return count > 0;
    }

    /** The devices of this machine (cached). */
    public static CudaDevices detect() {
        CudaDevices d = detected;
        if (d == null) {
            synchronized (CudaDevices.class) {
                if (detected == null) {
                    detected = detect(PROC, System.getenv(), CudaDevices::nvidiaSmi);
                }
                d = detected;
            }
        }
        return d;
    }

    /** Source of {@code nvidia-smi -L} output lines; empty when the tool is absent. */
    @FunctionalInterface
    interface SmiLister {
        List<String> list();
    }

    /** Detection from the given driver folder, environment and nvidia-smi (for tests). */
    static CudaDevices detect(Path procGpus, Map<String, String> env, SmiLister smi) {
        int found;
        String how;
        if (Files.isDirectory(procGpus)) {
            try (Stream<Path> s = Files.list(procGpus)) {
                found = (int) s.count();
            } catch (IOException e) {
                found = 0;
            }
            how = found + " NVIDIA GPU(s) in " + procGpus;
        } else {
            List<String> gpus = smi.list().stream().filter(l -> l.startsWith("GPU ")).toList();
            found = gpus.size();
            how = found > 0 ? found + " GPU(s) from nvidia-smi -L" : "no NVIDIA driver (" + procGpus
                    + " absent, no nvidia-smi)";
        }
        String visible = env.get("CUDA_VISIBLE_DEVICES");
        if (found > 0 && visible != null) {
            String v = visible.trim();
            int allowed = v.isEmpty() || v.equals("-1") || v.equalsIgnoreCase("none") ? 0 : v.split(",").length;
            if (allowed < found) {
                how += ", " + allowed + " visible (CUDA_VISIBLE_DEVICES=" + visible + ")";
                found = allowed;
            }
        }
        return new CudaDevices(found, how);
    }

    private static List<String> nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            if (p.exitValue() != 0) {
                return List.of();
            }
            return new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            return List.of(); // no nvidia-smi on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("interrupted while running nvidia-smi");
            return List.of();
        }
    }
}
