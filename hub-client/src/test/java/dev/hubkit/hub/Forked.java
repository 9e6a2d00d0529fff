package dev.hubkit.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a fresh JVM with extra environment variables. */
final class Forked {

    private Forked() {
    }

    record Result(int exit, String output) {
    }

    static Process start(Class<?> main, Map<String, String> env, Path log, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        String djl = System.getProperty("DJL_CACHE_DIR");
        if (djl != null) {
            cmd.add("-DDJL_CACHE_DIR=" + djl);
        }
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HF_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static Result run(Class<?> main, Map<String, String> env, Path log, String... args) throws Exception {
        Process p = start(main, env, log, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("forked " + main.getSimpleName() + " did not finish");
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(log, StandardCharsets.UTF_8));
    }
}
