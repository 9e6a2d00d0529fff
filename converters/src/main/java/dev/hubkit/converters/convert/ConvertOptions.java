package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.DType;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Options of a conversion.
 *
 * @param to           output format; null infers it from the destination's name
 * @param dtype        whole-model cast target among F32, F16, BF16; null keeps every dtype
 * @param maxShardSize largest shard in bytes; 0 writes a single file
 * @param verify       re-read the output and compare every tensor bit for bit with the (cast) source
 * @param tensorDTypes per-tensor cast targets by tensor name, overriding {@code dtype}
 * @param arch          architecture for PyTorch ↔ TensorFlow name mapping ({@code model_type}); null reads
 *                      {@code config.json} next to the source, else detects it from the names
 * @param allowUnmapped keep names that map to nothing under their own name instead of failing
 */
public record ConvertOptions(TargetFormat to, DType dtype, long maxShardSize, boolean verify,
                             Map<String, DType> tensorDTypes, String arch, boolean allowUnmapped) {

    /** Copies the per-tensor map (null means none). */
    public ConvertOptions {
        tensorDTypes = tensorDTypes == null ? Map.of() : Map.copyOf(tensorDTypes);
    }

    /** Options without TensorFlow name-mapping settings. */
    public ConvertOptions(TargetFormat to, DType dtype, long maxShardSize, boolean verify,
                          Map<String, DType> tensorDTypes) {
        this(to, dtype, maxShardSize, verify, tensorDTypes, null, false);
    }

    /** Whole-model options without per-tensor casts. */
    public ConvertOptions(TargetFormat to, DType dtype, long maxShardSize, boolean verify) {
        this(to, dtype, maxShardSize, verify, Map.of());
    }

    /** Defaults: inferred format, no cast, one file, no verification. */
    public static ConvertOptions defaults() {
        return new ConvertOptions(null, null, 0, false);
    }

    /** The cast target for tensor {@code name}: its own entry, else the whole-model {@code dtype} (null: none). */
    public DType dtypeFor(String name) {
        return tensorDTypes.getOrDefault(name, dtype);
    }

    /** Parses a cast target: {@code f32}, {@code f16}, {@code bf16} (any case, also {@code float16} etc.). */
    public static DType parseDType(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "f32", "float32", "fp32", "float" -> DType.F32;
            case "f16", "float16", "fp16", "half" -> DType.F16;
            case "bf16", "bfloat16" -> DType.BF16;
            default -> throw new FormatException("unknown --dtype '" + s + "'; use f32, f16 or bf16");
        };
    }

    /** The largest size {@link #parseSize} accepts, in bytes. */
    public static final long MAX_SIZE = Long.MAX_VALUE;

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");
    /** What Python's {@code float()} reads as a finite number (underscores between digits allowed). */
    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(\\d(_?\\d)*(\\.(\\d(_?\\d)*)?)?|\\.\\d(_?\\d)*)([eE][+-]?\\d(_?\\d)*)?");
    private static final String UNITS = "use a number with TB, GB, MB or KB (10^12, 10^9, 10^6, 10^3 bytes, any case,"
            + " as huggingface_hub's parse_size_to_int reads them), TiB, GiB, MiB or KiB (powers of 2), or a byte count;"
            + " e.g. 5GB, 500MB or 1.5GB";

    /**
     * Parses a shard size as transformers' {@code save_pretrained} does (through huggingface_hub's
     * {@code parse_size_to_int}): the last two characters, any case, name the unit ({@code TB}, {@code GB},
     * {@code MB}, {@code KB}: 10^12, 10^9, 10^6, 10^3 bytes), what is before them is a Python float ({@code 1.5GB},
     * {@code 1e3KB}), and the product is cut to whole bytes. Beyond that, as hubkit's own: a plain whole number is a
     * byte count (transformers takes an int), and {@code TiB}/{@code GiB}/{@code MiB}/{@code KiB} are powers of 2.
     * Sizes below one byte and above {@link #MAX_SIZE} are refused.
     */
    public static long parseSize(String s) {
        String text = s.strip();
        if (INTEGER.matcher(text).matches()) {
            return checkRange(s, new BigDecimal(text.replace("_", "")));
        }
        String upper = text.toUpperCase(Locale.ROOT);
        String[][] units = {{"TIB", "1099511627776"}, {"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"},
            {"TB", "1000000000000"}, {"GB", "1000000000"}, {"MB", "1000000"}, {"KB", "1000"}};
        for (String[] u : units) {
            if (upper.endsWith(u[0])) {
                String number = text.substring(0, text.length() - u[0].length()).strip();
                if (!PY_FLOAT.matcher(number).matches()) {
                    throw new FormatException("bad size '" + s + "': '" + number + "' is not a number; " + UNITS);
                }
                // Python multiplies a float by the int unit in double precision and int() cuts toward zero
                double bytes = Double.parseDouble(number.replace("_", "")) * Double.parseDouble(u[1]);
                if (Double.isInfinite(bytes) || Math.abs(bytes) >= 0x1p63) {
                    throw tooLarge(s);
                }
                return checkRange(s, BigDecimal.valueOf((long) bytes));
            }
        }
        String unit = text.length() >= 2 ? text.substring(text.length() - 2) : text;
        throw new FormatException("bad size '" + s + "': unit '" + unit + "' is not supported; " + UNITS);
    }

    private static long checkRange(String s, BigDecimal bytes) {
        if (bytes.signum() <= 0) {
            throw new FormatException("bad size '" + s + "': a shard size must be at least one"
                    + " byte; leave out --max-shard-size to write one file");
        }
        if (bytes.compareTo(BigDecimal.valueOf(MAX_SIZE)) > 0) {
            throw tooLarge(s);
        }
        return bytes.longValueExact();
    }

    private static FormatException tooLarge(String s) {
        return new FormatException("size '" + s + "' is too large: the limit is " + MAX_SIZE + " bytes (about 9.2 EB)");
    }
}
