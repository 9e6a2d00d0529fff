package dev.hubkit.converters.pytorch;

import dev.hubkit.core.tensor.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code data.pkl} of a state dict the way {@code torch.save} does (protocol 2): an
 * {@code OrderedDict} of {@code _rebuild_tensor_v2} calls (or {@code _rebuild_tensor_v3} for dtypes
 * without a typed storage class) whose storages are persistent ids. Only globals that
 * {@code torch.load(weights_only=True)} accepts are used.
 */
public final class StatePickler {

    /**
     * One key of the state dict: a view ({@code offset} and {@code stride} in elements) of the storage
     * {@code storageKey} of {@code storageNumel} elements of the tensor's dtype.
     */
    public record Item(TensorInfo info, String storageKey, long storageNumel, long offset, long[] stride) {
        /** Copies the stride. */
        public Item {
            stride = stride.clone();
            if (stride.length != info.shape().length) {
                throw new IllegalArgumentException("tensor '" + info.name() + "' has " + info.shape().length
                        + " dimensions but " + stride.length + " strides");
            }
        }

        /** A C-contiguous tensor over the whole storage {@code storageKey}. */
        public Item(TensorInfo info, String storageKey) {
            this(info, storageKey, info.numel(), 0, contiguousStride(info.shape()));
        }

        @Override
        public long[] stride() {
            return stride.clone();
        }
    }

    /** The C-contiguous strides of {@code shape} (size-0 dimensions count as 1, as torch does). */
    public static long[] contiguousStride(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return stride;
    }

    /** Python's pickler writes a dict's items in batches of this many ({@code _BATCHSIZE}). */
    private static final int BATCH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Memo indices of the objects torch.save's pickler sees again (the same Python object), by what they are. */
    private final Map<String, Integer> memo = new HashMap<>();
    private int memoSize;

    private StatePickler() {
    }

    /**
     * The pickle bytes for {@code items}, in order, as torch.save's pickler writes them for the state dict
     * {@code torch.load} gives back: every object memoized as it is first written ({@code BINPUT}), and the objects
     * it meets again fetched from the memo ({@code BINGET}): the rebuild functions, storage classes and dtypes
     * (globals), the strings {@code "storage"} and {@code "cpu"}, and a storage's key when a storage is shared;
     * items in batches of 1,000 ({@code SETITEM} for a batch of one).
     */
    public static byte[] pickle(List<Item> items) {
        StatePickler p = new StatePickler();
        p.write(items);
        return p.out.toByteArray();
    }

    private void write(List<Item> items) {
        op(0x80);
        op(2);
        global("collections", "OrderedDict");
        op(')');
        op('R');
        put();
        for (int from = 0; from < items.size(); from += BATCH) {
            List<Item> batch = items.subList(from, Math.min(items.size(), from + BATCH));
            if (batch.size() > 1) {
                op('(');
            }
            for (Item item : batch) {
                write(item);
            }
            op(batch.size() > 1 ? 'u' : 's');
        }
        op('.');
    }

    private void write(Item item) {
        TensorInfo t = item.info();
        string(t.name()); // each key a string object of its own, even "0" beside storage key "0" (seen in torch 2.13)
        put();
        boolean typed = typedStorage(t.dtype());
        // dtypes without a typed storage class go as torch.save writes them: an untyped storage (its size
        // in bytes) rebuilt by _rebuild_tensor_v3, which names the dtype
        global("torch._utils", typed ? "_rebuild_tensor_v2" : "_rebuild_tensor_v3");
        op('(');
        op('(');
        shared("str:storage", () -> string("storage"));
        if (typed) {
            global("torch", storageClass(t));
        } else {
            global("torch.storage", "UntypedStorage");
        }
        shared("str:" + item.storageKey(), () -> string(item.storageKey()));
        shared("str:cpu", () -> string("cpu"));
        integer(typed ? item.storageNumel() : Math.multiplyExact(item.storageNumel(), (long) t.dtype().byteSize()));
        op('t');
        put();
        op('Q');
        integer(item.offset());
        tuple(t.shape());
        tuple(item.stride());
        op(0x89);
        global("collections", "OrderedDict");
        op(')');
        op('R');
        put();
        if (!typed) {
            String torchName = t.dtype().torchName(); // "torch.uint16": the dtype object, a global of module torch
            global("torch", torchName.substring(torchName.indexOf('.') + 1));
        }
        op('t');
        put();
        op('R');
        put();
    }

    /** Writes the object {@code key} names once ({@code BINPUT} after it), then fetches it ({@code BINGET}). */
    private void shared(String key, Runnable write) {
        Integer at = memo.get(key);
        if (at != null) {
            get(at);
            return;
        }
        write.run();
        memo.put(key, memoSize);
        put();
    }

    /** {@code BINPUT}/{@code LONG_BINPUT} of the next memo index. */
    private void put() {
        int i = memoSize++;
        if (i < 256) {
            op('q');
            op(i);
        } else {
            op('r');
            int4(i);
        }
    }

    private void get(int i) {
        if (i < 256) {
            op('h');
            op(i);
        } else {
            op('j');
            int4(i);
        }
    }

    private void int4(int v) {
        for (int b = 0; b < 4; b++) {
            op((v >>> (8 * b)) & 0xFF);
        }
    }

    /**
     * Whether {@code dtype} has a typed storage class ({@code torch.FloatStorage}, ...) and so goes through
     * {@code _rebuild_tensor_v2}, which every torch release reads. The others (uint16/32/64, float8) go
     * through {@code _rebuild_tensor_v3} with an untyped storage, as torch.save writes them; torch reads
     * those since the release that added the dtype (2.1 for float8, 2.3 for uint16-64).
     */
    static boolean typedStorage(dev.hubkit.core.tensor.DType dtype) {
        return switch (dtype) {
            case F64, F32, F16, BF16, C64, I64, I32, I16, I8, U8, BOOL -> true;
            default -> false;
        };
    }

    private static String storageClass(TensorInfo t) {
        return switch (t.dtype()) {
            case F64 -> "DoubleStorage";
            case F32 -> "FloatStorage";
            case F16 -> "HalfStorage";
            case BF16 -> "BFloat16Storage";
            case C64 -> "ComplexFloatStorage";
            case I64 -> "LongStorage";
            case I32 -> "IntStorage";
            case I16 -> "ShortStorage";
            case I8 -> "CharStorage";
            case U8 -> "ByteStorage";
            case BOOL -> "BoolStorage";
            default -> throw new IllegalArgumentException("tensor '" + t.name() + "' has dtype " + t.dtype()
                    + " which PyTorch checkpoints cannot store (no typed storage class); cast it or write safetensors");
        };
    }

    private void tuple(long[] values) {
        switch (values.length) {
            case 0 -> op(')');
            case 1 -> {
                integer(values[0]);
                op(0x85);
            }
            case 2 -> {
                integer(values[0]);
                integer(values[1]);
                op(0x86);
            }
            case 3 -> {
                integer(values[0]);
                integer(values[1]);
                integer(values[2]);
                op(0x87);
            }
            default -> {
                op('(');
                for (long v : values) {
                    integer(v);
                }
                op('t');
            }
        }
        if (values.length > 0) {
            put(); // a new tuple each time; the empty tuple is never memoized
        }
    }

    private void integer(long v) {
        if (v >= 0 && v < 256) {
            op('K');
            op((int) v);
        } else if (v >= 0 && v < 65536) {
            op('M');
            op((int) (v & 0xFF));
            op((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            for (int i = 0; i < 4; i++) {
                op((int) ((v >>> (8 * i)) & 0xFF));
            }
        } else {
            byte[] be = java.math.BigInteger.valueOf(v).toByteArray();
            op(0x8a);
            op(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                op(be[i] & 0xFF);
            }
        }
    }

    private void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        for (int i = 0; i < 4; i++) {
            op((b.length >>> (8 * i)) & 0xFF);
        }
        out.writeBytes(b);
    }

    /** A global (class, function or dtype): one Python object, so written once and then fetched from the memo. */
    private void global(String module, String name) {
        shared("global:" + module + "\n" + name, () -> {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        });
    }

    private void op(int b) {
        out.write(b);
    }
}
