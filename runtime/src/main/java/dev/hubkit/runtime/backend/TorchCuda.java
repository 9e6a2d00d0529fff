package dev.hubkit.runtime.backend;

import java.util.function.Supplier;

/**
 * Whether libtorch can run on CUDA here, and why: it needs a CUDA device, a CUDA build of libtorch,
 * and libtorch able to use device 0 (driver and CUDA libraries matching the build).
 *
 * @param usable true when models should go to CUDA device 0
 * @param detail why, for {@code hubkit run --explain}
 */
record TorchCuda(boolean usable, String detail) {
    /** What to do about a CPU-only libtorch, for every message that reports one. */
    static final String CPU_BUILD_HINT = "no CUDA libtorch 2.7.1 is on Maven Central; point PYTORCH_LIBRARY_PATH at a"
            + " CUDA libtorch whose version matches the pytorch-jni on the classpath to use the GPU";

    /**
     * Decides from what is known, trying the device only when the first two hold.
     *
     * @param devices   CUDA devices on this machine
     * @param cudaBuild whether the loaded libtorch was built with CUDA
     * @param trial     makes a tensor on device 0: null when that works, else the error
     */
    static TorchCuda decide(CudaDevices devices, boolean cudaBuild, Supplier<String> trial) {
        if (!devices.present()) {
            return new TorchCuda(false, "no CUDA device (" + devices.detail() + ")");
        }
        if (!cudaBuild) {
            return new TorchCuda(false, "a CUDA device is present (" + devices.detail() + ") but this libtorch is a"
                    + " CPU build (" + CPU_BUILD_HINT + ")");
        }
        String error = trial.get();
        if (error != null) {
            return new TorchCuda(false, "this CUDA libtorch could not use CUDA device 0 (" + devices.detail() + "): "
                    + error);
        }
        return new TorchCuda(true, "CUDA build of libtorch, CUDA device 0 usable (" + devices.detail() + ")");
    }
}
