package dev.hubkit.cli.quickstart;

import dev.hubkit.hub.HubQuickstart;
import java.io.PrintWriter;

/**
 * Step: serves the bundled repo with {@code hubkit serve} on an ephemeral loopback port and downloads it
 * into a fresh hub cache with hubkit's client; later steps use the downloaded snapshot.
 */
public final class ServeAndDownloadStep implements QuickstartStep {

    static final String REPO_ID = "hubkit/tiny-bert";

    @Override
    public String title() {
        return "Serve it as a hub repo on loopback and download it into a cache";
    }

    @Override
    public void run(QuickstartContext context) throws java.io.IOException {
        HubQuickstart.Result result = HubQuickstart.run(context.requireModelDir(), REPO_ID,
                context.scratchDir().resolve("hub"));
        PrintWriter out = context.out();
        out.println("      $ hubkit serve --root DIR   (served at " + result.endpoint() + ")");
        out.println("      $ hubkit download " + result.repoId() + " --endpoint " + result.endpoint());
        out.println("      commit   " + result.commit());
        for (HubQuickstart.FileEntry file : result.files()) {
            out.printf("      %-26s %,10d bytes%n", file.path(), file.size());
        }
        out.println("      snapshot " + result.snapshot());
        context.setModelDir(result.snapshot());
    }
}
