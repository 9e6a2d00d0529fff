package dev.hubkit.cli.quickstart;

/**
 * One named step of {@code hubkit quickstart}. Steps run in order and share a
 * {@link QuickstartContext}; a later capability adds itself as a new step class listed in
 * {@link Quickstart#withDefaultSteps()}.
 */
public interface QuickstartStep {

    /** Short imperative title, e.g. {@code "Extract the bundled tiny model"}. */
    String title();

    /** Does the step and prints what it did to {@link QuickstartContext#out()}. */
    void run(QuickstartContext context) throws Exception;
}
