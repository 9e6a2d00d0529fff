package dev.hubkit.bench.tokenizers;

import com.knuddels.jtokkit.api.EncodingType;
import dev.hubkit.tokenizers.tiktoken.SplitPattern;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A subject described by plain strings, so that a forked JVM can open the same subject the parent
 * planned: {@code kind} picks the factory in {@link Subjects}, {@code arg} is its file or encoding.
 *
 * @param kind which implementation
 * @param family family shown in the table
 * @param tokenizer tokenizer shown in the table
 * @param arg a tokenizer.json or .model path, a JTokkit {@link EncodingType} name, or a tiktoken
 *     encoding name (cl100k_base, o200k_base)
 */
record SubjectSpec(Kind kind, String family, String tokenizer, String arg) {

  /** The implementations a spec can name. */
  enum Kind {
    HUBKIT, HUBKIT_BATCH, DJL, DJL_BATCH, JTOKKIT, SENTENCEPIECE_DJL, HUBKIT_SENTENCEPIECE, HUBKIT_TIKTOKEN,
    SPM_ENCODE;

    /** Whether the subject is a whole process measured by the parent, not a forked JVM. */
    boolean wholeProcess() {
      return this == SPM_ENCODE;
    }

    boolean hubkit() {
      return this == HUBKIT || this == HUBKIT_BATCH || this == HUBKIT_SENTENCEPIECE || this == HUBKIT_TIKTOKEN;
    }
  }

  private static final Map<String, SplitPattern> TIKTOKEN_PATTERNS =
      Map.of("cl100k_base", SplitPattern.CL100K, "o200k_base", SplitPattern.O200K);

  SubjectSpec {
    if (kind == null || family == null || tokenizer == null || arg == null) {
      throw new IllegalArgumentException("subject spec needs kind, family, tokenizer and arg");
    }
  }

  /**
   * Key under which a peer measured once is shown again in a later family (same implementation, same
   * tokenizer); null for hubkit subjects, which are always measured in their own family.
   */
  String memoKey() {
    return kind.hubkit() ? null : kind + "|" + tokenizer + "|" + arg;
  }

  /** Opens the subject in this JVM. */
  Subject open(Path workDir) {
    return switch (kind) {
      case HUBKIT -> Subjects.hubkit(family, tokenizer, Path.of(arg));
      case HUBKIT_BATCH -> Subjects.hubkitBatch(family, tokenizer, Path.of(arg));
      case DJL -> Subjects.djl(family, tokenizer, Path.of(arg));
      case DJL_BATCH -> Subjects.djlBatch(family, tokenizer, Path.of(arg));
      case JTOKKIT -> Subjects.jtokkit(family, tokenizer, EncodingType.valueOf(arg));
      case SENTENCEPIECE_DJL -> Subjects.sentencePiece(family, tokenizer, Path.of(arg));
      case HUBKIT_SENTENCEPIECE -> Subjects.hubkitSentencePiece(family, tokenizer, Path.of(arg));
      case HUBKIT_TIKTOKEN -> {
        SplitPattern pattern = TIKTOKEN_PATTERNS.get(arg);
        if (pattern == null) {
          throw new IllegalArgumentException("unknown tiktoken encoding '" + arg + "'; expected one of "
              + TIKTOKEN_PATTERNS.keySet());
        }
        yield Subjects.hubkitTiktoken(family, tokenizer, arg, pattern);
      }
      case SPM_ENCODE -> SpmEncodeProcess.open(family, tokenizer, Path.of(arg), workDir);
    };
  }

  /** Command-line arguments that {@link #fromOptions} reads back in the child. */
  List<String> toArgs() {
    return List.of("--subject-kind", kind.name(), "--subject-family", family, "--subject-tokenizer", tokenizer,
        "--subject-arg", arg);
  }

  static SubjectSpec fromOptions(Map<String, String> opts) {
    String kind = opts.get("subject-kind");
    if (kind == null) {
      throw new IllegalArgumentException("--subject-kind is missing");
    }
    return new SubjectSpec(Kind.valueOf(kind.toUpperCase(Locale.ROOT)), opts.get("subject-family"),
        opts.get("subject-tokenizer"), opts.get("subject-arg"));
  }
}
