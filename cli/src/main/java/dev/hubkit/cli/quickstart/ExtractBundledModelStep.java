package dev.hubkit.cli.quickstart;

import java.nio.file.Path;

/** Step: copies the bundled tiny BERT repo out of the program into the quickstart folder. */
public final class ExtractBundledModelStep implements QuickstartStep {

    @Override
    public String title() {
        return "Extract the bundled tiny BERT model repository";
    }

    @Override
    public void run(QuickstartContext context) throws Exception {
        BundledModel model = BundledModel.tinyBert();
        Path dir = model.install(context.workDir().resolve(model.name()));
        context.setModelDir(dir);
        context.out().printf("      %s (%d files: %s)%n", dir, model.files().size(), String.join(", ", model.files()));
    }
}
