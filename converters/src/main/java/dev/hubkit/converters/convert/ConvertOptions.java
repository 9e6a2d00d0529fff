package dev.hubkit.converters.convert;

import dev.hubkit.core.tensor.DType;
import java.util.Locale;
import java.util.Map;

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
            default -> throw new dev.hubkit.converters.FormatException("unknown --dtype '" + s + "'; use f32, f16 or bf16");
        };
    }

    /**
     * Parses a shard size as transformers' {@code convert_file_size_to_int} does: {@code 5GB} = 5·10^9,
     * {@code 500MB}, {@code 10KB} decimal; {@code 10GiB} = 10·2^30, {@code MiB}, {@code KiB} binary (any case);
     * a size in {@code GB}/{@code MB}/{@code KB} written with a lower-case final {@code b} ({@code 5Gb},
     * {@code 5gb}) counts bits, so it is divided by 8. hubkit also takes a plain byte count ({@code 1000},
     * {@code 1000B}) and decimals ({@code 1.5GB}).
     */
    public static long parseSize(String s) {
        String raw = s.strip();
        String t = raw.toUpperCase(Locale.ROOT);
        long mult = 1;
        boolean bits = false;
        String[][] units = {{"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"}, {"GB", "1000000000"},
            {"MB", "1000000"}, {"KB", "1000"}, {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                bits = u[0].length() == 2 && raw.endsWith("b");
                t = t.substring(0, t.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v) || v * mult >= Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            long bytes = (long) (v * mult);
            return bits ? bytes / 8 : bytes;
        } catch (NumberFormatException e) {
            throw new dev.hubkit.converters.FormatException("bad size '" + s + "'; use e.g. 5GB (10^9 bytes), "
                    + "10GiB (2^30 bytes), 500MB or a byte count");
        }
    }
}
