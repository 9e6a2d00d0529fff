package dev.hubkit.hub;

import java.nio.file.Files;
import java.nio.file.Path;

/** Forked-JVM download: args endpoint, cacheDir, repoId, file; prints the sha256 of what it got. */
public final class DownloadMain {

    private DownloadMain() {
    }

    public static void main(String[] args) throws Exception {
        try (HubClient c = new HubClient(HubSettings.of(args[0], Path.of(args[1])))) {
            Path p = c.downloadFile(RepoRef.model(args[2]), args[3], "main");
            System.out.println("SHA " + Fixtures.sha256(Files.readAllBytes(p)));
        }
    }
}
