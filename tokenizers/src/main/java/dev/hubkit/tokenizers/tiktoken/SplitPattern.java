package dev.hubkit.tokenizers.tiktoken;

import java.util.regex.Pattern;

/**
 * The pre-tokenization split patterns of OpenAI's encodings, exactly as tiktoken's
 * openai_public.py defines them, compiled for java.util.regex with Unicode semantics
 * ({@code \s}, {@code \p{L}} and case-insensitive matching over all of Unicode, as fancy-regex does).
 */
public enum SplitPattern {
    /** GPT-2 / r50k_base / p50k_base. */
    R50K("'(?:[sdmt]|ll|ve|re)| ?\\p{L}++| ?\\p{N}++| ?[^\\s\\p{L}\\p{N}]++|\\s++\\z|\\s+(?!\\S)|\\s"),
    /** cl100k_base (GPT-3.5/4). */
    CL100K("'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+"
            + "|\\s++\\z|\\s*[\\r\\n]|\\s+(?!\\S)|\\s"),
    /** o200k_base (GPT-4o). */
    O200K("[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private final String regex;
    private final Pattern pattern;

    SplitPattern(String regex) {
        this.regex = regex;
        this.pattern = compile(regex);
    }

    /** The regex source. */
    public String regex() {
        return regex;
    }

    /** The compiled pattern (Unicode character classes and case folding). */
    public Pattern pattern() {
        return pattern;
    }

    /** Compiles a tiktoken-style split regex with the same Unicode semantics as the built-in ones. */
    public static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE);
    }
}
