package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PYTORCH_LIBRARY_PATH libtorch of another release than the JNI library's is refused before DJL loads it. */
class LibtorchOverrideTest {
    @TempDir
    Path tmp;

    private Path pipTorch(String version) throws Exception {
        Path torch = Files.createDirectories(tmp.resolve("site-packages/torch"));
        Path lib = Files.createDirectories(torch.resolve("lib"));
        Files.write(lib.resolve(System.mapLibraryName("torch")), new byte[0]);
        Files.writeString(torch.resolve("version.py"), "from typing import Optional\n__version__ = '" + version
                + "'\ndebug = False\ncuda: Optional[str] = '13.0'\n");
        return lib;
    }

    private Path libtorchArchive(String buildVersion) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("libtorch"));
        Path lib = Files.createDirectories(root.resolve("lib"));
        Files.write(lib.resolve(System.mapLibraryName("torch")), new byte[0]);
        Files.writeString(root.resolve("build-version"), buildVersion + "\n");
        return lib;
    }

    @Test
    void pipTorchOfAnotherReleaseIsRefusedWithWhatToDo() throws Exception {
        Path lib = pipTorch("2.11.0+cu130");
        assertThat(LibtorchOverride.mismatch(lib.toString(), "2.7.1")).hasValueSatisfying(m -> assertThat(m)
                .contains("2.11.0+cu130", "2.7.1", "PYTORCH_LIBRARY_PATH", lib.toString()));
    }

    @Test
    void sameReleaseLineIsAccepted() throws Exception {
        assertThat(LibtorchOverride.mismatch(libtorchArchive("2.7.1+cu128").toString(), "2.7.1")).isEmpty();
        assertThat(LibtorchOverride.mismatch(pipTorch("2.7.0").toString(), "2.7.1")).isEmpty();
    }

    @Test
    void archiveBuildVersionIsRead() throws Exception {
        Path lib = libtorchArchive("2.5.1+cu124");
        assertThat(LibtorchOverride.versionNear(lib)).hasValue("2.5.1+cu124");
        assertThat(LibtorchOverride.mismatch(lib.toString(), "2.7.1")).isPresent();
    }

    @Test
    void unknownVersionOrNoLibtorchLeavesDjlToDecide() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare/lib"));
        Files.write(bare.resolve(System.mapLibraryName("torch")), new byte[0]);
        assertThat(LibtorchOverride.mismatch(bare.toString(), "2.7.1")).isEmpty();
        assertThat(LibtorchOverride.mismatch(tmp.resolve("missing").toString(), "2.7.1")).isEmpty();
        assertThat(LibtorchOverride.sameRelease("2.7.1", "2.7.1-20250812")).isTrue();
        assertThat(LibtorchOverride.sameRelease("2.10.0", "2.1.0")).isFalse();
    }

    @Test
    void theClasspathJniNamesItsLibtorch() {
        assertThat(LibtorchOverride.jniLibtorchVersion()).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+\\.\\d+"));
    }
}
