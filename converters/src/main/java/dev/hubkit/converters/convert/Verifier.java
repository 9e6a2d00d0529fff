package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.cast.CastData;
import dev.hubkit.converters.pytorch.TorchReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Re-reads a written checkpoint and compares every tensor with the source: same name, dtype and shape,
 * and SHA-256 of the bytes equal to that of the source after the same cast (casts are deterministic,
 * so "within the cast's rounding" is checked exactly).
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * @param cast           the cast target of each tensor name (null result: none)
     * @param keptAliases    alias → name pairs that the output keeps as separate names (PyTorch)
     * @param droppedAliases alias → name pairs that the output leaves out (safetensors)
     */
    public static void verify(TensorReader source, Path output, Function<String, DType> cast,
                              Map<String, String> keptAliases,
                              Map<String, String> droppedAliases) throws IOException {
        verify(source, output, cast, keptAliases, droppedAliases, List.of());
    }

    /**
     * As {@link #verify(TensorReader, Path, Function, Map, Map)}, also checking that the names of each of
     * {@code sharedGroups} are views of one storage in the (PyTorch) output.
     */
    public static void verify(TensorReader source, Path output, Function<String, DType> cast,
                              Map<String, String> keptAliases, Map<String, String> droppedAliases,
                              List<List<String>> sharedGroups) throws IOException {
        try (TensorReader out = Checkpoints.open(output)) {
            checkShared(out, output, sharedGroups);
            Set<String> expected = new HashSet<>();
            for (TensorInfo s : source.tensors()) {
                if (droppedAliases.containsKey(s.name())) {
                    continue;
                }
                expected.add(s.name());
                TensorInfo o;
                try {
                    o = out.info(s.name());
                } catch (FormatException e) {
                    throw new FormatException(output, "verification failed: tensor '" + s.name() + "' is missing");
                }
                DType want = CastData.castedType(s.dtype(), cast.apply(s.name()));
                if (o.dtype() != want || !Arrays.equals(o.shape(), s.shape())) {
                    throw new FormatException(output, "verification failed: tensor '" + s.name() + "' is "
                            + o.dtype() + Arrays.toString(o.shape()) + ", expected " + want + Arrays.toString(s.shape()));
                }
                String a = TensorBytes.sha256(CastData.wrap(source.data(s.name()), cast.apply(s.name())));
                String b = TensorBytes.sha256(out.data(s.name()));
                if (!a.equals(b)) {
                    throw new FormatException(output, "verification failed: tensor '" + s.name()
                            + "' differs from the source");
                }
            }
            List<TensorInfo> written = out.tensors();
            if (written.size() != expected.size()) {
                throw new FormatException(output, "verification failed: output has " + written.size()
                        + " tensors, expected " + expected.size());
            }
            Set<String> outAliases = new HashSet<>();
            for (List<String> g : out.aliases()) {
                outAliases.addAll(g.subList(1, g.size()));
                outAliases.add(g.get(0));
            }
            for (Map.Entry<String, String> a : keptAliases.entrySet()) {
                if (!outAliases.contains(a.getKey())) {
                    throw new FormatException(output, "verification failed: '" + a.getKey() + "' no longer shares "
                            + "storage with '" + a.getValue() + "'");
                }
            }
        }
    }

    private static void checkShared(TensorReader out, Path output, List<List<String>> groups) {
        for (List<String> group : groups) {
            Object first = null;
            for (String name : group) {
                Object id = storageId(out, name);
                if (id == null) {
                    throw new FormatException(output, "verification failed: '" + name + "' is not a view of a stored "
                            + "PyTorch storage");
                }
                if (first == null) {
                    first = id;
                } else if (!first.equals(id)) {
                    throw new FormatException(output, "verification failed: '" + name + "' no longer shares storage "
                            + "with '" + group.get(0) + "'");
                }
            }
        }
    }

    /** The output's storage of {@code name}: its file and storage key (null when not a PyTorch file). */
    private static Object storageId(TensorReader out, String name) {
        TensorReader r = out instanceof ShardedReader s ? s.shardOf(name) : out;
        if (r instanceof TorchReader t) {
            return List.of(t.path().toString(), t.ref(name).storage().key());
        }
        return null;
    }
}
