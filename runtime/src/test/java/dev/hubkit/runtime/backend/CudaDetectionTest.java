package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.runtime.RuntimeBackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CUDA device detection (no CUDA library loaded) and the ONNX Runtime device decision. */
class CudaDetectionTest {
    @TempDir
    Path tmp;

    private Path gpus(int n) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("gpus"));
        for (int i = 0; i < n; i++) {
            Files.createDirectories(d.resolve("0000:00:0" + i + ".0"));
        }
        return d;
    }

    @Test
    void countsDriverEntriesAndHonoursCudaVisibleDevices() throws Exception {
        Path d = gpus(2);
        assertThat(CudaDevices.detect(d, Map.of(), List::of).count()).isEqualTo(2);
        assertThat(CudaDevices.detect(d, Map.of("CUDA_VISIBLE_DEVICES", "1"), List::of).count()).isEqualTo(1);
        CudaDevices hidden = CudaDevices.detect(d, Map.of("CUDA_VISIBLE_DEVICES", ""), List::of);
        assertThat(hidden.present()).isFalse();
        assertThat(hidden.detail()).contains("CUDA_VISIBLE_DEVICES");
    }

    @Test
    void fallsBackToNvidiaSmiThenToNone() {
        Path absent = tmp.resolve("no-driver");
        CudaDevices smi = CudaDevices.detect(absent, Map.of(),
                () -> List.of("GPU 0: NVIDIA H200 (UUID: GPU-1)", "GPU 1: NVIDIA H200 (UUID: GPU-2)"));
        assertThat(smi.count()).isEqualTo(2);
        assertThat(smi.detail()).contains("nvidia-smi");
        CudaDevices none = CudaDevices.detect(absent, Map.of(), List::of);
        assertThat(none.present()).isFalse();
        assertThat(none.detail()).contains("no NVIDIA driver");
    }

    @Test
    void gpuWithCpuOnlyOnnxRuntimeFallsBackToCpuAndSaysWhy() throws Exception {
        CudaDevices gpu = CudaDevices.detect(gpus(1), Map.of(), List::of);
        OnnxDevice auto = OnnxDevice.decide(DevicePreference.AUTO, false, gpu);
        assertThat(auto.cuda()).isFalse();
        assertThat(auto.reason()).contains("running on CPU", "CUDA device is present", "onnxruntime_gpu");
        assertThatThrownBy(() -> OnnxDevice.decide(DevicePreference.CUDA, false, gpu))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("--device cuda asked for")
                .hasMessageContaining("onnxruntime_gpu")
                .hasMessageContaining("--device auto or cpu");
    }

    @Test
    void gpuBuildUsesCudaOnlyWithADevice() throws Exception {
        CudaDevices gpu = CudaDevices.detect(gpus(1), Map.of(), List::of);
        CudaDevices none = CudaDevices.detect(tmp.resolve("none"), Map.of(), List::of);
        assertThat(OnnxDevice.decide(DevicePreference.AUTO, true, gpu).cuda()).isTrue();
        assertThat(OnnxDevice.decide(DevicePreference.CUDA, true, gpu).cuda()).isTrue();
        assertThat(OnnxDevice.decide(DevicePreference.CPU, true, gpu).cuda()).isFalse();
        OnnxDevice noDevice = OnnxDevice.decide(DevicePreference.AUTO, true, none);
        assertThat(noDevice.cuda()).isFalse();
        assertThat(noDevice.reason()).contains("no CUDA device was found");
        assertThatThrownBy(() -> OnnxDevice.decide(DevicePreference.CUDA, true, none))
                .hasMessageContaining("no CUDA device was found");
    }
}
