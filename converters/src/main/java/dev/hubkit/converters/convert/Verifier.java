package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.cast.CastData;
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
        try (TensorReader out = Checkpoints.open(output)) {
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
}
