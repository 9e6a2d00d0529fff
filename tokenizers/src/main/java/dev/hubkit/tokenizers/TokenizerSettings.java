package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.convert.SlowFiles;
import java.util.Locale;

/**
 * The tokenizer_config.json settings a front end applies on top of the pipeline (transformers' defaults
 * where a key is absent).
 *
 * @param modelMaxLength model_max_length, or null when absent or transformers' "unlimited" sentinel
 * @param paddingSide padding_side (right by default)
 * @param truncationSide truncation_side (right by default)
 * @param addBosToken add_bos_token, or null when absent
 * @param addEosToken add_eos_token, or null when absent
 */
public record TokenizerSettings(Integer modelMaxLength, Direction paddingSide, Direction truncationSide,
                                Boolean addBosToken, Boolean addEosToken) {

    /** No settings: transformers' defaults. */
    public static final TokenizerSettings DEFAULTS = new TokenizerSettings(null, Direction.RIGHT, Direction.RIGHT,
            null, null);

    /** Reads the settings of located files. */
    public static TokenizerSettings of(SlowFiles files) {
        long max = files.integer("model_max_length", -1);
        return new TokenizerSettings(max > 0 && max < Integer.MAX_VALUE ? (int) max : null,
                side(files, "padding_side"), side(files, "truncation_side"),
                files.boolOrNull("add_bos_token"), files.boolOrNull("add_eos_token"));
    }

    private static Direction side(SlowFiles files, String key) {
        String v = files.string(key, "right").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "left" -> Direction.LEFT;
            case "right" -> Direction.RIGHT;
            default -> throw new TokenizerException("tokenizer_config.json of " + files.source() + ": " + key
                    + " is '" + v + "'; it must be left or right.");
        };
    }
}
