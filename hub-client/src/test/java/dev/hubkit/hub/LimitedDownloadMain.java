package dev.hubkit.hub;

import java.nio.file.Path;

/**
 * Run by {@link FullDiskTest} in a child JVM under {@code ulimit -f}: downloads {@code FILE} of
 * {@code acme/tiny} from {@code ENDPOINT} into {@code CACHE}, in parallel chunks of 256 KiB when
 * {@code chunked}; prints the exception's class and message on failure and exits 3.
 */
public final class LimitedDownloadMain {
    private LimitedDownloadMain() {
    }

    public static void main(String[] args) {
        HubSettings settings = HubSettings.of(args[0], Path.of(args[1]))
                .withRetries(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50));
        if (Boolean.parseBoolean(args[3])) {
            settings = settings.withChunks(1, 256 << 10, 4);
        }
        try (HubClient c = new HubClient(settings)) {
            System.out.println(c.downloadFile(RepoRef.model("acme/tiny"), args[2], "main"));
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
