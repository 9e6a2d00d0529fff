package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.convert.Checkpoints;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A checkpoint holding tensors hubkit cannot convert (complex128, quantized, sparse, meta) is refused with a message
 * naming what they are and what to save instead, as {@code torch.save} (1.13) pickles them, not as a hostile pickle.
 */
class UnsupportedTensorKindTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "torch, ComplexDoubleStorage, complex128 tensors",
        "torch._utils, _rebuild_qtensor, quantized tensors",
        "torch, QInt8Storage, quantized tensors",
        "torch._utils, _rebuild_sparse_tensor, sparse tensors",
        "torch._utils, _rebuild_meta_tensor_no_storage, on the 'meta' device"})
    void refusalNamesTheTensorKind(String module, String name, String kind) throws Exception {
        // {"w": <global>} : the refusal comes when the global is named, before anything could be built from it
        byte[] pickle = new TestPickle().op('}').str("w").global(module, name).op('s').stop();
        Path file = TestPickle.zip(tmp.resolve("unsupported.pt"), pickle, Map.of());
        assertThatThrownBy(() -> Checkpoints.open(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(kind)
                .hasMessageContaining("'" + module + "." + name + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("executes no pickled code"));
    }
}
