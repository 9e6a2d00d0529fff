package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key order inside each PyTorch file written from a state dict with shared storages is transformers'
 * ({@code save_pretrained(safe_serialization=False)} keeps the order of huggingface_hub's
 * {@code split_torch_state_dict_into_shards}): a name whose storage an earlier name uses goes to the end of its
 * file, grouped by storage. Expected orders printed by huggingface_hub 1.33 (transformers 4.57.6, torch 2.13) for
 * {@code a = zeros(4); c = ones(4); w = zeros(2, 2)} and
 * {@code {"a": a, "b": a, "c": c, "wT": w.t(), "d": zeros(3), "w": w, "e": c[1:]}}.
 */
class TiedKeyOrderTest {
    @TempDir
    Path tmp;

    private Path source() throws Exception {
        List<TensorInfo> storages = List.of(new TensorInfo("a", DType.F32, new long[] {4}),
                new TensorInfo("c", DType.F32, new long[] {4}), new TensorInfo("w", DType.F32, new long[] {4}),
                new TensorInfo("d", DType.F32, new long[] {3}));
        List<StorageView> views = List.of(StorageView.whole("a", "a", new long[] {4}),
                StorageView.whole("b", "a", new long[] {4}), StorageView.whole("c", "c", new long[] {4}),
                new StorageView("wT", "w", 0, new long[] {2, 2}, new long[] {1, 2}),
                StorageView.whole("d", "d", new long[] {3}),
                new StorageView("w", "w", 0, new long[] {2, 2}, new long[] {2, 1}),
                new StorageView("e", "c", 1, new long[] {3}, new long[] {1}));
        Path src = tmp.resolve("tied.bin");
        try (TorchZipWriter w = TorchZipWriter.create(src, storages, views)) {
            for (TensorInfo t : storages) {
                w.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            w.finish();
        }
        try (TorchReader r = TorchZipReader.open(src)) { // the source is the state dict above, in its order
            assertThat(r.tensors().stream().map(TensorInfo::name)).containsExactly("a", "b", "c", "wT", "d", "w", "e");
        }
        return src;
    }

    private static List<String> keys(Path file) {
        try (TorchReader r = TorchZipReader.open(file)) {
            return r.tensors().stream().map(TensorInfo::name).toList();
        }
    }

    @Test
    void oneFileListsNamesSharingAnEarlierStorageLast() throws Exception {
        Path out = tmp.resolve("one.bin");
        Converter.convert(source(), out, new ConvertOptions(TargetFormat.PYTORCH, null, 0, true),
                ProgressListener.none());
        assertThat(keys(out)).containsExactly("a", "c", "wT", "d", "b", "e", "w");
    }

    @Test
    void eachShardListsNamesSharingAnEarlierStorageLast() throws Exception {
        Path out = tmp.resolve("sharded");
        Converter.convert(source(), out, new ConvertOptions(TargetFormat.PYTORCH, null, 20, true),
                ProgressListener.none());
        assertThat(keys(out.resolve("pytorch_model-00001-of-00004.bin"))).containsExactly("a", "b");
        assertThat(keys(out.resolve("pytorch_model-00002-of-00004.bin"))).containsExactly("c", "e");
        assertThat(keys(out.resolve("pytorch_model-00003-of-00004.bin"))).containsExactly("wT", "w");
        assertThat(keys(out.resolve("pytorch_model-00004-of-00004.bin"))).containsExactly("d");
    }
}
