package dev.hubkit.core.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Element types of tensors, with their byte sizes and the spellings used by safetensors,
 * PyTorch, TensorFlow ({@code types.proto} enum numbers) and NumPy.
 *
 * <p>Every {@code from*} lookup throws {@link IllegalArgumentException} naming the accepted
 * spellings when it does not know the one it was given.
 */
public enum DType {
    /** IEEE 754 binary64. */
    F64(8, true, "F64", "torch.float64", "DT_DOUBLE", 2, "float64", "<f8",
            List.of("torch.double", "double", "float64"), List.of("DoubleStorage"), List.of("f8", "d", "double", "float_")),
    /** IEEE 754 binary32. */
    F32(4, true, "F32", "torch.float32", "DT_FLOAT", 1, "float32", "<f4",
            List.of("torch.float", "float", "float32"), List.of("FloatStorage"), List.of("f4", "f", "single")),
    /** IEEE 754 binary16. */
    F16(2, true, "F16", "torch.float16", "DT_HALF", 19, "float16", "<f2",
            List.of("torch.half", "half", "float16"), List.of("HalfStorage"), List.of("f2", "e", "half")),
    /** bfloat16: the upper half of a binary32. */
    BF16(2, true, "BF16", "torch.bfloat16", "DT_BFLOAT16", 14, "bfloat16", "bfloat16",
            List.of("bfloat16"), List.of("BFloat16Storage"), List.of("bf16")),
    /** 8-bit float, 4 exponent bits, 3 mantissa bits, finite-only ("fn") variant. */
    F8_E4M3(1, true, "F8_E4M3", "torch.float8_e4m3fn", "DT_FLOAT8_E4M3FN", 25, "float8_e4m3fn", "float8_e4m3fn",
            List.of("float8_e4m3fn"), List.of("Float8_e4m3fnStorage"), List.of()),
    /** 8-bit float, 5 exponent bits, 2 mantissa bits. */
    F8_E5M2(1, true, "F8_E5M2", "torch.float8_e5m2", "DT_FLOAT8_E5M2", 24, "float8_e5m2", "float8_e5m2",
            List.of("float8_e5m2"), List.of("Float8_e5m2Storage"), List.of()),
    /**
     * 8-bit power-of-two scale of the MX block formats: 8 exponent bits, no sign, no mantissa ("fnu":
     * finite, unsigned, 0xFF is NaN). TensorFlow has no such type ({@link #tfEnum()} is -1).
     */
    F8_E8M0(1, true, "F8_E8M0", "torch.float8_e8m0fnu", null, -1, "float8_e8m0fnu", "float8_e8m0fnu",
            List.of("float8_e8m0fnu"), List.of(), List.of()),
    /**
     * Complex number of two binary32 (real, imaginary). Not floating point for {@link #isFloatingPoint()}: no
     * cast touches it; byte order is swapped per component ({@link #scalarSize()}).
     */
    C64(8, false, "C64", "torch.complex64", "DT_COMPLEX64", 8, "complex64", "<c8",
            List.of("torch.cfloat", "cfloat", "complex64"), List.of("ComplexFloatStorage"), List.of("c8", "F", "csingle")),
    /** Signed 64-bit integer. */
    I64(8, false, "I64", "torch.int64", "DT_INT64", 9, "int64", "<i8",
            List.of("torch.long", "long", "int64"), List.of("LongStorage"), List.of("i8", "q", "longlong")),
    /** Signed 32-bit integer. */
    I32(4, false, "I32", "torch.int32", "DT_INT32", 3, "int32", "<i4",
            List.of("torch.int", "int", "int32"), List.of("IntStorage"), List.of("i4", "i", "intc")),
    /** Signed 16-bit integer. */
    I16(2, false, "I16", "torch.int16", "DT_INT16", 5, "int16", "<i2",
            List.of("torch.short", "short", "int16"), List.of("ShortStorage"), List.of("i2", "h", "short")),
    /** Signed 8-bit integer. */
    I8(1, false, "I8", "torch.int8", "DT_INT8", 6, "int8", "|i1",
            List.of("int8"), List.of("CharStorage"), List.of("i1", "b", "byte")),
    /** Unsigned 8-bit integer. */
    U8(1, false, "U8", "torch.uint8", "DT_UINT8", 4, "uint8", "|u1",
            List.of("uint8"), List.of("ByteStorage"), List.of("u1", "B", "ubyte")),
    /** Unsigned 16-bit integer. */
    U16(2, false, "U16", "torch.uint16", "DT_UINT16", 17, "uint16", "<u2",
            List.of("uint16"), List.of("UInt16Storage"), List.of("u2", "H", "ushort")),
    /** Unsigned 32-bit integer. */
    U32(4, false, "U32", "torch.uint32", "DT_UINT32", 22, "uint32", "<u4",
            List.of("uint32"), List.of("UInt32Storage"), List.of("u4", "I", "uintc")),
    /** Unsigned 64-bit integer. */
    U64(8, false, "U64", "torch.uint64", "DT_UINT64", 23, "uint64", "<u8",
            List.of("uint64"), List.of("UInt64Storage"), List.of("u8", "Q", "ulonglong")),
    /** Boolean stored as one byte (0 or 1). */
    BOOL(1, false, "BOOL", "torch.bool", "DT_BOOL", 10, "bool", "|b1",
            List.of("bool"), List.of("BoolStorage"), List.of("b1", "?", "bool_"));

    private final int byteSize;
    private final boolean floatingPoint;
    private final String safetensorsName;
    private final String torchName;
    private final String tfName;
    private final int tfEnum;
    private final String numpyName;
    private final String numpyDescr;
    private final List<String> torchAliases;
    private final List<String> storageClasses;
    private final List<String> numpyAliases;

    DType(int byteSize, boolean floatingPoint, String safetensorsName, String torchName, String tfName, int tfEnum,
          String numpyName, String numpyDescr, List<String> torchAliases, List<String> storageClasses,
          List<String> numpyAliases) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.safetensorsName = safetensorsName;
        this.torchName = torchName;
        this.tfName = tfName;
        this.tfEnum = tfEnum;
        this.numpyName = numpyName;
        this.numpyDescr = numpyDescr;
        this.torchAliases = torchAliases;
        this.storageClasses = storageClasses;
        this.numpyAliases = numpyAliases;
    }

    /** Bytes per element (F8 and BOOL are 1). */
    public int byteSize() {
        return byteSize;
    }

    /** Bytes of one scalar component, the unit whose byte order a big-endian file reverses: half a C64. */
    public int scalarSize() {
        return this == C64 ? byteSize / 2 : byteSize;
    }

    /** Whether this is a floating-point type (F64, F32, F16, BF16, F8_*). */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The safetensors header spelling, e.g. {@code "F32"}, {@code "BF16"}, {@code "F8_E4M3"}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The canonical PyTorch spelling, e.g. {@code "torch.float32"}. */
    public String torchName() {
        return torchName;
    }

    /** The TensorFlow {@code DataType} name, e.g. {@code "DT_FLOAT"}; null when TensorFlow has no such type. */
    public String tfName() {
        return tfName;
    }

    /** The TensorFlow {@code DataType} enum number from {@code types.proto}, e.g. 1 for DT_FLOAT; -1 when none. */
    public int tfEnum() {
        return tfEnum;
    }

    /** The NumPy dtype name, e.g. {@code "float32"} ({@code "bfloat16"} and F8 names come from ml_dtypes). */
    public String numpyName() {
        return numpyName;
    }

    /** The little-endian NumPy array-interface descriptor, e.g. {@code "<f4"}, {@code "|b1"}. */
    public String numpyDescr() {
        return numpyDescr;
    }

    /** Looks up a safetensors spelling ({@code "F32"}, {@code "BF16"}...); exact and case-sensitive like the format. */
    public static DType fromSafetensors(String name) {
        DType t = Lookup.SAFETENSORS.get(name);
        if (t == null) {
            throw unknown("safetensors dtype", name, Lookup.SAFETENSORS.keySet());
        }
        return t;
    }

    /**
     * Looks up a PyTorch spelling: {@code "torch.float32"}, {@code "float32"}, {@code "torch.float"},
     * {@code "half"}, {@code "torch.long"}, {@code "torch.float8_e4m3fn"}...
     */
    public static DType fromTorch(String name) {
        DType t = name == null ? null : Lookup.TORCH.get(name.strip());
        if (t == null) {
            throw unknown("PyTorch dtype", name, Lookup.TORCH.keySet());
        }
        return t;
    }

    /**
     * Looks up a legacy PyTorch storage class name as found in pickled checkpoints:
     * {@code "FloatStorage"} → F32, {@code "CharStorage"} → I8, {@code "ByteStorage"} → U8...
     * A {@code "torch."} prefix is accepted.
     */
    public static DType fromTorchStorage(String className) {
        String key = className == null ? null : className.strip();
        if (key != null && key.startsWith("torch.")) {
            key = key.substring("torch.".length());
        }
        DType t = key == null ? null : Lookup.STORAGE.get(key);
        if (t == null) {
            throw unknown("PyTorch storage class", className, Lookup.STORAGE.keySet());
        }
        return t;
    }

    /** Looks up a TensorFlow {@code DataType} enum number (see {@code tensorflow/core/framework/types.proto}). */
    public static DType fromTfEnum(int number) {
        DType t = Lookup.TF_ENUM.get(number);
        if (t == null) {
            List<String> accepted = new ArrayList<>();
            Lookup.TF_ENUM.forEach((k, v) -> accepted.add(k + " (" + v.tfName + ")"));
            throw new IllegalArgumentException("unsupported TensorFlow DataType number " + number
                    + "; supported: " + String.join(", ", accepted));
        }
        return t;
    }

    /** Looks up a TensorFlow {@code DataType} name such as {@code "DT_FLOAT"}; the {@code DT_} prefix is optional. */
    public static DType fromTfName(String name) {
        String key = name == null ? null : name.strip().toUpperCase(Locale.ROOT);
        if (key != null && !key.startsWith("DT_")) {
            key = "DT_" + key;
        }
        DType t = key == null ? null : Lookup.TF_NAME.get(key);
        if (t == null) {
            throw unknown("TensorFlow DataType", name, Lookup.TF_NAME.keySet());
        }
        return t;
    }

    /**
     * Looks up a NumPy spelling: a name ({@code "float32"}, {@code "bool"}, {@code "bfloat16"}), a type
     * code ({@code "f4"}, {@code "i8"}) or an array-interface descriptor with a little-endian or
     * not-applicable byte order ({@code "<f4"}, {@code "|b1"}, {@code "=i8"}). Big-endian ({@code ">f4"})
     * is refused because every format hubkit reads stores little-endian data.
     */
    public static DType fromNumpy(String name) {
        if (name == null) {
            throw unknown("NumPy dtype", null, Lookup.NUMPY.keySet());
        }
        String key = name.strip();
        if (key.startsWith("numpy.")) {
            key = key.substring("numpy.".length());
        } else if (key.startsWith("np.")) {
            key = key.substring("np.".length());
        }
        if (key.length() > 1 && (key.charAt(0) == '>' || key.charAt(0) == '!')) {
            DType base = Lookup.NUMPY.get(key.substring(1));
            if (base != null && base.byteSize > 1) {
                throw new IllegalArgumentException("big-endian NumPy dtype '" + name
                        + "' is not supported; convert the array to little-endian ('<" + key.substring(1) + "')");
            }
            key = key.substring(1);
        } else if (key.length() > 1 && (key.charAt(0) == '<' || key.charAt(0) == '|' || key.charAt(0) == '=')) {
            key = key.substring(1);
        }
        DType t = Lookup.NUMPY.get(key);
        if (t == null) {
            IllegalArgumentException e = unknown("NumPy dtype", name, Lookup.NUMPY.keySet());
            throw new IllegalArgumentException(e.getMessage()
                    + " (a type code may carry the byte order '<', '|' or '=', e.g. '<f4', '|b1')");
        }
        return t;
    }

    private static IllegalArgumentException unknown(String what, String given, Iterable<?> accepted) {
        List<String> names = new ArrayList<>();
        accepted.forEach(a -> names.add(String.valueOf(a)));
        return new IllegalArgumentException("unknown " + what + " "
                + (given == null ? "null" : "'" + given + "'") + "; accepted spellings: " + String.join(", ", names));
    }

    /** Lookup tables, built once after the constants exist. */
    private static final class Lookup {
        static final Map<String, DType> SAFETENSORS;
        static final Map<String, DType> TORCH;
        static final Map<String, DType> STORAGE;
        static final Map<Integer, DType> TF_ENUM;
        static final Map<String, DType> TF_NAME;
        static final Map<String, DType> NUMPY;

        static {
            Map<String, DType> st = new LinkedHashMap<>();
            Map<String, DType> torch = new LinkedHashMap<>();
            Map<String, DType> storage = new LinkedHashMap<>();
            Map<Integer, DType> tfEnum = new LinkedHashMap<>();
            Map<String, DType> tfName = new LinkedHashMap<>();
            Map<String, DType> numpy = new LinkedHashMap<>();
            for (DType t : values()) {
                st.put(t.safetensorsName, t);
                torch.put(t.torchName, t);
                for (String alias : t.torchAliases) {
                    torch.put(alias, t);
                    if (!alias.startsWith("torch.")) {
                        torch.put("torch." + alias, t);
                    }
                }
                for (String cls : t.storageClasses) {
                    storage.put(cls, t);
                }
                if (t.tfEnum >= 0) {
                    tfEnum.put(t.tfEnum, t);
                    tfName.put(t.tfName, t);
                }
                numpy.put(t.numpyName, t);
                String descr = t.numpyDescr;
                if (descr.charAt(0) == '<' || descr.charAt(0) == '|') {
                    numpy.put(descr.substring(1), t);
                }
                for (String alias : t.numpyAliases) {
                    numpy.put(alias, t);
                }
            }
            SAFETENSORS = Collections.unmodifiableMap(st);
            TORCH = Collections.unmodifiableMap(torch);
            STORAGE = Collections.unmodifiableMap(storage);
            TF_ENUM = Collections.unmodifiableMap(tfEnum);
            TF_NAME = Collections.unmodifiableMap(tfName);
            NUMPY = Collections.unmodifiableMap(numpy);
        }

        private Lookup() {
        }
    }
}
