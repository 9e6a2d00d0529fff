package dev.hubkit.bench.runtime;

import dev.hubkit.bench.CpuInfo;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Writes the runtime section of BENCHMARKS.md from one run's measurements. */
record RuntimeSection(int sentences, double minSeconds, int rounds, int rowRounds, int parallelism, EmbeddingBench.Work work,
                      List<EmbeddingBench.Ceiling> ceilings, List<EmbeddingBench.Row> rows) {

    /** The best ceiling measurement (highest GFLOP/s) on one graph. */
    EmbeddingBench.Ceiling ceiling(EmbeddingBench.Graph graph) {
        return ceilings.stream().filter(c -> c.graph() == graph)
                .max(Comparator.comparingDouble(EmbeddingBench.Ceiling::gflops)).orElseThrow();
    }

    /** The best ceiling measurement over all graphs. */
    EmbeddingBench.Ceiling ceiling() {
        return ceilings.stream().max(Comparator.comparingDouble(EmbeddingBench.Ceiling::gflops)).orElseThrow();
    }

    /** Sentences per second at a ceiling with no padding and no overhead. */
    double ceilingRate(EmbeddingBench.Ceiling c) {
        return c.gflops() * 1e9 / work.flopsPerSentence();
    }

    /** Sentences per second at the best GFLOP per CPU-second of a graph, with every core busy. */
    private double cpuRate(EmbeddingBench.Graph graph, int cores) {
        double best = ceilings.stream().filter(c -> c.graph() == graph)
                .mapToDouble(EmbeddingBench.Ceiling::gflopsPerCpuSecond).max().orElseThrow();
        return best * 1e9 * cores / work.flopsPerSentence();
    }

    /** langchain4j's lowest CPU seconds per sentence over the rows. */
    private double bestLangchainCpu() {
        return rows.stream().mapToDouble(r -> r.langchain().cpuPerItem()).min().orElseThrow();
    }

    void writeTo(Path file) throws IOException {
        EmbeddingBench.replaceSection(file, render());
    }

    String render() {
        double perSentence = work.flopsPerSentence();
        StringBuilder sb = new StringBuilder();
        sb.append("## Runtime: sentence embeddings (all-MiniLM-L6-v2 fp32, ONNX Runtime CPU)\n\n");
        sb.append("Written by `bench/run-runtime.sh` (").append(java.time.LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores: ")
                .append(CpuInfo.describe()).append("; Java ")
                .append(System.getProperty("java.version")).append(String.format(", load average %.1f at the end). ",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(sentences).append(" mixed-length Europarl sentences (3-60 words, many languages), each column measured in ")
                .append(rowRounds).append(" interleaved rounds (").append(rounds).append(" for the ceiling; best round kept; every other round runs the columns in reverse order, so no column always runs after the same one) of at least ")
                .append(minSeconds / rounds)
                .append(" s each after a warm-up. Sentences per second, higher is better; CPU is the process's CPU time per sentence"
                        + " in that round (all threads), lower is better.\n\n");
        sb.append("- **langchain4j**: `AllMiniLmL6V2EmbeddingModel.embedAll` (its own batching; same for every row).\n");
        sb.append("- **hubkit**: `FeatureExtractionPipeline` with batch size N (tokenize, sort by length, micro-batches of at most N "
                + "inputs and ").append(PipelineOptions.CPU_TOKEN_BUDGET).append(" padded tokens (lowered so each thread gets about 4), "
                + "cut where they cost least by an estimate of padding against a call's fixed cost, longest first, ")
                .append(parallelism).append(" concurrent single-threaded ONNX Runtime calls writing into reused native buffers, "
                        + "mean pooling read in place, L2 norm).\n");
        sb.append("- **naive ORT**: bare ONNX Runtime session with default options, batches of N in input order padded to the longest.\n");
        sb.append("- **bare ORT (same plan)**: bare calls on hubkit's own ONNX Runtime session (same graph, options and weights in "
                + "memory; two sessions of one model can differ by a few percent) on the same pre-tokenized micro-batches, run on the "
                + "same number of threads, output not even read; **overhead** = how much slower hubkit is than this (tokenization, "
                + "padding, reading the output and pooling included), the median over the rounds of the ratio of the two measured next to "
                + "each other (wall time; CPU time in brackets).\n");
        sb.append("- **ceiling / langchain4j**: the most an fp32 ONNX Runtime pipeline could reach here (the ceiling below, with no "
                + "padding and no overhead) over langchain4j's rate in that row, on the graph as exported (what langchain4j runs) and "
                + "on hubkit's shape-hinted graph; the 1.5x target is only reachable where this is above 1.5.\n\n");
        sb.append("| batch | langchain4j | hubkit | hubkit / langchain4j | naive ORT | bare ORT (same plan) | hubkit overhead "
                + "| CPU ms/sentence langchain4j / hubkit / bare | padding in hubkit's plan | ceiling / langchain4j (as exported / hinted) |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EmbeddingBench.Row r : rows) {
            sb.append(String.format("| %d | %.1f | %.1f | %.2fx | %.1f | %.1f | %.1f%% (%.1f%%) | %.2f / %.2f / %.2f | %.1f%% | %.2fx / %.2fx |%n",
                    r.batch(), r.langchain().rate(), r.hubkit().rate(), r.ratio(), r.naive(), r.bare().rate(), r.overheadPercent(),
                    r.cpuOverheadPercent(),
                    r.langchain().cpuPerItem() * 1e3, r.hubkit().cpuPerItem() * 1e3, r.bare().cpuPerItem() * 1e3,
                    (r.paddedTokens() / (double) work.tokens() - 1) * 100,
                    ceilingRate(ceiling(EmbeddingBench.Graph.AS_EXPORTED)) / r.langchain().rate(),
                    ceilingRate(ceiling(EmbeddingBench.Graph.HINTED)) / r.langchain().rate()));
        }
        sb.append("\n**Work and ceiling.** ").append(String.format(
                "The %d sentences are %d real tokens (mean %.1f; %d cut at the model's %d-token limit). From the model's ONNX graph: "
                        + "%d weight matmuls cost %.2f MFLOP per token (2·K·N each) and %d attention matmuls (QKᵀ, A·V) 2·L²·%d FLOPs "
                        + "each per sequence of L tokens, so one pass is %.1f GFLOP without padding (%.3f GFLOP per sentence; "
                        + "element-wise ops left out, under 1%%). "
                        + "The ceiling is bare ONNX Runtime with hubkit's options on padding-free batches of identical sequences, "
                        + "where its GEMMs are as efficient as they get; useful GFLOP/s = sentences/s x FLOPs per sentence. "
                        + "Four graphs: *as exported* (dynamic shapes: PyTorch's export slices the position-id table up to a computed "
                        + "length, so ONNX shape inference loses the sequence dimension and ONNX Runtime cannot fuse Add+LayerNormalization "
                        + "into SkipLayerNormalization), with ONNX Runtime's default fusions as langchain4j runs it; *hinted, all ORT fusions*, "
                        + "hubkit's copy that declares that slice's shape (`OnnxShapeHints`; same outputs within 1e-6) with the same "
                        + "defaults; *hinted*, that copy with hubkit's CPU options, what hubkit loads: ONNX Runtime's BiasGeluFusion "
                        + "left out (`OnnxCpuFusions`: its BiasGelu kernel is slower on CPU than the Add + Gelu it replaces; same "
                        + "outputs); *specialised*, a session with batch and sequence dimensions fixed to the batch shape and hubkit's "
                        + "options (every shape known, one session per shape: the most ONNX Runtime can do on this model). "
                        + "ONNX Runtime does not fuse this export's attention (its Reshape targets are computed from Shape nodes, "
                        + "the Q/K/V bias comes first in its Adds, and the mask constant is -3.4e38 where the fusion wants -10000); "
                        + "hand-written com.microsoft Attention and MultiHeadAttention graphs with the same semantics ran no faster "
                        + "on this CPU in a separate interleaved A/B (within 2%% either way at 8 x 32 tokens), so hubkit does not rewrite attention.\n\n",
                work.sentences(), work.tokens(), work.tokens() / (double) work.sentences(), work.truncated(), work.maxLength(),
                work.model().weightMatMuls(), work.model().linearPerToken() / 1e6, work.model().attentionMatMuls(),
                work.model().hidden(), work.flops() / 1e9, perSentence / 1e9));
        sb.append("| what | graph | GFLOP/s | GFLOP per CPU-second | share of the best ceiling |\n");
        sb.append("|---|---|---:|---:|---:|\n");
        double top = ceiling().gflops();
        for (EmbeddingBench.Ceiling c : ceilings) {
            sb.append(String.format("| ceiling: %s | %s | %.1f | %.1f | %.0f%% |%n", c.label(), c.graph(), c.gflops(),
                    c.gflopsPerCpuSecond(), c.gflops() / top * 100));
        }
        for (EmbeddingBench.Row r : rows) {
            sb.append(String.format("| langchain4j (batch %d row) | as exported | %.1f | %.1f | %.0f%% |%n", r.batch(),
                    r.langchain().rate() * perSentence / 1e9, perSentence / r.langchain().cpuPerItem() / 1e9,
                    r.langchain().rate() * perSentence / 1e9 / top * 100));
        }
        for (EmbeddingBench.Row r : rows) {
            sb.append(String.format("| hubkit batch %d | hinted | %.1f | %.1f | %.0f%% |%n", r.batch(),
                    r.hubkit().rate() * perSentence / 1e9, perSentence / r.hubkit().cpuPerItem() / 1e9,
                    r.hubkit().rate() * perSentence / 1e9 / top * 100));
        }
        EmbeddingBench.Ceiling exported = ceiling(EmbeddingBench.Graph.AS_EXPORTED);
        EmbeddingBench.Ceiling hinted = ceiling(EmbeddingBench.Graph.HINTED);
        EmbeddingBench.Ceiling specialised = ceiling(EmbeddingBench.Graph.SPECIALISED);
        sb.append(String.format("%nWith no padding and no overhead a pass could run at most %.0f sentences/s on the graph as exported "
                        + "(%.1f GFLOP/s), %.0f on hubkit's hinted graph (%.1f GFLOP/s) and %.0f with shape-specialised sessions (%.1f GFLOP/s).%n",
                ceilingRate(exported), exported.gflops(), ceilingRate(hinted), hinted.gflops(), ceilingRate(specialised),
                specialised.gflops()));
        int cores = Runtime.getRuntime().availableProcessors();
        sb.append(String.format("Counted from CPU time instead (best GFLOP per CPU-second x %d cores, which load from other processes "
                        + "hardly moves): %.0f / %.0f / %.0f sentences/s; langchain4j needs %.2f ms of CPU per sentence (best row), "
                        + "so 1.5x langchain4j on all %d cores needs at most %.2f ms per sentence, i.e. %.1f useful GFLOP per CPU-second.%n",
                cores, cpuRate(EmbeddingBench.Graph.AS_EXPORTED, cores), cpuRate(EmbeddingBench.Graph.HINTED, cores),
                cpuRate(EmbeddingBench.Graph.SPECIALISED, cores), bestLangchainCpu() * 1e3, cores, bestLangchainCpu() / 1.5 * 1e3,
                perSentence / (bestLangchainCpu() / 1.5) / 1e9));
        return sb.toString();
    }
}
