package dev.hubkit.cli.quickstart;

import dev.hubkit.runtime.pipeline.TaskRunner;
import java.io.PrintWriter;
import java.util.List;

/** Step: runs the model (ONNX Runtime) as a feature-extraction pipeline on two sentences. */
public final class RunModelStep implements QuickstartStep {

    private static final int SHOWN = 120;

    @Override
    public String title() {
        return "Run it: sentence embeddings";
    }

    @Override
    public void run(QuickstartContext context) {
        PrintWriter out = context.out();
        List<String> texts = List.of(TokenizeStep.SENTENCE, "A tiny model, no network needed.");
        out.println("      $ hubkit run feature-extraction -m " + context.requireModelDir());
        for (String line : TaskRunner.quickstart(context.requireModelDir(), texts)) {
            out.println("      " + (line.length() > SHOWN ? line.substring(0, SHOWN) + "...]}" : line));
        }
    }
}
