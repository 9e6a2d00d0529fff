package dev.hubkit.converters.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.mapping.MappedTensors;
import dev.hubkit.converters.mapping.NameMapping;
import dev.hubkit.converters.pytorch.TorchZipReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasH5Test {
    private static final String S = "tf_bert_for_masked_lm/bert/";

    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void readsWeightsWrittenByH5py() throws Exception {
        try (KerasH5Reader r = KerasH5Reader.open(resource("/keras/h5py_weights.h5"))) {
            assertThat(r.tensors()).containsExactly(
                    new TensorInfo(S + "embeddings/word_embeddings/weight:0", DType.F32, new long[] {30, 8}),
                    new TensorInfo(S + "embeddings/LayerNorm/gamma:0", DType.F16, new long[] {8}),
                    new TensorInfo(S + "encoder/layer_._0/attention/self/query/kernel:0", DType.F64, new long[] {8, 8}),
                    new TensorInfo(S + "embeddings/position_ids:0", DType.I64, new long[] {1, 12}),
                    new TensorInfo("tf_bert_for_masked_lm/mlm___cls/predictions/bias:0", DType.F32, new long[] {30}));
            ByteBuffer emb = TensorBytes.copy(r.data(S + "embeddings/word_embeddings/weight:0"));
            for (int i = 0; i < 240; i++) {
                assertThat(emb.getFloat(i * 4)).isEqualTo(i * 0.5f);
            }
            ByteBuffer gamma = r.data(S + "embeddings/LayerNorm/gamma:0").buffer().order(ByteOrder.LITTLE_ENDIAN);
            assertThat(gamma.getShort(2 * 2)).isEqualTo((short) 0x3800); // 2/4 = 0.5 in binary16
            ByteBuffer q = TensorBytes.copy(r.data(S + "encoder/layer_._0/attention/self/query/kernel:0"));
            for (int i = 0; i < 64; i++) {
                assertThat(q.getDouble(i * 8)).isEqualTo(i - 7.0);
            }
            assertThat(TensorBytes.copy(r.data(S + "embeddings/position_ids:0")).getLong(11 * 8)).isEqualTo(11L);
            assertThat(r.metadata()).containsEntry("backend", "tensorflow");
        }
    }

    /** transformers' sharded TF layout: layer_names lists the weights, each a dataset at its name without the scope. */
    @Test
    void readsShardsAsTransformersWritesThem() throws Exception {
        for (String f : List.of("tf_model.h5.index.json", "tf_model-00001-of-00002.h5", "tf_model-00002-of-00002.h5")) {
            resource("/keras/sharded/" + f);
        }
        try (KerasH5Reader r = KerasH5Reader.open(dir.resolve("tf_model.h5.index.json"))) {
            String s = "tf_bert_model/bert/";
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactlyInAnyOrder(
                    s + "embeddings/word_embeddings/weight:0", s + "embeddings/LayerNorm/gamma:0",
                    s + "encoder/layer_._0/attention/self/query/kernel:0", s + "pooler/dense/bias:0");
            ByteBuffer q = TensorBytes.copy(r.data(s + "encoder/layer_._0/attention/self/query/kernel:0"));
            for (int i = 0; i < 64; i++) {
                assertThat(q.getFloat(i * 4)).isEqualTo(i - 3f);
            }
            ByteBuffer bias = TensorBytes.copy(r.data(s + "pooler/dense/bias:0"));
            assertThat(bias.getFloat(3 * 4)).isEqualTo(-6f);
            List<TensorData> pt = MappedTensors.toPt(r, NameMapping.forArchitecture("bert", List.of(), false));
            assertThat(pt).extracting(d -> d.info().name()).contains("bert.encoder.layer.0.attention.self.query.weight",
                    "bert.embeddings.LayerNorm.weight");
        }
        // one shard on its own: tensors named by their place in it
        try (KerasH5Reader r = KerasH5Reader.open(dir.resolve("tf_model-00002-of-00002.h5"))) {
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactlyInAnyOrder(
                    "bert/encoder/layer_._0/attention/self/query/kernel:0", "bert/pooler/dense/bias:0");
        }
    }

    @Test
    void pytorchToKerasH5AndBackIsBitIdenticalAndH5pyReadsIt() throws Exception {
        Path src = resource("/mapping/tiny_bert.bin");
        Path h5 = dir.resolve("out").resolve("tf_model.h5");
        List<String> names;
        try (TensorReader pt = TorchZipReader.open(src)) {
            NameMapping mapping = NameMapping.forArchitecture("bert", List.of(), false);
            List<TensorData> mapped = MappedTensors.toKeras(pt, mapping);
            names = MappedTensors.plan(mapped).stream().map(TensorInfo::name).toList();
            write(KerasH5Writer.create(h5, MappedTensors.plan(mapped)), mapped);
        }
        assertThat(names).contains("tf_bert_model/bert/encoder/layer_._0/attention/self/query/kernel:0",
                "tf_bert_model/mlm___cls/predictions/bias:0", "tf_bert_model/nsp___cls/seq_relationship/kernel:0");
        try (TensorReader original = TorchZipReader.open(src); KerasH5Reader back = KerasH5Reader.open(h5)) {
            List<TensorData> mapped = MappedTensors.toPt(back, NameMapping.forArchitecture("bert", List.of(), false));
            assertThat(mapped).hasSameSizeAs(original.tensors());
            for (TensorData d : mapped) {
                assertThat(d.info()).isEqualTo(original.info(d.info().name()));
                assertThat(TensorBytes.sha256(d)).as(d.info().name())
                        .isEqualTo(TensorBytes.sha256(original.data(d.info().name())));
            }
        }
        String script = "import sys, h5py, numpy as np\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "layers = [n.decode() for n in f.attrs['layer_names']]\n"
                + "w = [n.decode() for n in f['bert'].attrs['weight_names']]\n"
                + "k = f['bert']['tf_bert_model/bert/encoder/layer_._0/attention/self/query/kernel:0']\n"
                + "print(layers, len(w), k.shape, k.dtype, float(np.asarray(k).sum()))\n";
        String out = python(script, h5.toString());
        try (KerasH5Reader back = KerasH5Reader.open(h5)) {
            ByteBuffer k = TensorBytes.copy(back.data("tf_bert_model/bert/encoder/layer_._0/attention/self/query/kernel:0"));
            // head layers named as transformers' TFBertForPreTraining names them, so from_pretrained finds them
            assertThat(out).startsWith("['bert', 'mlm___cls', 'nsp___cls'] 39 (8, 8) float32 ");
            double sum = 0;
            for (int i = 0; i < 64; i++) {
                sum += k.getFloat(i * 4);
            }
            assertThat(Double.parseDouble(out.strip().substring(out.strip().lastIndexOf(' ') + 1)))
                    .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void largeNameListsAreSplitLikeKeras() throws Exception {
        List<TensorInfo> plan = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            plan.add(new TensorInfo(String.format("tf_model/big/some/rather/long/scope/name/number_%05d/kernel:0", i),
                    DType.F32, new long[] {1}));
        }
        Path h5 = dir.resolve("split.h5");
        List<TensorData> data = plan.stream().map(t -> (TensorData) new HeapData(t,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, t.name().length()))).toList();
        write(KerasH5Writer.create(h5, plan, 4096), data);
        try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(h5)) {
            assertThat(f.getChild("big").getAttribute("weight_names")).isNull();
            assertThat(f.getChild("big").getAttribute("weight_names0")).isNotNull();
            assertThat(KerasAttributes.read(f.getChild("big"), "weight_names")).hasSize(300);
        }
        try (KerasH5Reader r = KerasH5Reader.open(h5)) {
            assertThat(r.tensors()).isEqualTo(plan);
        }
        String out = python("import sys, h5py\nf = h5py.File(sys.argv[1], 'r')\ng = f['big']\n"
                + "n = sum(len(g.attrs['weight_names%d' % i]) for i in range(len(g.attrs)) if 'weight_names%d' % i in g.attrs)\n"
                + "print('N', n)\n", h5.toString());
        assertThat(out).startsWith("N 300");
    }

    /**
     * More than 64 KiB of names (over io.jhdf's former 60,000-byte refusal): {@code weight_names} of one layer and
     * {@code layer_names} at the root are split as Keras' {@code np.array_split} splits them (2,000 names of 54
     * bytes: two chunks of 1,000; 1,501 layer names of up to 47 bytes: 751 and 750), h5py reads them back with Keras'
     * loading loop, and hubkit's reader lists every tensor.
     */
    @Test
    void namesOverSixtyFourKibAreSplitIntoKerasChunks() throws Exception {
        List<TensorInfo> plan = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            plan.add(new TensorInfo(String.format("tf_model/big/a/rather/long/scope/number_%05d/kernel:0", i),
                    DType.F32, new long[] {1}));
        }
        for (int i = 0; i < 1500; i++) {
            plan.add(new TensorInfo(String.format("tf_model/layer_with_a_rather_long_name_for_a_layer_%05d/w:0", i), DType.F32,
                    new long[] {1}));
        }
        Path h5 = dir.resolve("many.h5");
        List<TensorData> data = plan.stream().map(t -> (TensorData) new HeapData(t,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 1f))).toList();
        write(KerasH5Writer.create(h5, plan), data);
        try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(h5)) {
            assertThat(f.getChild("big").getAttribute("weight_names")).isNull();
            assertThat(f.getChild("big").getAttribute("weight_names2")).isNull();
            assertThat(KerasAttributes.read(f.getChild("big"), "weight_names")).hasSize(2000);
            assertThat(f.getAttribute("layer_names")).isNull();
            assertThat(KerasAttributes.read(f, "layer_names")).hasSize(1501);
        }
        try (KerasH5Reader r = KerasH5Reader.open(h5)) {
            assertThat(r.tensors()).hasSize(3500);
        }
        String out = python("import sys, h5py\nf = h5py.File(sys.argv[1], 'r')\n"
                + "def load(g, name):\n"
                + "    if name in g.attrs:\n        return [n.decode('utf8') for n in g.attrs[name]], 1\n"
                + "    out, c = [], 0\n"
                + "    while '%s%d' % (name, c) in g.attrs:\n"
                + "        out.extend(n.decode('utf8') for n in g.attrs['%s%d' % (name, c)]); c += 1\n"
                + "    return out, c\n"
                + "w, wc = load(f['big'], 'weight_names')\nl, lc = load(f, 'layer_names')\n"
                + "print('N', len(w), wc, len(f['big'].attrs['weight_names0']), len(l), lc, len(f.attrs['layer_names0']))\n",
                h5.toString());
        assertThat(out).startsWith("N 2000 2 1000 1501 2 751");
    }

    /**
     * The writer lays the file out from the plan and streams each tensor into its region: a writer that
     * is closed half way leaves nothing behind, and a finished one holds exactly the bytes written.
     */
    @Test
    void streamsEachTensorIntoItsRegionAndLeavesNothingWhenAbandoned() throws Exception {
        List<TensorInfo> plan = List.of(
                new TensorInfo("tf_model/dense/kernel:0", DType.F32, new long[] {300, 70}),
                new TensorInfo("tf_model/dense/bias:0", DType.F64, new long[] {70}),
                new TensorInfo("tf_model/emb/ids:0", DType.I64, new long[] {2, 3, 4}));
        List<TensorData> data = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (TensorInfo t : plan) {
            byte[] b = new byte[(int) t.byteSize()];
            random.nextBytes(b);
            if (t.dtype() == DType.F32 || t.dtype() == DType.F64) { // finite values only
                ByteBuffer v = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < b.length / t.dtype().byteSize(); i++) {
                    if (t.dtype() == DType.F32) {
                        v.putFloat(i * 4, random.nextFloat());
                    } else {
                        v.putDouble(i * 8, random.nextDouble());
                    }
                }
            }
            data.add(new HeapData(t, ByteBuffer.wrap(b)));
        }
        Path abandoned = dir.resolve("abandoned.h5");
        try (KerasH5Writer w = KerasH5Writer.create(abandoned, plan)) {
            w.write(data.get(0));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        Path h5 = dir.resolve("streamed.h5");
        write(KerasH5Writer.create(h5, plan), data);
        try (KerasH5Reader r = KerasH5Reader.open(h5)) {
            assertThat(r.tensors()).isEqualTo(plan);
            for (TensorData d : data) {
                assertThat(TensorBytes.sha256(r.data(d.info().name()))).as(d.info().name())
                        .isEqualTo(TensorBytes.sha256(d));
            }
        }
        ByteBuffer k = data.get(0).buffer();
        double sum = 0;
        for (int i = 0; i < 300 * 70; i++) {
            sum += k.getFloat(i * 4);
        }
        String out = python("import sys, h5py, numpy as np\nf = h5py.File(sys.argv[1], 'r')\n"
                + "k = f['dense']['tf_model/dense/kernel:0']\nb = f['dense']['tf_model/dense/bias:0']\n"
                + "print('K', k.shape, k.dtype, float(np.asarray(k, dtype=np.float64).sum()), b.dtype,"
                + " f['emb']['tf_model/emb/ids:0'].shape)\n", h5.toString());
        assertThat(out).startsWith("K (300, 70) float32 ").contains("float64 (2, 3, 4)");
        String total = out.split(" ")[4];
        assertThat(Double.parseDouble(total)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void refusesWhatItCannotWriteAndNonKerasFiles() throws Exception {
        for (DType refused : List.of(DType.BF16, DType.F16, DType.BOOL, DType.U8)) {
            assertThatThrownBy(() -> KerasH5Writer.create(dir.resolve("x.h5"),
                    List.of(new TensorInfo("a/b:0", refused, new long[] {2}))))
                    .isInstanceOf(FormatException.class).hasMessageContaining("'a/b:0' (" + refused + ")")
                    // advice that can work: --dtype casts floating-point tensors only
                    .hasMessageContaining(refused.isFloatingPoint() ? "--dtype f32" : "write a TF checkpoint or safetensors instead");
        }
        assertThatThrownBy(() -> KerasH5Writer.create(dir.resolve("x.h5"),
                List.of(new TensorInfo("a/e:0", DType.F32, new long[] {0, 4}))))
                .isInstanceOf(FormatException.class).hasMessageContaining("'a/e:0' [0, 4]: no elements");
        assertThat(dir.resolve("x.h5")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
        Path junk = dir.resolve("junk.h5");
        Files.write(junk, new byte[100]);
        assertThatThrownBy(() -> KerasH5Reader.open(junk)).isInstanceOf(FormatException.class)
                .hasMessageContaining("junk.h5");
    }

    private static void write(TensorWriter w, List<TensorData> tensors) throws Exception {
        try (w) {
            for (TensorData d : tensors) {
                w.write(d);
            }
            w.finish();
        }
    }

    /** Runs Debian's python3 with h5py; skips the rest of the test when either is missing. */
    private static String python(String script, String arg) throws Exception {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "no /usr/bin/python3");
        Process p = new ProcessBuilder(py.toString(), "-c", script, arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeFalse(out.contains("No module named 'h5py'"), "python3-h5py is not installed");
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
