package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.pytorch.pickle.PickleException;
import dev.hubkit.converters.pytorch.pickle.PyGlobal;
import dev.hubkit.converters.pytorch.pickle.PyObject;
import dev.hubkit.converters.pytorch.pickle.PyTuple;
import dev.hubkit.converters.pytorch.pickle.Unpickler;
import dev.hubkit.core.tensor.DType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PyTorch checkpoint vocabulary for the {@link Unpickler}: which globals may appear and what the
 * allowed calls build. Nothing is executed; each call becomes a plain Java value.
 */
public final class TorchPickle implements Unpickler.GlobalPolicy, Unpickler.Reducer {

    /** The globals accepted besides {@code torch.<Storage class>} and {@code torch.<dtype>}. */
    public static final Set<String> ALLOWED = Set.of(
            "collections.OrderedDict",
            "collections.Counter",
            "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor_v3",
            "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state",
            "torch._tensor._rebuild_from_type_v2",
            "torch.nn.parameter.Parameter",
            "torch.Tensor",
            "torch.Size",
            "torch.device",
            "torch.serialization._get_layout",
            "torch.storage.UntypedStorage",
            "torch.storage._TypedStorage",
            "torch.storage.TypedStorage",
            "_codecs.encode",
            "builtins.set",
            "builtins.frozenset",
            "builtins.bytearray",
            "__builtin__.set",
            "__builtin__.frozenset",
            "__builtin__.bytearray",
            "builtins.complex",
            "__builtin__.complex");

    /** Storage dtype when the global is a storage class, else null. */
    public static DType storageDType(PyGlobal g) {
        if (!g.module().equals("torch") || !g.name().endsWith("Storage")) {
            return null;
        }
        try {
            return DType.fromTorchStorage(g.name());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DType torchDType(String module, String name) {
        if (!module.equals("torch")) {
            return null;
        }
        try {
            return DType.fromTorch("torch." + name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * PyTorch's own globals for tensors hubkit does not convert, by {@code module.name}: what they hold and what to
     * save instead. Refused like any other global outside {@link #ALLOWED}, but named for what they are.
     */
    private static final Map<String, String> UNSUPPORTED = unsupportedGlobals();

    private static Map<String, String> unsupportedGlobals() {
        Map<String, String> m = new LinkedHashMap<>();
        String complex128 = "the checkpoint holds complex128 tensors, which hubkit does not convert (safetensors has no"
                + " complex128 type); cast them to complex64 (or split real and imaginary parts) and save again";
        m.put("torch.ComplexDoubleStorage", complex128);
        m.put("torch.complex128", complex128);
        m.put("torch.cdouble", complex128);
        String complex32 = "the checkpoint holds complex32 tensors, which hubkit does not convert; cast them to"
                + " complex64 and save again";
        m.put("torch.ComplexHalfStorage", complex32);
        m.put("torch.complex32", complex32);
        m.put("torch.chalf", complex32);
        String quantized = "the checkpoint holds quantized tensors (torch.qint8, quint8, qint32, quint4x2), which"
                + " hubkit does not convert; save the dequantized weights (tensor.dequantize()) instead";
        for (String g : List.of("torch._utils._rebuild_qtensor", "torch.QInt8Storage", "torch.QUInt8Storage",
                "torch.QInt32Storage", "torch.QUInt4x2Storage", "torch.QUInt2x4Storage", "torch.qint8", "torch.quint8",
                "torch.qint32", "torch.quint4x2", "torch.quint2x4", "torch.per_tensor_affine",
                "torch.per_channel_affine", "torch.per_channel_affine_float_qparams")) {
            m.put(g, quantized);
        }
        String sparse = "the checkpoint holds sparse tensors, which hubkit does not convert; save them dense"
                + " (tensor.to_dense()) instead";
        for (String g : List.of("torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_sparse_csr_tensor",
                "torch._utils._validate_loaded_sparse_tensors", "torch.sparse_coo", "torch.sparse_csr",
                "torch.sparse_csc", "torch.sparse_bsr", "torch.sparse_bsc")) {
            m.put(g, sparse);
        }
        m.put("torch._utils._rebuild_meta_tensor_no_storage", "the checkpoint holds tensors on the 'meta' device,"
                + " which have a shape but no data to convert; save the model after its weights are materialized");
        m.put("torch._utils._rebuild_nested_tensor", "the checkpoint holds nested tensors, which hubkit does not"
                + " convert; save their components as plain tensors instead");
        return Map.copyOf(m);
    }

    @Override
    public String unsupported(String module, String name) {
        return UNSUPPORTED.get(module + "." + name);
    }

    @Override
    public boolean allows(String module, String name) {
        return ALLOWED.contains(module + "." + name) || storageDType(new PyGlobal(module, name)) != null
                || torchDType(module, name) != null;
    }

    @Override
    public Object reduce(PyGlobal callable, PyTuple args) {
        String q = callable.qualified();
        switch (q) {
            case "collections.OrderedDict": {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof PyTuple t && t.size() == 2) {
                            d.put(t.get(0), t.get(1));
                        } else if (p instanceof List<?> l && l.size() == 2) {
                            d.put(l.get(0), l.get(1));
                        } else {
                            throw new PickleException("OrderedDict item is not a pair");
                        }
                    }
                } else if (args.size() == 1 && args.get(0) instanceof Map<?, ?> m) {
                    d.putAll(m);
                } else if (args.size() != 0) {
                    throw new PickleException("OrderedDict called with " + args.size() + " arguments");
                }
                return d;
            }
            case "collections.Counter": {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof Map<?, ?> m) {
                    d.putAll(m);
                } else if (args.size() != 0) {
                    throw new PickleException("Counter called with " + args.size() + " arguments");
                }
                return d;
            }
            case "builtins.complex":
            case "__builtin__.complex": {
                double re = args.size() > 0 ? asDouble(args.get(0), "complex real part") : 0;
                double im = args.size() > 1 ? asDouble(args.get(1), "complex imaginary part") : 0;
                return "(" + re + (im < 0 || Double.isNaN(im) ? "" : "+") + im + "j)";
            }
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return rebuildTensor(args);
            case "torch._utils._rebuild_tensor_v3":
                return rebuildTensorV3(args);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
            case "torch.nn.parameter.Parameter":
                if (args.size() < 1) {
                    throw new PickleException(q + " without data");
                }
                return args.get(0);
            case "torch._tensor._rebuild_from_type_v2": {
                if (args.size() < 3 || !(args.get(0) instanceof PyGlobal func) || !(args.get(2) instanceof PyTuple inner)) {
                    throw new PickleException("_rebuild_from_type_v2 needs (func, type, args, state)");
                }
                return reduce(func, inner);
            }
            case "torch.Size":
                if (args.size() == 1 && args.get(0) instanceof PyTuple t) {
                    return t;
                }
                return args;
            case "_codecs.encode": {
                if (args.size() < 1 || !(args.get(0) instanceof String s)) {
                    throw new PickleException("_codecs.encode needs a string");
                }
                String enc = args.size() > 1 && args.get(1) instanceof String e ? e.toLowerCase() : "utf-8";
                return s.getBytes(enc.startsWith("latin") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            }
            case "builtins.set":
            case "builtins.frozenset":
            case "__builtin__.set":
            case "__builtin__.frozenset": {
                Set<Object> s = new LinkedHashSet<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> l) {
                    s.addAll(l);
                }
                return s;
            }
            case "builtins.bytearray":
            case "__builtin__.bytearray":
                if (args.size() >= 1 && args.get(0) instanceof byte[] b) {
                    return b;
                }
                if (args.size() >= 1 && args.get(0) instanceof String s) {
                    return s.getBytes(StandardCharsets.ISO_8859_1);
                }
                return new byte[0];
            case "torch.device":
            case "torch.serialization._get_layout":
                return args.size() >= 1 ? String.valueOf(args.get(0)) : q;
            default:
                return new PyObject(callable, new ArrayList<>(args.items()), List.of());
        }
    }

    private static TorchTensorRef rebuildTensor(PyTuple args) {
        if (args.size() < 4) {
            throw new PickleException("_rebuild_tensor_v2 needs (storage, offset, size, stride, ...), got "
                    + args.size() + " arguments");
        }
        if (!(args.get(0) instanceof TorchStorage storage)) {
            throw new PickleException("_rebuild_tensor_v2's first argument is not a storage");
        }
        long offset = asLong(args.get(1), "storage offset");
        long[] shape = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (shape.length != stride.length) {
            throw new PickleException("tensor size has " + shape.length + " dimensions but stride has " + stride.length);
        }
        return new TorchTensorRef(storage, offset, shape, stride);
    }

    /**
     * {@code _rebuild_tensor_v3(storage, offset, size, stride, requires_grad, hooks, dtype[, metadata])}:
     * what {@code torch.save} writes for dtypes that have no typed storage class (uint16/32/64, the
     * float8 types). The storage is untyped (its size in bytes); the view's offset, size and stride count
     * elements of {@code dtype}, so the storage is read as elements of that dtype.
     */
    private static TorchTensorRef rebuildTensorV3(PyTuple args) {
        if (args.size() < 7) {
            throw new PickleException("_rebuild_tensor_v3 needs (storage, offset, size, stride, requires_grad, "
                    + "hooks, dtype), got " + args.size() + " arguments");
        }
        DType dtype = args.get(6) instanceof PyGlobal g ? torchDType(g.module(), g.name()) : null;
        if (dtype == null) {
            throw new PickleException("_rebuild_tensor_v3's dtype is not a torch dtype: " + args.get(6));
        }
        TorchTensorRef ref = rebuildTensor(args);
        TorchStorage s = ref.storage();
        if (s.dtype() != dtype) {
            long bytes;
            try {
                bytes = s.byteSize();
            } catch (ArithmeticException e) {
                throw new PickleException("storage '" + s.key() + "' size overflows");
            }
            if (s.dtype() != DType.U8 || bytes % dtype.byteSize() != 0) {
                throw new PickleException("storage '" + s.key() + "' (" + s.numel() + " x " + s.dtype().torchName()
                        + ") cannot hold elements of " + dtype.torchName());
            }
            s = new TorchStorage(s.key(), dtype, bytes / dtype.byteSize(), s.location());
        }
        return new TorchTensorRef(s, ref.offset(), ref.shape(), ref.stride());
    }

    private static double asDouble(Object o, String what) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new PickleException(what + " is not a number: " + o);
    }

    private static long asLong(Object o, String what) {
        if (o instanceof Long l) {
            return l;
        }
        throw new PickleException(what + " is not an int: " + o);
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof PyTuple t)) {
            throw new PickleException("tensor " + what + " is not a tuple");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(t.get(i), what + "[" + i + "]");
        }
        return out;
    }
}
