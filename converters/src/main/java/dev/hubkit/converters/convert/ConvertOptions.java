package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.DType;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
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
    /** Units above GB that transformers does not take, recognised to say why a size is refused. */
    private static final Pattern LARGER_UNIT = Pattern.compile("(.*?\\d)\\s*([TPEZY]I?B)");
    private static final String UNITS = "use a whole number with GB (10^9 bytes), MB, KB, GiB (2^30 bytes), MiB, KiB"
            + " (Gb, Mb, Kb count bits), e.g. 5GB or 500MB, or a byte count";

    /**
     * Parses a shard size exactly as transformers' {@code convert_file_size_to_int} does: a whole number followed by
     * {@code GiB}/{@code MiB}/{@code KiB} (2^30, 2^20, 2^10, any case) or {@code GB}/{@code MB}/{@code KB} (10^9,
     * 10^6, 10^3; when the last letter is a lower-case {@code b}, as in {@code 5Gb} or {@code 5gb}, it counts bits
     * and is divided by 8); a plain whole number is a byte count (transformers takes an int). Decimals
     * ({@code 1.5GB}) and other units are refused as transformers refuses them; so are sizes below one byte and
     * above {@link #MAX_SIZE}.
     */
    public static long parseSize(String s) {
        String upper = s.toUpperCase(Locale.ROOT);
        String[][] units = {{"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"}, {"GB", "1000000000"},
            {"MB", "1000000"}, {"KB", "1000"}};
        String number = s;
        BigInteger mult = BigInteger.ONE;
        boolean bits = false;
        String unknownUnit = null;
        for (String[] u : units) {
            if (upper.endsWith(u[0])) {
                number = s.substring(0, s.length() - u[0].length());
                mult = new BigInteger(u[1]);
                bits = u[0].length() == 2 && s.endsWith("b");
                break;
            }
        }
        if (mult.equals(BigInteger.ONE)) {
            Matcher m = LARGER_UNIT.matcher(upper);
            if (m.matches()) { // a unit transformers does not take: say so, and whether the size is too large anyway
                number = s.substring(0, m.end(1));
                unknownUnit = s.substring(m.start(2));
                boolean binary = unknownUnit.length() == 3;
                int power = "TPEZY".indexOf(m.group(2).charAt(0)) + 4;
                mult = binary ? BigInteger.TWO.pow(10 * power) : BigInteger.TEN.pow(3 * power);
            }
        }
        String digits = number.strip();
        if (!INTEGER.matcher(digits).matches()) {
            throw new FormatException("bad size '" + s + "': " + UNITS);
        }
        BigInteger bytes = new BigInteger(digits.replace("_", "")).multiply(mult);
        if (bits) {
            bytes = bytes.divide(BigInteger.valueOf(8));
        }
        if (bytes.signum() <= 0) {
            throw new FormatException("bad size '" + s + "': a shard size must be at least one"
                    + " byte; leave out --max-shard-size to write one file");
        }
        if (bytes.compareTo(BigInteger.valueOf(MAX_SIZE)) > 0) {
            throw new FormatException("size '" + s + "' is too large: the limit is " + MAX_SIZE
                    + " bytes (about 9.2 EB)" + (unknownUnit == null ? "" : "; " + UNITS));
        }
        if (unknownUnit != null) {
            throw new FormatException("bad size '" + s + "': unit '" + unknownUnit + "' is not one"
                    + " transformers takes; " + UNITS);
        }
        return bytes.longValueExact();
    }
}
