package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.keras.KerasH5Reader;
import dev.hubkit.converters.pytorch.TorchZipReader;
import dev.hubkit.converters.tensorflow.BundlePaths;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.converters.tensorflow.TfFormats;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfConversionsTest {
    @TempDir
    Path dir;

    private Path bert() throws Exception {
        Path p = dir.resolve("tiny_bert.bin");
        if (Files.exists(p)) {
            return p;
        }
        try (InputStream in = getClass().getResourceAsStream("/mapping/tiny_bert.bin")) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void configChoosesArchitectureAndInspectShowsPytorchNames() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model").resolve("variables"));
        Files.writeString(dir.resolve("model").resolve("config.json"), "{\"model_type\": \"bert\"}");
        Path prefix = model.resolve("variables");
        try (TensorReader pt = TorchZipReader.open(bert())) {
            String arch = ArchitectureSource.resolve(null, prefix);
            assertThat(arch).isEqualTo("bert");
            TfConversions.writeTfCheckpoint(pt, prefix, TfConversions.mapping(pt, arch, false));
        }
        assertThat(TfFormats.isTfCheckpoint(dir.resolve("model"))).isTrue();
        assertThat(ArchitectureSource.resolve("gpt2", dir.resolve("model"))).isEqualTo("gpt2");
        try (TensorReader tf = TfFormats.openOrNull(dir.resolve("model"))) {
            assertThat(tf).isInstanceOf(TfCheckpointReader.class);
            Map<String, String> names = TfConversions.ptNames(tf, TfConversions.mapping(tf, "bert", false));
            assertThat(names).containsEntry("bert/encoder/layer_._0/attention/self/key/kernel",
                    "bert.encoder.layer.0.attention.self.key.weight").hasSize(tf.tensors().size());
        }
        try (TensorReader pt = TorchZipReader.open(bert());
             TensorReader view = new PytorchView(TfFormats.openOrNull(prefix), NameMapping.forArchitecture("bert",
                     List.of(), false))) {
            assertThat(view.tensors()).containsExactlyInAnyOrderElementsOf(pt.tensors());
            for (TensorInfo t : pt.tensors()) {
                assertThat(TensorBytes.sha256(view.data(t.name()))).isEqualTo(TensorBytes.sha256(pt.data(t.name())));
            }
        }
        assertThat(Files.exists(BundlePaths.index(prefix))).isTrue();
    }

    @Test
    void shardedKerasIndexReadsAcrossFiles() throws Exception {
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (TensorReader pt = TorchZipReader.open(bert())) {
            NameMapping m = NameMapping.forArchitecture("bert", List.of(), false);
            List<TensorData> all = MappedTensors.toKeras(pt, m);
            List<List<TensorData>> halves = List.of(all.subList(0, 20), all.subList(20, all.size()));
            for (int i = 0; i < 2; i++) {
                String file = String.format("tf_model-%05d-of-00002.h5", i + 1);
                try (var w = dev.hubkit.converters.keras.KerasH5Writer.create(dir.resolve(file),
                        MappedTensors.plan(halves.get(i)))) {
                    for (TensorData d : halves.get(i)) {
                        w.write(d);
                        weightMap.put(d.info().name(), file);
                    }
                    w.finish();
                }
            }
        }
        Path index = dir.resolve("tf_model.h5.index.json");
        Files.writeString(index, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                Map.of("metadata", Map.of("total_size", 1), "weight_map", weightMap)));
        assertThat(TfFormats.isKerasH5(index)).isTrue();
        try (TensorReader pt = TorchZipReader.open(bert()); KerasH5Reader h5 = KerasH5Reader.open(index)) {
            assertThat(h5.tensors()).hasSize(weightMap.size());
            for (TensorData d : TfConversions.toPytorch(h5, TfConversions.mapping(h5, null, false))) {
                TensorInfo want = pt.info(d.info().name());
                assertThat(d.info()).isEqualTo(want);
                assertThat(TensorBytes.sha256(d)).isEqualTo(TensorBytes.sha256(pt.data(want.name())));
            }
        }
    }
}
