package dev.hubkit.cli;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small checkpoints for the {@code hubkit convert} tests. */
final class ConvertSources {

    private ConvertSources() {
    }

    /** {@code dir/src.safetensors}: one BERT tensor ({@code bert.pooler.dense.bias}, 4 zero floats), format pt. */
    static Path tinyBert(Path dir) throws IOException {
        Path src = dir.resolve("src.safetensors");
        TensorInfo t = new TensorInfo("bert.pooler.dense.bias", DType.F32, new long[] {4});
        try (SafetensorsWriter w = SafetensorsWriter.create(src, List.of(t), Map.of("format", "pt"))) {
            w.write(new HeapData(t, ByteBuffer.allocate(16)));
            w.finish();
        }
        return src;
    }
}
