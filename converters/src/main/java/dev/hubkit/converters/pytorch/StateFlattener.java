package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.pytorch.pickle.PickleException;
import dev.hubkit.converters.pytorch.pickle.PyGlobal;
import dev.hubkit.converters.pytorch.pickle.PyObject;
import dev.hubkit.converters.pytorch.pickle.PyTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the tensors at any depth of nested dicts, lists and tuples (keys joined by {@code .}) and
 * collects plain values (ints, floats, strings, bools, None) as metadata.
 *
 * <p>Keys are kept as they are, the empty key included; only a pickle whose root is itself a tensor
 * (no key at all) gets the made-up name {@code tensor}. Two different tensors whose joined names are
 * equal are an error (one would be lost). A container referred to from several places is expanded
 * at each, as {@code torch.load} would show it, but only up to {@link #MAX_VISITS} values in all: a
 * few kilobytes of pickle that reuse one dict at every level would otherwise expand to billions.
 */
public final class StateFlattener {
    /** The most values visited once some container has been reached twice (shared, not a cycle). */
    public static final int MAX_VISITS = 1_000_000;
    private static final int MAX_DEPTH = 256;

    /** Tensors and metadata found, both in traversal order. */
    public record Flat(Map<String, TorchTensorRef> tensors, Map<String, Object> metadata) {
    }

    private final Map<String, TorchTensorRef> tensors = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> expanded = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The raw keys from the root to the value being visited, for messages. */
    private final List<Object> keys = new ArrayList<>();
    /** When not null: only look for the first tensor of this name and note its path in {@link #found}. */
    private final String lookFor;
    private final Object root;
    private final long maxVisits;
    private String found;
    private boolean shared;
    private long visits;

    private StateFlattener(Object root, String lookFor, long maxVisits) {
        this.root = root;
        this.lookFor = lookFor;
        this.maxVisits = maxVisits;
    }

    /**
     * Flattens the root object of a checkpoint.
     *
     * @throws PickleException when two different tensors get one name, nesting is too deep, or shared
     *                         containers expand past {@link #MAX_VISITS} values
     */
    public static Flat flatten(Object root) {
        return flatten(root, MAX_VISITS);
    }

    /** As {@link #flatten(Object)} with another budget (for tests). */
    static Flat flatten(Object root, long maxVisits) {
        StateFlattener f = new StateFlattener(root, null, maxVisits);
        f.visit(null, root, 0);
        return new Flat(f.tensors, f.metadata);
    }

    /** @param key the joined name of {@code value}; null for the root, which has none */
    private void visit(String key, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new PickleException("objects nested deeper than " + MAX_DEPTH + " levels at '" + key + "'");
        }
        if (++visits > maxVisits && shared) {
            throw new PickleException("the checkpoint reuses the same dict/list in many places so that its state has"
                    + " more than " + maxVisits + " entries; refusing (save a plain state_dict instead)");
        }
        if (value instanceof TorchTensorRef t) {
            tensor(key == null ? "tensor" : key, t);
            return;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof PyTuple) {
            if (!onPath.add(value)) {
                putMetadata(key, "<cycle>");
                return;
            }
            if (!expanded.add(value)) {
                shared = true;
            }
            try {
                container(key, value, depth);
            } finally {
                onPath.remove(value);
            }
            return;
        }
        putMetadata(key == null ? "value" : key, plain(value));
    }

    private void container(String key, Object value, int depth) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty() && key != null) {
                putMetadata(key, Map.of());
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                child(key, e.getKey(), keyString(e.getKey()), e.getValue(), depth);
            }
            return;
        }
        Iterable<?> items = value instanceof PyTuple t ? t.items() : (Collection<?>) value;
        long i = 0;
        for (Object item : items) {
            child(key, i, Long.toString(i), item, depth);
            i++;
        }
        if (i == 0 && key != null) {
            putMetadata(key, List.of());
        }
    }

    private void child(String prefix, Object rawKey, String key, Object value, int depth) {
        keys.add(rawKey);
        try {
            visit(prefix == null ? key : prefix + "." + key, value, depth + 1);
        } finally {
            keys.remove(keys.size() - 1);
        }
    }

    private void tensor(String name, TorchTensorRef t) {
        if (lookFor != null) {
            if (found == null && lookFor.equals(name)) {
                found = where();
            }
            return;
        }
        TorchTensorRef first = tensors.putIfAbsent(name, t);
        if (first != null && first != t && !first.equals(t)) {
            StateFlattener finder = new StateFlattener(root, name, maxVisits);
            finder.visit(null, root, 0);
            throw new PickleException("two different tensors are both named '" + name + "' once keys are joined"
                    + " with '.': " + finder.found + " and " + where() + "; rename one of them so that no tensor"
                    + " is lost");
        }
    }

    private void putMetadata(String key, Object value) {
        if (lookFor == null) {
            metadata.put(key, value);
        }
    }

    /** The path to the value being visited, as Python indexes it: {@code ['a'][0]}. */
    private String where() {
        if (keys.isEmpty()) {
            return "the root";
        }
        StringBuilder sb = new StringBuilder();
        for (Object k : keys) {
            sb.append('[').append(k instanceof String s ? "'" + s + "'" : keyString(k)).append(']');
        }
        return sb.toString();
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
}
