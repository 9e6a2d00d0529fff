package dev.hubkit.cli.quickstart;

import java.io.PrintWriter;
import java.util.List;

/** Runs the quickstart: a list of {@link QuickstartStep}s, in order, with a numbered header each. */
public final class Quickstart {

    private final List<QuickstartStep> steps;

    public Quickstart(List<QuickstartStep> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The tour as it stands: add a capability's step here. */
    public static Quickstart withDefaultSteps() {
        return new Quickstart(List.of(
                new ExtractBundledModelStep(),
                new ServeAndDownloadStep(),
                new ShowConfigStep(),
                new InspectConvertStep(),
                new TokenizeStep(),
                new RunModelStep()));
    }

    public List<QuickstartStep> steps() {
        return steps;
    }

    /** Runs every step; the first failure stops the tour and propagates. */
    public void run(QuickstartContext context) throws Exception {
        PrintWriter out = context.out();
        out.println("hubkit quickstart: a tour on a tiny BERT model bundled in the program (no network needed)");
        for (int i = 0; i < steps.size(); i++) {
            QuickstartStep step = steps.get(i);
            out.println();
            out.printf("[%d/%d] %s%n", i + 1, steps.size(), step.title());
            out.flush();
            step.run(context);
            out.flush();
        }
        out.println();
        out.println("Done. The model is in " + context.requireModelDir() + "; try the commands above on it.");
        out.flush();
    }
}
