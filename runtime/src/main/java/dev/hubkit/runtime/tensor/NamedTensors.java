package dev.hubkit.runtime.tensor;

import dev.hubkit.runtime.RuntimeBackendException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tensors by name, in the model's declared order (inputs to a backend, or every output it produced:
 * last hidden state, pooler output, logits, hidden states and attentions where the model exposes them).
 */
public final class NamedTensors {
    private final Map<String, Tensor> tensors;

    private NamedTensors(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Copies {@code tensors}, keeping its iteration order. */
    public static NamedTensors of(Map<String, ? extends Tensor> tensors) {
        return new NamedTensors(new LinkedHashMap<>(tensors));
    }

    /** Names in order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /** All tensors in order. */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** The tensor called {@code name}, if present. */
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The tensor called {@code name}; throws a clear error listing the names there are. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new RuntimeBackendException("no tensor named '" + name + "'; the model has " + tensors.keySet());
        }
        return t;
    }

    /** The tensor at position {@code index} in declared order. */
    public Tensor get(int index) {
        if (index < 0 || index >= tensors.size()) {
            throw new RuntimeBackendException("no tensor at position " + index + "; the model has " + tensors.size());
        }
        return tensors.values().stream().skip(index).findFirst().orElseThrow();
    }

    /** The float tensor called {@code name}, or the first output when the name is absent. */
    public FloatTensor floatOrFirst(String name) {
        Tensor t = tensors.containsKey(name) ? tensors.get(name) : tensors.isEmpty() ? null : get(0);
        if (t instanceof FloatTensor f) {
            return f;
        }
        throw new RuntimeBackendException("expected a float output '" + name + "' (or a float first output) but the model gives "
                + describe());
    }

    /** "name: dtype[shape]" for every tensor, for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        tensors.forEach((k, v) -> parts.add(k + ": " + v));
        return parts.toString();
    }

    @Override
    public String toString() {
        return "NamedTensors" + describe();
    }
}
