package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.converters.tensorflow.TfCheckpointWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@link Converter} writes: through symbolic links, into folders it creates, under the format DST names. */
class ConvertOutputTest {
    @TempDir
    Path dir;

    private static final List<TensorInfo> PLAN = List.of(new TensorInfo("layer/bias", DType.F32, new long[] {4}),
            new TensorInfo("layer/kernel", DType.F32, new long[] {4, 4}));

    private static ByteBuffer floats(int n, float start) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(start + i);
        }
        return b.flip();
    }

    private Path safetensors(String name) throws Exception {
        Path file = dir.resolve(name);
        List<TensorInfo> plan = List.of(new TensorInfo("a", DType.F32, new long[] {4}),
                new TensorInfo("b", DType.F32, new long[] {16}));
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            w.write(new HeapData(plan.get(0), floats(4, 1)));
            w.write(new HeapData(plan.get(1), floats(16, 10)));
            w.finish();
        }
        return file;
    }

    /** A TF checkpoint whose last tensor fails its CRC when read: the conversion fails after it started writing. */
    private Path corruptBundle() throws Exception {
        Path prefix = dir.resolve("tf/model.ckpt");
        try (TfCheckpointWriter w = TfCheckpointWriter.create(prefix, PLAN)) {
            w.write(new HeapData(PLAN.get(0), floats(4, 0)));
            w.write(new HeapData(PLAN.get(1), floats(16, 100)));
            w.finish();
        }
        Path shard = dir.resolve("tf/model.ckpt.data-00000-of-00001");
        byte[] data = Files.readAllBytes(shard);
        data[data.length - 2] ^= 0x10;
        Files.write(shard, data);
        return prefix;
    }

    private static ConversionResult convert(Path src, Path dst, TargetFormat to, long maxShard) {
        return Converter.convert(src, dst, new ConvertOptions(to, null, maxShard, true, Map.of(), null, true),
                ProgressListener.none());
    }

    private static Map<String, String> hashes(Path p) {
        return Inspector.inspect(p).tensors().stream().collect(Collectors.toMap(Inspection.Tensor::name,
                Inspection.Tensor::sha256));
    }

    @Test
    void aLinkedDestinationWritesTheLinksTargetAndKeepsTheLink() throws Exception {
        Path src = safetensors("src.safetensors");
        Files.createDirectories(dir.resolve("real"));
        Files.createFile(dir.resolve("real/t.safetensors"));
        Path link = Files.createSymbolicLink(dir.resolve("lnk.safetensors"), Path.of("real/t.safetensors"));
        convert(src, link, null, 0);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(hashes(dir.resolve("real/t.safetensors"))).isEqualTo(hashes(src));
        try (Stream<Path> files = Files.list(dir.resolve("real"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.safetensors"); // no temp left
        }
        // a dangling link: its target is created, as open(path, 'wb') does
        Path dangling = Files.createSymbolicLink(dir.resolve("new.bin"), Path.of("real/new.bin"));
        convert(src, dangling, null, 0);
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(hashes(dir.resolve("real/new.bin"))).isEqualTo(hashes(src));
        // a link whose target has no extension: the target file is written, not taken for a folder
        Files.write(dir.resolve("real/blob"), new byte[] {1});
        Path toBlob = Files.createSymbolicLink(dir.resolve("blob.safetensors"), Path.of("real/blob"));
        convert(src, toBlob, null, 0);
        assertThat(hashes(dir.resolve("real/blob"))).isEqualTo(hashes(src));
    }

    @Test
    void aLinkToTheSourceIsRefused() throws Exception {
        Path src = safetensors("src.safetensors");
        byte[] before = Files.readAllBytes(src);
        Path link = Files.createSymbolicLink(dir.resolve("lnk.safetensors"), src);
        assertThatThrownBy(() -> convert(src, link, null, 0)).isInstanceOf(FormatException.class)
                .hasMessageContaining("would overwrite the source");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(src)).isEqualTo(before);
    }

    @Test
    void shardsGoThroughALinkedFolder() throws Exception {
        Path src = safetensors("src.safetensors");
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("out"), real);
        ConversionResult r = convert(src, link, TargetFormat.SAFETENSORS, 40);
        assertThat(r.files()).hasSize(3);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real.resolve("model.safetensors.index.json")).exists();
        assertThat(hashes(real.resolve("model.safetensors.index.json"))).isEqualTo(hashes(src));
    }

    @Test
    void aFailedConversionRemovesTheFoldersItCreated() throws Exception {
        Path src = corruptBundle();
        Path kept = Files.createDirectories(dir.resolve("kept"));
        assertThatThrownBy(() -> convert(src, dir.resolve("made/sh"), TargetFormat.SAFETENSORS, 40))
                .isInstanceOf(FormatException.class).hasMessageContaining("CRC mismatch");
        assertThat(dir.resolve("made")).doesNotExist();
        assertThatThrownBy(() -> convert(src, dir.resolve("one/two/x.safetensors"), null, 0))
                .isInstanceOf(FormatException.class).hasMessageContaining("CRC mismatch");
        assertThat(dir.resolve("one")).doesNotExist();
        assertThatThrownBy(() -> convert(src, kept.resolve("new/model.bin"), null, 0))
                .isInstanceOf(FormatException.class).hasMessageContaining("CRC mismatch");
        assertThat(kept).isEmptyDirectory(); // the folder that was there stays
    }

    @Test
    void aToThatContradictsTheExtensionIsRefusedBeforeWriting() throws Exception {
        Path src = safetensors("src.safetensors");
        Path mism = dir.resolve("mism.safetensors");
        assertThatThrownBy(() -> convert(src, mism, TargetFormat.KERAS_H5, 0)).isInstanceOf(FormatException.class)
                .hasMessage("DST " + mism + " names a safetensors file but --to is keras-h5: rename DST or drop --to");
        assertThat(mism).doesNotExist();
        assertThatThrownBy(() -> convert(src, dir.resolve("m.pt"), TargetFormat.SAFETENSORS, 0))
                .hasMessageEndingWith("names a pytorch file but --to is safetensors: rename DST or drop --to");
        // unknown extensions and folders are the user's to name
        convert(src, dir.resolve("weights.data"), TargetFormat.SAFETENSORS, 0);
        assertThat(hashes(dir.resolve("weights.data"))).isEqualTo(hashes(src));
        Path folder = Files.createDirectories(dir.resolve("out.safetensors"));
        convert(src, folder, TargetFormat.PYTORCH, 0);
        assertThat(folder.resolve("pytorch_model.bin")).exists();
        convert(src, dir.resolve("same.safetensors"), TargetFormat.SAFETENSORS, 0);
    }

    /**
     * torch.save(sd, "link.bin") names the archive folder after the path it was given ("link/..."), also when that
     * is a link to real/target.pt (seen in torch 2.13 and 1.13); so does hubkit, writing the link's target.
     */
    @Test
    void aLinkedPytorchDestinationNamesTheArchiveAfterTheLink() throws Exception {
        Path src = safetensors("src.safetensors");
        Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), Path.of("real/target.pt"));
        convert(src, link, null, 0);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("real/target.pt").toFile())) {
            assertThat(zip.stream().map(java.util.zip.ZipEntry::getName).toList()).isNotEmpty()
                    .allMatch(n -> n.startsWith("link/"));
        }
        Path linkedDir = Files.createSymbolicLink(dir.resolve("out"), Files.createDirectories(dir.resolve("real2")));
        convert(src, linkedDir, TargetFormat.PYTORCH, 40);
        for (String shard : List.of("pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin")) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("real2").resolve(shard).toFile())) {
                assertThat(zip.getEntry(shard.substring(0, shard.length() - 4) + "/data.pkl")).as(shard).isNotNull();
            }
        }
    }

    @Test
    void namesOfFormatsHubkitDoesNotWriteAreRefusedWithOrWithoutTo() throws Exception {
        Path src = safetensors("src.safetensors");
        Map<String, String> refused = Map.of(
                "m.keras", "names a Keras 3 .keras archive",
                "m.weights.h5", "names a Keras 3 .weights.h5 file",
                "tf_model.h5.index.json", "names a shard index of Keras H5 files",
                "model.index.json", "names a shard index whose stem names no sharded format",
                "model.ckpt.index.json", "names a shard index whose stem names no sharded format",
                "weights.json", "names a JSON file, not a checkpoint");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Path dst = dir.resolve(e.getKey());
            for (TargetFormat to : new TargetFormat[] {null, TargetFormat.PYTORCH, TargetFormat.SAFETENSORS,
                TargetFormat.KERAS_H5, TargetFormat.TF_CHECKPOINT}) {
                assertThatThrownBy(() -> convert(src, dst, to, 0)).as(e.getKey() + " --to " + to)
                        .isInstanceOf(FormatException.class).hasMessageStartingWith("DST " + dst + " " + e.getValue());
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("src.safetensors");
        }
    }

    @Test
    void aShardIndexNamesItsFormatByItsStem() throws Exception {
        Path src = safetensors("src.safetensors");
        Path st = dir.resolve("model.safetensors.index.json");
        assertThatThrownBy(() -> convert(src, st, TargetFormat.PYTORCH, 0)).hasMessage("DST " + st
                + " names a safetensors file but --to is pytorch: rename DST or drop --to");
        Path bin = dir.resolve("pytorch_model.bin.index.json");
        assertThatThrownBy(() -> convert(src, bin, TargetFormat.SAFETENSORS, 0)).hasMessage("DST " + bin
                + " names a pytorch file but --to is safetensors: rename DST or drop --to");
        convert(src, bin, TargetFormat.PYTORCH, 40);
        assertThat(hashes(bin)).isEqualTo(hashes(src));
        convert(src, dir.resolve("legacy.hdf5"), null, 0); // Keras reads .hdf5 as .h5: the same legacy layout
        assertThat(dev.hubkit.converters.tensorflow.TfFormats.isKerasH5(dir.resolve("legacy.hdf5"))).isTrue();
    }

    @Test
    void anUnknownExtensionWithoutToListsTheSupportedNames() throws Exception {
        Path src = safetensors("src.safetensors");
        Path dst = dir.resolve("weights.onnx");
        assertThatThrownBy(() -> convert(src, dst, null, 0)).hasMessage(dst + ": cannot tell the output format from "
                + "the name; name it NAME.safetensors, NAME.bin (.pt, .pth), NAME.h5 (.hdf5), NAME.ckpt (.index) or a "
                + "shard index NAME.safetensors.index.json / NAME.bin.index.json, or pass --to "
                + "safetensors|pytorch|tf-checkpoint|keras-h5");
        assertThat(dst).doesNotExist();
    }

    @Test
    void float16ToKerasH5IsRefusedBeforeWritingAndWorksCastToFloat32() throws Exception {
        Path src = dir.resolve("half.safetensors");
        TensorInfo info = new TensorInfo("bert.pooler.dense.bias", DType.F16, new long[] {4});
        try (SafetensorsWriter w = SafetensorsWriter.create(src, List.of(info), Map.of("format", "pt"))) {
            w.write(new HeapData(info, ByteBuffer.wrap(new byte[] {0, 60, 0, 64, 0, 66, 0, 68})));
            w.finish();
        }
        Path out = dir.resolve("new/tf_model.h5");
        assertThatThrownBy(() -> convert(src, out, null, 0)).isInstanceOf(FormatException.class)
                .hasMessageContaining("(F16): float16/bfloat16").hasMessageContaining("--dtype f32");
        assertThat(dir.resolve("new")).doesNotExist();
        ConversionResult r = Converter.convert(src, out, new ConvertOptions(null, DType.F32, 0, true, Map.of(), "bert",
                false), ProgressListener.none());
        assertThat(r.verified()).isTrue();
        assertThat(Inspector.inspect(out).tensors()).singleElement().satisfies(t -> assertThat(t.dtype()).isEqualTo("F32"));
    }
}
