package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.tiktoken.SplitPattern;
import dev.hubkit.tokenizers.tiktoken.TiktokenToTokenizerJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code .tiktoken} rank file to tokenizer.json through {@link TiktokenToTokenizerJson}: the split pattern
 * and special tokens of the standard encoding the file name names (o200k, r50k/p50k/gpt2; cl100k otherwise).
 */
final class TiktokenConverter {
    private TiktokenConverter() {
    }

    /** The standard encoding a rank file is, from its name. */
    static SplitPattern patternOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("o200k")) {
            return SplitPattern.O200K;
        }
        if (n.contains("r50k") || n.contains("p50k") || n.contains("gpt2")) {
            return SplitPattern.R50K;
        }
        return SplitPattern.CL100K;
    }

    static Map<String, Integer> specialTokens(SplitPattern pattern) {
        Map<String, Integer> m = new LinkedHashMap<>();
        switch (pattern) {
            case R50K -> m.put("<|endoftext|>", 50256);
            case CL100K -> {
                m.put("<|endoftext|>", 100257);
                m.put("<|fim_prefix|>", 100258);
                m.put("<|fim_middle|>", 100259);
                m.put("<|fim_suffix|>", 100260);
                m.put("<|endofprompt|>", 100276);
            }
            case O200K -> {
                m.put("<|endoftext|>", 199999);
                m.put("<|endofprompt|>", 200018);
            }
        }
        return m;
    }

    static ObjectNode convert(SlowFiles files) {
        Path file = files.file(SlowFiles.Kind.TIKTOKEN).orElseThrow(() -> new TokenizerException(
                files.source() + " has no .tiktoken rank file."));
        SplitPattern pattern = patternOf(file);
        return TiktokenToTokenizerJson.splitThenByteLevel(TiktokenToTokenizerJson.huggingFaceRegex(pattern))
                .specialTokens(specialTokens(pattern)).build().convert(file);
    }
}
