package dev.hubkit.converters;

import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.core.tensor.DType;
import java.nio.file.Path;

/** Run by StreamingMemoryTest in a JVM with a heap smaller than one tensor: SRC → .bin → .safetensors (bf16). */
public final class StreamingMain {
    private StreamingMain() {
    }

    public static void main(String[] args) {
        Path src = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        Converter.convert(src, dir.resolve("a.bin"), new ConvertOptions(TargetFormat.PYTORCH, null, 0, true),
                ProgressListener.none());
        Converter.convert(dir.resolve("a.bin"), dir.resolve("b.safetensors"),
                new ConvertOptions(null, DType.BF16, 0, true), ProgressListener.none());
        System.out.println("ok");
    }
}
