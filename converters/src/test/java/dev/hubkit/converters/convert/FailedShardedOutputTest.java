package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversion that fails after some of its files were moved into place (shards, a TF bundle's data files) leaves
 * none of them behind.
 */
class FailedShardedOutputTest {
    @TempDir
    Path dir;

    @Test
    void shardsWhoseIndexCannotBeWrittenAreRemoved() throws IOException {
        Path src = twoTensorSource();
        Path out = Files.createDirectories(dir.resolve("out"));
        // a folder where the index goes: its rename into place fails after the shards were moved there
        Files.writeString(Files.createDirectories(out.resolve("model.safetensors.index.json")).resolve("x"), "x");
        assertThatThrownBy(() -> Converter.convert(src, out, true,
                new ConvertOptions(TargetFormat.SAFETENSORS, null, 16, false), ProgressListener.none()))
                .isInstanceOf(RuntimeException.class);
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("model.safetensors.index.json");
        }
    }

    @Test
    void anEarlierCheckpointsShardsOfTheSameNamesStayWhenTheIndexCannotBePutInPlace() throws IOException {
        Path src = twoTensorSource();
        Path out = Files.createDirectories(dir.resolve("out"));
        // the earlier checkpoint's shards, under the names the new one gives its shards
        Path first = Files.writeString(out.resolve("model-00001-of-00002.safetensors"), "earlier 1");
        Path second = Files.writeString(out.resolve("model-00002-of-00002.safetensors"), "earlier 2");
        // a folder where the index goes: putting the new index in place fails after its shards would be
        Files.writeString(Files.createDirectories(out.resolve("model.safetensors.index.json")).resolve("x"), "x");
        assertThatThrownBy(() -> Converter.convert(src, out, true,
                new ConvertOptions(TargetFormat.SAFETENSORS, null, 16, false), ProgressListener.none()))
                .isInstanceOf(RuntimeException.class);
        assertThat(first).hasContent("earlier 1");
        assertThat(second).hasContent("earlier 2");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                    "model.safetensors.index.json");
        }
    }

    @Test
    void aCheckpointOverAnEarlierOneReplacesItsShardsAndLeavesNothingElse() throws IOException {
        Path src = twoTensorSource();
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("model-00001-of-00002.safetensors"), "earlier 1");
        Files.writeString(out.resolve("model.safetensors.index.json"), "{}");
        ConversionResult r = Converter.convert(src, out, true,
                new ConvertOptions(TargetFormat.SAFETENSORS, null, 16, false), ProgressListener.none());
        assertThat(r.files()).hasSize(3);
        assertThat(Files.size(out.resolve("model-00001-of-00002.safetensors"))).isGreaterThan(16);
        assertThat(out.resolve("model.safetensors.index.json")).content().contains("weight_map");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                    "model.safetensors.index.json");
        }
    }

    @Test
    void aVerifiedCheckpointOverAnEarlierOneOfMoreShardsIsCheckedInPlaceAndLeavesNoStaleShard() throws IOException {
        Path src = twoTensorSource();
        Path out = Files.createDirectories(dir.resolve("out"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(out.resolve("model-0000" + i + "-of-00003.safetensors"), "earlier " + i);
        }
        Files.writeString(out.resolve("model-00001-of-00002.safetensors"), "earlier");
        Files.writeString(out.resolve("model.safetensors.index.json"), "{}");
        ConversionResult r = Converter.convert(src, out, true,
                new ConvertOptions(TargetFormat.SAFETENSORS, null, 16, true), ProgressListener.none());
        assertThat(r.verified()).isTrue();
        assertThat(r.files()).containsExactly(out.resolve("model-00001-of-00002.safetensors"),
                out.resolve("model-00002-of-00002.safetensors"), out.resolve("model.safetensors.index.json"));
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                    "model.safetensors.index.json");
        }
    }

    @Test
    void aTfBundleWhoseIndexCannotBeWrittenLeavesNoDataFile() throws IOException {
        Path src = dir.resolve("src.safetensors");
        TensorInfo t = new TensorInfo("bert.pooler.dense.bias", DType.F32, new long[] {4});
        try (SafetensorsWriter w = SafetensorsWriter.create(src, List.of(t), Map.of("format", "pt"))) {
            w.write(new HeapData(t, ByteBuffer.allocate(16)));
            w.finish();
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(Files.createDirectories(out.resolve("model.ckpt.index")).resolve("x"), "x");
        assertThatThrownBy(() -> Converter.convert(src, out.resolve("model.ckpt"),
                new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false, null, "bert", false),
                ProgressListener.none())).isInstanceOf(RuntimeException.class);
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("model.ckpt.index");
        }
    }

    /** A safetensors file of two 16-byte tensors: with a 16-byte shard limit it converts to two shards. */
    private Path twoTensorSource() throws IOException {
        Path src = dir.resolve("src.safetensors");
        List<TensorInfo> plan = List.of(new TensorInfo("a", DType.F32, new long[] {4}),
                new TensorInfo("b", DType.F32, new long[] {4}));
        try (SafetensorsWriter w = SafetensorsWriter.create(src, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate(16)));
            }
            w.finish();
        }
        return src;
    }
}
