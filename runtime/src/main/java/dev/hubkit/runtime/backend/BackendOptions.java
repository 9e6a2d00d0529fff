package dev.hubkit.runtime.backend;

/**
 * How to pick and configure a backend.
 *
 * @param backend             which engine (auto picks by what the model ships and the machine has)
 * @param device              where to run
 * @param intraOpThreads      threads inside one operator; 0 lets the engine decide
 * @param interOpThreads      threads across independent operators; 0 lets the engine decide
 * @param allowNativeDownload let DJL download libtorch when no natives jar is on the classpath (off by default)
 */
public record BackendOptions(BackendPreference backend, DevicePreference device, int intraOpThreads,
                             int interOpThreads, boolean allowNativeDownload) {

    /** Validates thread counts and fills nulls with auto. */
    public BackendOptions {
        backend = backend == null ? BackendPreference.AUTO : backend;
        device = device == null ? DevicePreference.AUTO : device;
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = engine default), got intra="
                    + intraOpThreads + " inter=" + interOpThreads);
        }
    }

    /** Auto backend, auto device, engine-default threads, no downloads. */
    public static BackendOptions defaults() {
        return new BackendOptions(BackendPreference.AUTO, DevicePreference.AUTO, 0, 0, false);
    }

    /** Same options with another backend preference. */
    public BackendOptions withBackend(BackendPreference b) {
        return new BackendOptions(b, device, intraOpThreads, interOpThreads, allowNativeDownload);
    }

    /** Same options with another device preference. */
    public BackendOptions withDevice(DevicePreference d) {
        return new BackendOptions(backend, d, intraOpThreads, interOpThreads, allowNativeDownload);
    }
}
