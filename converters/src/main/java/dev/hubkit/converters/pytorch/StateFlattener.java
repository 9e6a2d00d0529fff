package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.pytorch.pickle.PyGlobal;
import dev.hubkit.converters.pytorch.pickle.PyObject;
import dev.hubkit.converters.pytorch.pickle.PyTuple;
import java.math.BigInteger;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the tensors at any depth of nested dicts, lists and tuples (keys joined by {@code .}) and
 * collects plain values (ints, floats, strings, bools, None) as metadata.
 */
public final class StateFlattener {
    /** Looked up when something is logged (rarely), so a conversion that logs nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(StateFlattener.class);
    }
    private static final int MAX_DEPTH = 256;

    /** Tensors and metadata found, both in traversal order. */
    public record Flat(Map<String, TorchTensorRef> tensors, Map<String, Object> metadata) {
    }

    private final Map<String, TorchTensorRef> tensors = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Set<Object> path = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private StateFlattener() {
    }

    /** Flattens the root object of a checkpoint. */
    public static Flat flatten(Object root) {
        StateFlattener f = new StateFlattener();
        f.visit("", root, 0);
        return new Flat(f.tensors, f.metadata);
    }

    private void visit(String key, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new dev.hubkit.converters.pytorch.pickle.PickleException("objects nested deeper than "
                    + MAX_DEPTH + " levels at '" + key + "'");
        }
        if (value instanceof TorchTensorRef t) {
            String name = key.isEmpty() ? "tensor" : key;
            if (tensors.putIfAbsent(name, t) != null) {
                log().warn("two tensors are both named '{}' after joining keys with '.'; keeping the first", name);
            }
            return;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof PyTuple) {
            if (!path.add(value)) {
                metadata.put(key, "<cycle>");
                return;
            }
            try {
                if (value instanceof Map<?, ?> m) {
                    if (m.isEmpty() && !key.isEmpty()) {
                        metadata.put(key, Map.of());
                    }
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        visit(join(key, keyString(e.getKey())), e.getValue(), depth + 1);
                    }
                } else {
                    Iterable<?> items = value instanceof PyTuple t ? t.items() : (Collection<?>) value;
                    int i = 0;
                    boolean any = false;
                    for (Object item : items) {
                        visit(join(key, Integer.toString(i++)), item, depth + 1);
                        any = true;
                    }
                    if (!any && !key.isEmpty()) {
                        metadata.put(key, List.of());
                    }
                }
            } finally {
                path.remove(value);
            }
            return;
        }
        metadata.put(key.isEmpty() ? "value" : key, plain(value));
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof byte[] b) {
            return "<" + b.length + " bytes>";
        }
        if (v instanceof PyGlobal g) {
            return g.qualified();
        }
        if (v instanceof PyObject o) {
            return "<" + o.callable().qualified() + " object>";
        }
        if (v instanceof TorchStorage s) {
            return "<" + s.dtype().torchName() + " storage of " + s.numel() + " elements>";
        }
        return String.valueOf(v);
    }

    private static String keyString(Object k) {
        if (k instanceof PyTuple t) {
            StringBuilder sb = new StringBuilder();
            for (Object o : t.items()) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(o);
            }
            return sb.toString();
        }
        return String.valueOf(k);
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }
}
