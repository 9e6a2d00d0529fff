package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.pytorch.TorchZipReader;
import dev.hubkit.converters.pytorch.TorchZipWriter;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.converters.tensorflow.TfCheckpointWriter;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: torch-made state dicts (scripts/make-tf-fixtures.py) → TF checkpoint → PyTorch zip, bit-identical,
 * and, when Debian's python3-torch is present, loadable by real torch with the same values.
 */
class TorchTfRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"tiny_bert.bin,bert", "tiny_bert.bin,bert-tf1", "tiny_gpt2.bin,gpt2", "tiny_gpt2.bin,"})
    void pytorchToTfCheckpointAndBackIsBitIdentical(String fixture, String arch) throws Exception {
        Path src = dir.resolve(fixture);
        try (var in = getClass().getResourceAsStream("/mapping/" + fixture)) {
            Files.copy(in, src);
        }
        Path prefix = dir.resolve("tf").resolve("model.ckpt");
        Map<String, String> tfNames = new HashMap<>();
        try (TensorReader pt = TorchZipReader.open(src)) {
            NameMapping mapping = NameMapping.forArchitecture(arch, pt.tensors().stream().map(TensorInfo::name).toList(),
                    false);
            List<TensorData> mapped = MappedTensors.toTf(pt, mapping);
            assertThat(mapped).hasSameSizeAs(pt.tensors());
            write(TfCheckpointWriter.create(prefix, MappedTensors.plan(mapped)), mapped);
            mapped.forEach(d -> tfNames.put(d.info().name(), d.info().name()));
        }
        if ("bert".equals(arch)) {
            assertThat(tfNames).containsKeys("bert/encoder/layer_._1/attention/self/query/kernel",
                    "bert/embeddings/position_embeddings/embeddings", "mlm___cls/predictions/bias", "nsp___cls/seq_relationship/kernel");
        } else if ("bert-tf1".equals(arch)) {
            assertThat(tfNames).containsKeys("bert/encoder/layer_1/attention/self/query/kernel",
                    "bert/embeddings/word_embeddings", "cls/predictions/output_bias", "cls/seq_relationship/output_weights");
        } else {
            assertThat(tfNames).containsKeys("transformer/h_._0/attn/c_attn/weight", "transformer/wpe/embeddings");
        }
        Path back = dir.resolve("back.bin");
        try (TfCheckpointReader tf = TfCheckpointReader.open(prefix)) {
            NameMapping mapping = NameMapping.forArchitecture(arch, tf.readableNames().values(), false);
            List<TensorData> mapped = MappedTensors.toPt(tf, mapping);
            write(TorchZipWriter.create(back, MappedTensors.plan(mapped), Map.of()), mapped);
        }
        try (TensorReader original = TorchZipReader.open(src); TensorReader again = TorchZipReader.open(back)) {
            // A headless GPT-2 state dict comes back with the base prefix that TF always has.
            String prefixAdded = fixture.contains("gpt2") ? "transformer." : "";
            assertThat(again.tensors()).hasSameSizeAs(original.tensors());
            for (TensorInfo t : original.tensors()) {
                String name = prefixAdded + t.name();
                assertThat(again.info(name)).isEqualTo(new TensorInfo(name, t.dtype(), t.shape()));
                assertThat(TensorBytes.sha256(again.data(name))).as(name)
                        .isEqualTo(TensorBytes.sha256(original.data(t.name())));
            }
        }
        assertTorchLoadsSame(src, back, fixture.contains("gpt2") ? "transformer." : "");
    }

    private static void write(TensorWriter w, List<TensorData> tensors) throws Exception {
        try (w) {
            for (TensorData d : tensors) {
                w.write(d);
            }
            w.finish();
        }
    }

    private static void assertTorchLoadsSame(Path original, Path converted, String prefix) throws Exception {
        Optional<Path> python = List.of(Path.of("/usr/bin/python3")).stream().filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(python.isPresent(), "no /usr/bin/python3");
        String script = "import sys, torch\n"
                + "a = torch.load(sys.argv[1]); b = torch.load(sys.argv[2]); p = sys.argv[3]\n"
                + "assert len(a) == len(b), (len(a), len(b))\n"
                + "for k, v in a.items():\n"
                + "    w = b[p + k]\n"
                + "    assert w.dtype == v.dtype and w.shape == v.shape and torch.equal(w, v), k\n"
                + "print('OK', len(a))\n";
        Process proc = new ProcessBuilder(python.get().toString(), "-c", script, original.toString(),
                converted.toString(), prefix).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeFalse(out.contains("No module named 'torch'"), "python3-torch is not installed");
        assertThat(out).as(out).startsWith("OK");
        assertThat(proc.exitValue()).isZero();
    }
}
