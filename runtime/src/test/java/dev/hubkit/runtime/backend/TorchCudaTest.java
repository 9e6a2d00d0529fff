package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The libtorch CUDA decision: device, CUDA build, and a trial tensor on device 0, in that order. */
class TorchCudaTest {
    private static final CudaDevices NONE = new CudaDevices(0, "no NVIDIA driver");
    private static final CudaDevices ONE = new CudaDevices(1, "1 NVIDIA GPU(s) in /proc/driver/nvidia/gpus");

    @Test
    void noDeviceNeverTouchesTheGpu() {
        AtomicInteger trials = new AtomicInteger();
        TorchCuda d = TorchCuda.decide(NONE, true, () -> {
            trials.incrementAndGet();
            return null;
        });
        assertThat(d.usable()).isFalse();
        assertThat(d.detail()).contains("no CUDA device", "no NVIDIA driver");
        assertThat(trials).hasValue(0);
    }

    @Test
    void cpuBuildWithADeviceSaysHowToGetCuda() {
        AtomicInteger trials = new AtomicInteger();
        TorchCuda d = TorchCuda.decide(ONE, false, () -> {
            trials.incrementAndGet();
            return null;
        });
        assertThat(d.usable()).isFalse();
        assertThat(d.detail()).contains("CPU build", "PYTORCH_LIBRARY_PATH");
        assertThat(trials).hasValue(0);
    }

    @Test
    void cudaBuildIsUsedOnlyWhenTheTrialTensorWorks() {
        TorchCuda failed = TorchCuda.decide(ONE, true, () -> "CUDA driver version is insufficient");
        assertThat(failed.usable()).isFalse();
        assertThat(failed.detail()).contains("could not use CUDA device 0", "driver version is insufficient");

        TorchCuda ok = TorchCuda.decide(ONE, true, () -> null);
        assertThat(ok.usable()).isTrue();
        assertThat(ok.detail()).contains("CUDA device 0 usable");
    }

    @Test
    void bundledCpuLibtorchIsKnownWithoutLoadingIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("PYTORCH_LIBRARY_PATH") == null,
                "PYTORCH_LIBRARY_PATH set");
        assertThat(NativeProbe.torchCpuOnly()).hasValueSatisfying(why -> assertThat(why).contains("CPU build", "2.7.1"));
    }
}
