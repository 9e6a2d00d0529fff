package dev.hubkit.converters.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights io.jhdf cannot write are refused together, each named with what to do, before anything is written. */
class KerasH5RefusalTest {
    @TempDir
    Path dir;

    private static TensorInfo t(String name, DType dtype, long... shape) {
        return new TensorInfo("tf_bert_model/" + name + ":0", dtype, shape);
    }

    @Test
    void refusesEveryUnwritableWeightBeforeWriting() throws Exception {
        Path target = dir.resolve("tf_model.h5");
        List<TensorInfo> plan = List.of(t("a/kernel", DType.F32, 2, 2), t("b/kernel", DType.F16, 2, 2),
                t("c/kernel", DType.BF16, 2), t("d/ids", DType.U8, 2), t("e/kernel", DType.F32, 0, 4));
        assertThatThrownBy(() -> KerasH5Writer.create(target, plan)).isInstanceOf(FormatException.class)
                .hasMessageContaining("weights 'tf_bert_model/b/kernel:0' (F16), 'tf_bert_model/c/kernel:0' (BF16):"
                        + " float16/bfloat16, which hubkit's HDF5 writer (io.jhdf) cannot declare; convert with --dtype f32")
                .hasMessageContaining("weight 'tf_bert_model/d/ids:0' (U8): a dtype")
                .hasMessageContaining("--dtype casts only F32, F16 and BF16")
                .hasMessageContaining("weight 'tf_bert_model/e/kernel:0' [0, 4]: no elements, and Keras H5 output"
                        + " cannot hold empty tensors yet");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFloat8WeightIsNotToldToCast() {
        // --dtype casts F32, F16 and BF16 only: F8 is not told to use it
        assertThatThrownBy(() -> KerasH5Writer.create(dir.resolve("x.h5"), List.of(t("f/kernel", DType.F8_E4M3, 2))))
                .isInstanceOf(FormatException.class).hasMessageContaining("(F8_E4M3): a dtype")
                .hasMessageNotContaining("convert with --dtype f32");
    }
}
