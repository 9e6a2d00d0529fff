package dev.hubkit.runtime.backend;

import dev.hubkit.runtime.RuntimeBackendException;

/**
 * Whether an ONNX Runtime session should use the CUDA execution provider, and why: CUDA needs
 * both the GPU build of ONNX Runtime (its CUDA provider) and a CUDA device.
 *
 * @param cuda   true to add the CUDA execution provider
 * @param reason why, for {@code hubkit run --explain}
 */
record OnnxDevice(boolean cuda, String reason) {

    /**
     * Decides the device.
     *
     * @param pref       the user's device preference
     * @param ortHasCuda whether this ONNX Runtime build offers the CUDA execution provider
     * @param devices    CUDA devices on this machine
     * @throws RuntimeBackendException when CUDA is demanded but cannot be used
     */
    static OnnxDevice decide(DevicePreference pref, boolean ortHasCuda, CudaDevices devices) {
        if (pref == DevicePreference.CPU) {
            return new OnnxDevice(false, "device cpu requested");
        }
        String missing = null;
        if (!ortHasCuda && devices.present()) {
            missing = "a CUDA device is present (" + devices.detail() + ") but this ONNX Runtime build has no CUDA"
                    + " execution provider (CPU build); put com.microsoft.onnxruntime:onnxruntime_gpu on the"
                    + " classpath instead of onnxruntime to use it";
        } else if (!ortHasCuda) {
            missing = "no CUDA device (" + devices.detail() + ") and this ONNX Runtime build has no CUDA execution"
                    + " provider (CPU build)";
        } else if (!devices.present()) {
            missing = "this ONNX Runtime build has the CUDA execution provider but no CUDA device was found ("
                    + devices.detail() + ")";
        }
        if (missing == null) {
            return new OnnxDevice(true, "CUDA execution provider on device 0 (" + devices.detail() + ")");
        }
        if (pref == DevicePreference.CUDA) {
            throw new RuntimeBackendException("--device cuda asked for, but " + missing
                    + ". Use --device auto or cpu to run on the CPU.");
        }
        return new OnnxDevice(false, "running on CPU: " + missing);
    }
}
