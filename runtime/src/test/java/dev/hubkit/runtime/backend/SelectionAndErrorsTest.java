package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.TestModels;
import dev.hubkit.runtime.pipeline.FeatureExtractionPipeline;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionAndErrorsTest {
    @TempDir
    Path tmp;

    private Path copyTiny(String... files) throws IOException {
        for (String f : files) {
            Files.copy(TestModels.tinyBert().resolve(f), tmp.resolve(f));
        }
        return tmp;
    }

    @Test
    void autoPrefersOnnxAndExplainsWhy() {
        BackendSelector.Selection s = BackendSelector.select(TestModels.tinyBert().toString(), BackendOptions.defaults());
        try (Backend b = s.backend()) {
            assertThat(b.kind()).isEqualTo(BackendKind.ONNX);
            assertThat(b.device()).isEqualTo("cpu");
            String text = s.explanation().render();
            assertThat(text).contains("model ships: ONNX model.onnx, TorchScript model.pt")
                    .contains("onnx preferred").contains("ONNX Runtime 1.29.0 loaded").contains("chose onnx");
            assertThat(text).containsPattern("CPU|cpu");
        }
    }

    @Test
    void explicitPytorchUsesTorchScript() {
        BackendSelector.Selection s = BackendSelector.select(TestModels.tinyBert().toString(),
                BackendOptions.defaults().withBackend(BackendPreference.PYTORCH));
        try (Backend b = s.backend()) {
            assertThat(b.kind()).isEqualTo(BackendKind.PYTORCH);
            assertThat(s.explanation().render()).contains("--backend pytorch requested", "PyTorch engine");
        }
    }

    @Test
    void pytorchOnlyModelIsServedByPytorchInAutoMode() throws IOException {
        copyTiny("config.json", "tokenizer.json", "model.pt");
        try (AutoModel m = AutoModel.fromPretrained(tmp.toString())) {
            assertThat(m.backend().kind()).isEqualTo(BackendKind.PYTORCH);
            float[] v = FeatureExtractionPipeline.create(m, PipelineOptions.defaults()).embed("hello world");
            assertThat(v).hasSize(32);
        }
    }

    @Test
    void modelWithoutUsableFilesListsWhatWasLookedFor() throws IOException {
        copyTiny("config.json", "tokenizer.json");
        assertThatThrownBy(() -> BackendSelector.select(tmp.toString(), BackendOptions.defaults()))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("no file hubkit can run")
                .hasMessageContaining("model.onnx").hasMessageContaining("onnx/model.onnx")
                .hasMessageContaining("model.pt").hasMessageContaining("found none");
    }

    @Test
    void askingForAMissingBackendSaysWhatTheModelShips() throws IOException {
        copyTiny("config.json", "model.onnx");
        assertThatThrownBy(() -> BackendSelector.select(tmp.toString(),
                BackendOptions.defaults().withBackend(BackendPreference.PYTORCH)))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("--backend pytorch").hasMessageContaining("no TorchScript file")
                .hasMessageContaining("ONNX model.onnx");
    }

    @Test
    void onnxSubfolderIsFound() throws IOException {
        Files.createDirectories(tmp.resolve("onnx"));
        Files.copy(TestModels.tinyBert().resolve("model.onnx"), tmp.resolve("onnx/model.onnx"));
        ModelFiles files = ModelFiles.find(tmp.toString());
        assertThat(files.onnx()).contains(tmp.resolve("onnx/model.onnx"));
        assertThat(files.torchScript()).isEmpty();
    }

    @Test
    void corruptOnnxIsAClearError() throws IOException {
        Files.write(tmp.resolve("model.onnx"), "this is not a protobuf model \u0000\u0001".getBytes());
        assertThatThrownBy(() -> OnnxBackend.load(tmp.resolve("model.onnx"), BackendOptions.defaults()))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("could not load").hasMessageContaining("model.onnx")
                .hasMessageContaining("corrupt");
        // Truncated copy of a real model.
        byte[] real = Files.readAllBytes(TestModels.tinyBert().resolve("model.onnx"));
        Files.write(tmp.resolve("model.onnx"), java.util.Arrays.copyOf(real, real.length / 3));
        assertThatThrownBy(() -> BackendSelector.select(tmp.toString(), BackendOptions.defaults()))
                .isInstanceOf(RuntimeBackendException.class).hasMessageContaining("corrupt");
    }

    @Test
    void corruptTorchScriptIsAClearError() throws IOException {
        Files.write(tmp.resolve("model.pt"), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> TorchBackend.load(tmp.resolve("model.pt"), BackendOptions.defaults()))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("could not load").hasMessageContaining("TorchScript");
    }

    @Test
    void idsBeyondTheVocabularyAreRejected() throws IOException {
        // Through a backend directly: ONNX Runtime's error is wrapped with the inputs.
        try (OnnxBackend b = OnnxBackend.load(TestModels.tinyBert().resolve("model.onnx"), BackendOptions.defaults())) {
            NamedTensors in = NamedTensors.of(Map.of(
                    "input_ids", LongTensor.of(new long[] {2, 5000, 3}, 1, 3),
                    "attention_mask", LongTensor.of(new long[] {1, 1, 1}, 1, 3),
                    "token_type_ids", LongTensor.of(new long[] {0, 0, 0}, 1, 3)));
            assertThatThrownBy(() -> b.run(in)).isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("ONNX Runtime failed").hasMessageContaining("input_ids");
        }
        // Through a pipeline whose tokenizer is bigger than the model: checked before running.
        copyTiny("tokenizer.json", "model.onnx");
        Files.writeString(tmp.resolve("config.json"), Files.readString(TestModels.tinyBert().resolve("config.json"))
                .replace("\"vocab_size\": 1000", "\"vocab_size\": 50"));
        try (AutoModel m = AutoModel.fromPretrained(tmp.toString())) {
            FeatureExtractionPipeline p = FeatureExtractionPipeline.create(m, PipelineOptions.defaults());
            assertThatThrownBy(() -> p.embed("hello world computer network"))
                    .isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("outside the model's vocabulary").hasMessageContaining("vocab_size 50");
        }
    }

    @Test
    void missingInputIsNamed() {
        try (OnnxBackend b = OnnxBackend.load(TestModels.tinyBert().resolve("model.onnx"), BackendOptions.defaults())) {
            NamedTensors in = NamedTensors.of(Map.of("input_ids", LongTensor.of(new long[] {2, 3}, 1, 2)));
            assertThatThrownBy(() -> b.run(in)).isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("needs input 'attention_mask'");
        }
    }

    @Test
    void emptyBatchAndLongInputs() {
        try (AutoModel m = AutoModel.fromPretrained(TestModels.tinyBert().toString())) {
            assertThat(m.maxTokens()).isEqualTo(64);
            FeatureExtractionPipeline p = FeatureExtractionPipeline.create(m, PipelineOptions.defaults());
            assertThatThrownBy(() -> p.run(List.of())).isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("empty batch");
            String longText = "hello world ".repeat(100);
            assertThat(p.embed(longText)).hasSize(32); // truncated to 64 tokens with a warning
            FeatureExtractionPipeline strict = FeatureExtractionPipeline.create(m, PipelineOptions.defaults().withStrict(true));
            assertThatThrownBy(() -> strict.embed(longText)).isInstanceOf(RuntimeBackendException.class)
                    .hasMessageContaining("202 tokens").hasMessageContaining("allows 64");
        }
    }

    @Test
    void cudaDemandedOnACpuMachineIsExplained() {
        org.junit.jupiter.api.Assumptions.assumeFalse(NativeProbe.onnx().availability().cuda(), "machine has CUDA");
        assertThatThrownBy(() -> OnnxBackend.load(TestModels.tinyBert().resolve("model.onnx"),
                BackendOptions.defaults().withDevice(DevicePreference.CUDA)))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("--device cuda").hasMessageContaining("no CUDA execution provider");
        try (OnnxBackend b = OnnxBackend.load(TestModels.tinyBert().resolve("model.onnx"), BackendOptions.defaults())) {
            assertThat(b.device()).isEqualTo("cpu");
            assertThat(b.notes()).anyMatch(n -> n.contains("running on CPU"));
        }
    }
}
