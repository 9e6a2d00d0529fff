package dev.hubkit.runtime.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a libtorch that {@code PYTORCH_LIBRARY_PATH} points DJL at against the libtorch version that
 * the pytorch-jni on the classpath was built for. DJL does not compare them, and a JNI library driving
 * another libtorch release crashes the JVM (measured: libtorch 2.11 under the 2.7.1 JNI failed on its
 * first tensor and died with SIGSEGV loading a model), so a known mismatch is refused before DJL loads.
 */
final class LibtorchOverride {
    private static final Pattern VERSION_PY = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    private LibtorchOverride() {
    }

    /**
     * Why the libtorch in {@code libraryPath} cannot be used with a JNI built for {@code jniLibtorch}, or
     * empty when it can or when its version cannot be told (DJL then goes ahead as before).
     *
     * @param libraryPath the value of {@code PYTORCH_LIBRARY_PATH} (folders separated by ':')
     * @param jniLibtorch the libtorch version the JNI library was built for, such as {@code 2.7.1}
     */
    static Optional<String> mismatch(String libraryPath, String jniLibtorch) {
        for (String entry : libraryPath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path dir = Path.of(entry);
            if (Files.isRegularFile(dir)) {
                dir = dir.getParent();
            }
            if (dir == null || !Files.isRegularFile(dir.resolve(System.mapLibraryName("torch")))) {
                continue; // DJL skips such entries too
            }
            Optional<String> found = versionNear(dir);
            if (found.isEmpty() || sameRelease(found.get(), jniLibtorch)) {
                return Optional.empty();
            }
            return Optional.of("the libtorch in " + dir + " (PYTORCH_LIBRARY_PATH) is " + found.get()
                    + " but the pytorch-jni on the classpath was built for libtorch " + jniLibtorch
                    + ", and DJL crashes on a different release; point PYTORCH_LIBRARY_PATH at a libtorch "
                    + jniLibtorch + " (CUDA or CPU build), or unset it to use the bundled CPU libtorch");
        }
        return Optional.empty();
    }

    /** The libtorch version the classpath's pytorch-jni was built for, from its {@code jni_version}. */
    static Optional<String> jniLibtorchVersion() {
        return classpathProperties("/jnilib/pytorch.properties").map(p -> p.getProperty("jni_version", ""))
                .filter(v -> !v.isEmpty()).map(v -> v.indexOf('-') > 0 ? v.substring(0, v.indexOf('-')) : v);
    }

    /** A properties file on the classpath (DJL's native jars describe themselves so), if present and readable. */
    static Optional<Properties> classpathProperties(String resource) {
        try (InputStream in = LibtorchOverride.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            return Optional.of(p);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The release of the libtorch in {@code lib}: the {@code build-version} file of a libtorch archive
     * ({@code libtorch/build-version} beside {@code libtorch/lib}), or the {@code version.py} of a
     * pip-installed torch ({@code torch/version.py} beside {@code torch/lib}).
     */
    static Optional<String> versionNear(Path lib) {
        Path parent = lib.toAbsolutePath().getParent();
        if (parent == null) {
            return Optional.empty();
        }
        try {
            Path build = parent.resolve("build-version");
            if (Files.isRegularFile(build) && Files.size(build) < 4096) {
                String v = Files.readString(build, StandardCharsets.UTF_8).trim();
                if (!v.isEmpty()) {
                    return Optional.of(v);
                }
            }
            Path py = parent.resolve("version.py");
            if (Files.isRegularFile(py) && Files.size(py) < 65536) {
                Matcher m = VERSION_PY.matcher(Files.readString(py, StandardCharsets.UTF_8));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Same major and minor version (2.7.1 and 2.7.0+cu128 are one release line; 2.11.0 is not). */
    static boolean sameRelease(String a, String b) {
        Matcher ma = MAJOR_MINOR.matcher(a.trim());
        Matcher mb = MAJOR_MINOR.matcher(b.trim());
        if (!ma.find() || !mb.find()) {
            return true; // unknown shape: do not second-guess
        }
        return ma.group(1).equals(mb.group(1)) && ma.group(2).equals(mb.group(2));
    }
}
