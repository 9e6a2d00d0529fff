package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.convert.Checkpoints;
import dev.hubkit.converters.convert.ConversionResult;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversions between every pair of formats keep every tensor bit for bit. */
class ConvertTest {
    @TempDir
    Path tmp;

    private static Map<String, String> hashes(Inspection i) {
        return i.tensors().stream().collect(Collectors.toMap(Inspection.Tensor::name,
                t -> t.dtype() + java.util.Arrays.toString(t.shape()) + t.sha256()));
    }

    private ConversionResult convert(Path src, Path dst, ConvertOptions o) {
        return Converter.convert(src, dst, o, ProgressListener.none());
    }

    @Test
    void dtypesWithoutTypedStorageGoThroughUntypedStoragesBothWays() throws Exception {
        // torch >= 2.3 writes uint16/32/64 and float8 with _rebuild_tensor_v3 over an untyped storage
        Path src = Fixtures.torch2Dir().resolve("v3_dtypes.pt");
        Map<String, String> expected = hashes(Inspector.inspect(src));
        assertThat(expected).containsKeys("u16", "u16.t", "u32", "u64", "f8_e4m3", "f8_e5m2", "f8_e8m0", "scalar_u32",
                "empty_f8");

        Path pt = tmp.resolve("v3.bin");
        assertThat(convert(src, pt, new ConvertOptions(null, null, 0, true)).verified()).isTrue();
        assertThat(hashes(Inspector.inspect(pt))).isEqualTo(expected);
        try (dev.hubkit.converters.pytorch.TorchReader r = dev.hubkit.converters.pytorch.TorchZipReader.open(pt)) {
            assertThat(r.ref("u16.t").storage().key()).isEqualTo(r.ref("u16").storage().key()); // still one storage
            assertThat(r.ref("u16").storage().dtype()).isEqualTo(DType.U16);
        }
        String pickle = new String(Files.readAllBytes(pt), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(pickle).contains("_rebuild_tensor_v3", "torch.storage\nUntypedStorage", "torch\nuint16",
                "torch\nfloat8_e4m3fn", "torch\nfloat8_e8m0fnu");

        Path st = tmp.resolve("v3.safetensors");
        convert(src, st, new ConvertOptions(null, null, 0, true));
        Path back = tmp.resolve("back.bin");
        assertThat(convert(st, back, new ConvertOptions(null, null, 0, true)).verified()).isTrue();
        Map<String, String> noAlias = new java.util.HashMap<>(expected);
        assertThat(hashes(Inspector.inspect(back))).isEqualTo(hashes(Inspector.inspect(st)));
        noAlias.keySet().retainAll(hashes(Inspector.inspect(st)).keySet());
        assertThat(hashes(Inspector.inspect(st))).isEqualTo(noAlias);

        // a cast leaves them alone: they are quantized or integer data, not floats to round
        Path bf16 = tmp.resolve("bf16.bin");
        convert(src, bf16, new ConvertOptions(null, DType.BF16, 0, true));
        Map<String, String> cast = hashes(Inspector.inspect(bf16));
        assertThat(cast.get("u64")).isEqualTo(expected.get("u64"));
        assertThat(cast.get("f8_e5m2")).isEqualTo(expected.get("f8_e5m2"));
        assertThat(cast.get("scale")).startsWith("BF16");
    }

    @Test
    void complex64GoesThroughEveryFormatButKerasAndIsNeverCast() throws Exception {
        Path src = Fixtures.copy("complex.pt", tmp);
        Map<String, String> expected = hashes(Inspector.inspect(src));
        assertThat(expected.get("c")).startsWith("C64[2, 3]");
        for (String out : List.of("c.safetensors", "c.bin", "c.ckpt")) {
            Path dst = tmp.resolve(out);
            ConvertOptions o = new ConvertOptions(out.endsWith(".ckpt") ? TargetFormat.TF_CHECKPOINT : null, null, 0,
                    true, null, null, true);
            assertThat(convert(src, dst, o).verified()).as(out).isTrue();
            Path back = tmp.resolve("back-" + out + ".bin");
            convert(out.endsWith(".ckpt") ? tmp.resolve("c.ckpt.index") : dst, back,
                    new ConvertOptions(null, null, 0, true, null, null, true));
            Map<String, String> got = hashes(Inspector.inspect(back));
            assertThat(got.get("c")).as(out).isEqualTo(expected.get("c"));
            assertThat(got.get("c_t")).as(out).isEqualTo(expected.get("c_t"));
        }
        Map<String, String> cast = hashes(Inspector.inspect(tmp.resolve("c.bin")));
        Path bf16 = tmp.resolve("bf16.safetensors");
        convert(src, bf16, new ConvertOptions(null, DType.BF16, 0, true));
        assertThat(hashes(Inspector.inspect(bf16)).get("c")).isEqualTo(cast.get("c"));
        assertThatThrownBy(() -> convert(src, tmp.resolve("c.h5"), new ConvertOptions(TargetFormat.KERAS_H5, null, 0,
                true, null, null, true))).hasMessageContaining("C64");
    }

    @Test
    void zipToSafetensorsToPytorchKeepsEverything() throws Exception {
        Path src = Fixtures.copy("zip_mixed.pt", tmp);
        byte[] before = Files.readAllBytes(src);
        Inspection original = Inspector.inspect(src);

        Path st = tmp.resolve("out.safetensors");
        ConversionResult r1 = convert(src, st, new ConvertOptions(null, null, 0, true));
        assertThat(r1.verified()).isTrue();
        assertThat(r1.droppedAliases()).containsExactly("lm_head.weight");
        Inspection viaSt = Inspector.inspect(st);
        assertThat(viaSt.format()).isEqualTo("safetensors");
        assertThat(viaSt.metadata()).containsEntry("format", "pt");
        Map<String, String> expected = hashes(original);
        expected.remove("lm_head.weight");
        assertThat(hashes(viaSt)).isEqualTo(expected);

        Path back = tmp.resolve("back.bin");
        convert(st, back, new ConvertOptions(null, null, 0, true));
        assertThat(hashes(Inspector.inspect(back))).isEqualTo(expected);
        assertThat(Files.readAllBytes(src)).isEqualTo(before);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList()).isEmpty();
        }
    }

    @Test
    void pytorchToPytorchKeepsTiedWeightsShared() throws Exception {
        Path out = tmp.resolve("tied.bin");
        ConversionResult result = convert(Fixtures.file("legacy_mixed.pt"), out, new ConvertOptions(null, null, 0, true));
        try (TensorReader r = Checkpoints.open(out)) {
            assertThat(r.format()).isEqualTo("pytorch");
            assertThat(r.aliases()).containsExactly(List.of("embed.weight", "lm_head.weight"));
            // "wrote N tensors" counts names, tied and other views of one storage included
            assertThat(result.tensors()).isEqualTo(r.tensors().size());
        }
        assertThat(hashes(Inspector.inspect(out))).isEqualTo(hashes(Inspector.inspect(Fixtures.file("zip_mixed.pt"))));
    }

    @Test
    void pytorchToPytorchKeepsViewsOfOneStorageShared() throws Exception {
        for (String fixture : List.of("zip_mixed.pt", "big_endian.pt", "legacy_mixed.pt")) {
            List<String> sourceOrder;
            try (TensorReader src = Checkpoints.open(Fixtures.file(fixture))) {
                sourceOrder = src.tensors().stream().map(TensorInfo::name).toList();
            }
            Path out = tmp.resolve(fixture + ".views.bin");
            ConversionResult result = convert(Fixtures.file(fixture), out, new ConvertOptions(null, DType.F16, 0, true));
            assertThat(result.verified()).isTrue();
            try (dev.hubkit.converters.pytorch.TorchReader r = dev.hubkit.converters.pytorch.TorchZipReader.open(out)) {
                var base = r.ref("base");
                assertThat(base.storage().numel()).isEqualTo(15);
                assertThat(base.storage().dtype()).isEqualTo(DType.F16);
                for (String view : List.of("transposed", "row_slice", "col_slice")) {
                    assertThat(r.ref(view).storage().key()).as(fixture + " " + view).isEqualTo(base.storage().key());
                }
                assertThat(r.ref("transposed").stride()).containsExactly(1, 5);
                assertThat(r.ref("row_slice").offset()).isEqualTo(5);
                assertThat(r.ref("col_slice").offset()).isEqualTo(1);
                assertThat(r.ref("col_slice").stride()).containsExactly(5, 1);
                assertThat(r.ref("embed.weight").storage().key()).isNotEqualTo(base.storage().key());
                // transformers' save_pretrained order: the source's, names sharing an earlier storage last
                List<String> later = List.of("lm_head.weight", "transposed", "row_slice", "col_slice");
                List<String> expected = new java.util.ArrayList<>(sourceOrder);
                expected.removeAll(later);
                expected.addAll(later);
                assertThat(r.tensors().stream().map(TensorInfo::name).toList())
                        .as("state dict in the source's order, names sharing an earlier storage last")
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void viewsCastToDifferentDtypesAreWrittenApart() throws Exception {
        Path out = tmp.resolve("apart.bin");
        convert(Fixtures.file("zip_mixed.pt"), out, new ConvertOptions(null, null, 0, true, Map.of("base", DType.BF16)));
        try (dev.hubkit.converters.pytorch.TorchReader r = dev.hubkit.converters.pytorch.TorchZipReader.open(out)) {
            assertThat(r.info("base").dtype()).isEqualTo(DType.BF16);
            assertThat(r.info("transposed").dtype()).isEqualTo(DType.F32);
            assertThat(r.ref("transposed").storage().key()).isNotEqualTo(r.ref("base").storage().key());
        }
    }

    @Test
    void bigEndianAndLegacyReadTheSameAsZip() {
        Map<String, String> zip = hashes(Inspector.inspect(Fixtures.file("zip_mixed.pt")));
        assertThat(hashes(Inspector.inspect(Fixtures.file("big_endian.pt")))).isEqualTo(zip);
        assertThat(hashes(Inspector.inspect(Fixtures.file("legacy_mixed.pt")))).isEqualTo(zip);
    }

    @Test
    void castsFloatsAndLeavesIntegersAlone() throws Exception {
        Path out = tmp.resolve("half.safetensors");
        convert(Fixtures.file("zip_mixed.pt"), out, new ConvertOptions(TargetFormat.SAFETENSORS, DType.BF16, 0, true));
        try (TensorReader r = Checkpoints.open(out)) {
            assertThat(r.info("base").dtype()).isEqualTo(DType.BF16);
            assertThat(r.info("f16").dtype()).isEqualTo(DType.BF16);
            assertThat(r.info("bf16").dtype()).isEqualTo(DType.BF16);
            assertThat(r.info("i64").dtype()).isEqualTo(DType.I64);
            assertThat(r.info("bool").dtype()).isEqualTo(DType.BOOL);
            assertThat(r.info("i8").dtype()).isEqualTo(DType.I8);
            float[] expected = {1f, 2f};
            assertThat(expected).hasSize(2);
        }
        Path f16 = tmp.resolve("f16.bin");
        convert(out, f16, new ConvertOptions(null, DType.F16, 0, true));
        Path f32 = tmp.resolve("f32.bin");
        convert(f16, f32, new ConvertOptions(null, DType.F32, 0, true));
        try (TensorReader r = Checkpoints.open(f32)) {
            assertThat(r.info("scalar").dtype()).isEqualTo(DType.F32);
            assertThat(r.data("scalar").buffer().getFloat(0)).isEqualTo(2.5f);
        }
    }

    @Test
    void perTensorCastOverridesTheWholeModelOne() throws Exception {
        Path out = tmp.resolve("mixed.safetensors");
        convert(Fixtures.file("zip_mixed.pt"), out, new ConvertOptions(null, DType.F16, 0, true,
                Map.of("base", DType.BF16, "f16", DType.F32)));
        try (TensorReader r = Checkpoints.open(out)) {
            assertThat(r.info("base").dtype()).isEqualTo(DType.BF16);
            assertThat(r.info("f16").dtype()).isEqualTo(DType.F32);
            assertThat(r.info("embed.weight").dtype()).isEqualTo(DType.F16);
            assertThat(r.info("i64").dtype()).isEqualTo(DType.I64);
        }
        assertThatThrownBy(() -> convert(Fixtures.file("zip_mixed.pt"), tmp.resolve("x.safetensors"),
                new ConvertOptions(null, null, 0, false, Map.of("nope", DType.F16))))
                .isInstanceOf(FormatException.class).hasMessageContaining("nope");
    }

    @Test
    void shardsWithIndexBothWays() throws Exception {
        Path dir = tmp.resolve("sharded-st");
        ConversionResult r = convert(Fixtures.file("zip_mixed.pt"), dir,
                new ConvertOptions(TargetFormat.SAFETENSORS, null, 120, true));
        assertThat(r.files().size()).isGreaterThan(2);
        Path index = dir.resolve("model.safetensors.index.json");
        assertThat(r.files()).endsWith(index);
        JsonNode json = new ObjectMapper().readTree(index.toFile());
        assertThat(json.at("/metadata/total_size").asLong()).isEqualTo(r.bytes());
        assertThat(json.at("/weight_map/base").asText()).matches("model-000\\d\\d-of-000\\d\\d\\.safetensors");
        Map<String, String> expected = hashes(Inspector.inspect(Fixtures.file("zip_mixed.pt")));
        expected.remove("lm_head.weight");
        assertThat(hashes(Inspector.inspect(dir))).isEqualTo(expected);

        Path pt = tmp.resolve("sharded-pt");
        ConversionResult r2 = convert(index, pt, new ConvertOptions(TargetFormat.PYTORCH, null, 100, true));
        assertThat(r2.files()).endsWith(pt.resolve("pytorch_model.bin.index.json"));
        assertThat(hashes(Inspector.inspect(pt))).isEqualTo(expected);

        Path merged = tmp.resolve("merged.safetensors");
        convert(Fixtures.file("sharded/pytorch_model.bin.index.json"), merged, new ConvertOptions(null, null, 0, true));
        assertThat(Inspector.inspect(merged).tensors()).hasSize(4);
    }

    @Test
    void aNewOutputReplacesAnEarlierOneOfTheOtherLayoutInItsFolder() throws Exception {
        Path dir = tmp.resolve("again");
        Path index = dir.resolve("model.safetensors.index.json");
        convert(Fixtures.file("zip_mixed.pt"), dir, new ConvertOptions(TargetFormat.SAFETENSORS, DType.BF16, 120, true));
        assertThat(index).exists();
        // again unsharded into the same folder, F32: the BF16 shards and their index must go, as save_pretrained does
        ConversionResult single = convert(Fixtures.file("zip_mixed.pt"), dir,
                new ConvertOptions(TargetFormat.SAFETENSORS, null, 0, true));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
        }
        assertThat(single.files()).containsExactly(dir.resolve("model.safetensors"));
        assertThat(Inspector.inspect(dir).tensors()).filteredOn(t -> t.name().equals("base"))
                .extracting(Inspection.Tensor::dtype).containsExactly("F32");
        // and sharded again: the single file goes
        convert(Fixtures.file("zip_mixed.pt"), dir, new ConvertOptions(TargetFormat.SAFETENSORS, null, 120, true));
        assertThat(dir.resolve("model.safetensors")).doesNotExist();
        assertThat(index).exists();
        // a folder holding both (another tool's leftovers): the single file wins, as in transformers
        Path both = Files.createDirectories(tmp.resolve("both"));
        convert(Fixtures.file("zip_mixed.pt"), both, new ConvertOptions(TargetFormat.SAFETENSORS, DType.BF16, 120, true));
        Path one = tmp.resolve("one.safetensors");
        convert(Fixtures.file("zip_mixed.pt"), one, new ConvertOptions(null, null, 0, true));
        Files.copy(one, both.resolve("model.safetensors"));
        try (TensorReader r = Checkpoints.open(both)) {
            assertThat(r.path().getFileName().toString()).isEqualTo("model.safetensors");
        }
    }

    @Test
    void trainingCheckpointTensorsAreFoundAtAnyDepth() throws Exception {
        Path out = tmp.resolve("train.safetensors");
        convert(Fixtures.file("training.pt"), out, new ConvertOptions(null, null, 0, true));
        try (TensorReader r = Checkpoints.open(out)) {
            assertThat(r.tensors()).extracting(t -> t.name()).containsExactlyInAnyOrder(
                    "model_state_dict.bert.embeddings.word_embeddings.weight", "model_state_dict.bert.pooler.dense.bias",
                    "optimizer.state.0.exp_avg");
        }
    }

    @Test
    void refusesToOverwriteTheSourceAndNeedsAKnownFormat() throws Exception {
        Path src = Fixtures.copy("mixed.safetensors", tmp);
        assertThatThrownBy(() -> convert(src, src, ConvertOptions.defaults()))
                .isInstanceOf(FormatException.class).hasMessageContaining("overwrite the source");
        assertThatThrownBy(() -> convert(src, tmp.resolve("out.weird"), ConvertOptions.defaults()))
                .isInstanceOf(FormatException.class).hasMessageContaining("--to");
    }

    @Test
    void tiedNamesKeepTheEmbeddingAsTransformersDoes() {
        assertThat(dev.hubkit.converters.convert.TiedNames.keepFirst(List.of("lm_head.weight", "transformer.wte.weight")))
                .startsWith("transformer.wte.weight");
        assertThat(dev.hubkit.converters.convert.TiedNames.keepFirst(List.of("cls.predictions.decoder.weight",
                "bert.embeddings.word_embeddings.weight"))).startsWith("bert.embeddings.word_embeddings.weight");
        assertThat(dev.hubkit.converters.convert.TiedNames.keepFirst(List.of("decoder.embed_tokens.weight",
                "encoder.embed_tokens.weight", "lm_head.weight", "shared.weight"))).startsWith("shared.weight");
        // heads shallower than the embeddings they share: DistilBERT's and ELECTRA's
        assertThat(dev.hubkit.converters.convert.TiedNames.keepFirst(List.of("vocab_projector.weight",
                "distilbert.embeddings.word_embeddings.weight"))).startsWith("distilbert.embeddings.word_embeddings.weight");
        assertThat(dev.hubkit.converters.convert.TiedNames.keepFirst(List.of("generator_lm_head.weight",
                "electra.embeddings.word_embeddings.weight"))).startsWith("electra.embeddings.word_embeddings.weight");
    }

    @Test
    void parsesSizesAndDtypes() {
        assertThat(ConvertOptions.parseSize("5GB")).isEqualTo(5_000_000_000L);
        assertThat(ConvertOptions.parseSize("10MiB")).isEqualTo(10L << 20);
        // as huggingface_hub's parse_size_to_int (save_pretrained): GB = 10^9 in any case; GiB = 2^30 is hubkit's own
        assertThat(ConvertOptions.parseSize("5gib")).isEqualTo(5L << 30);
        assertThat(ConvertOptions.parseSize("2KB")).isEqualTo(2000);
        assertThat(ConvertOptions.parseSize("8Gb")).isEqualTo(8_000_000_000L);
        assertThat(ConvertOptions.parseSize("8mb")).isEqualTo(8_000_000L);
        assertThat(ConvertOptions.parseSize("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> ConvertOptions.parseSize("-1GB")).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> ConvertOptions.parseSize("1e30GB")).isInstanceOf(FormatException.class);
        assertThat(ConvertOptions.parseDType("bf16")).isEqualTo(DType.BF16);
        assertThatThrownBy(() -> ConvertOptions.parseSize("lots")).isInstanceOf(FormatException.class);
    }
}
