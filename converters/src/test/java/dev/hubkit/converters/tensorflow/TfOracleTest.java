package dev.hubkit.converters.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * TensorFlow (through TensorFlow Java's SaveV2, RestoreV2 and MergeV2Checkpoints ops) is the oracle:
 * bundles it writes read identically in hubkit, bundles hubkit writes restore identically in TensorFlow.
 * All TensorFlow work sits in this one class so the native library is loaded once.
 */
class TfOracleTest {
    private static final Map<DType, Class<? extends TType>> TF_TYPES = new LinkedHashMap<>();

    static {
        TF_TYPES.put(DType.F32, TFloat32.class);
        TF_TYPES.put(DType.F64, TFloat64.class);
        TF_TYPES.put(DType.F16, TFloat16.class);
        TF_TYPES.put(DType.BF16, TBfloat16.class);
        TF_TYPES.put(DType.I64, TInt64.class);
        TF_TYPES.put(DType.I32, TInt32.class);
        TF_TYPES.put(DType.U8, TUint8.class);
        TF_TYPES.put(DType.U16, TUint16.class);
        TF_TYPES.put(DType.BOOL, TBool.class);
    }

    private static EagerSession session;
    private static Ops tf;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTensorFlow() {
        try {
            session = EagerSession.create();
            tf = Ops.create(session);
        } catch (Throwable e) {
            Assumptions.abort("TensorFlow Java cannot load on this machine: " + e);
        }
    }

    @AfterAll
    static void closeTensorFlow() {
        if (session != null) {
            session.close();
        }
    }

    /** Every supported dtype, scalars, empty tensors and several ranks, under names using every legal character. */
    static Map<TensorInfo, byte[]> sampleTensors(long seed) {
        Random rnd = new Random(seed);
        long[][] shapes = {{}, {0}, {3, 0, 2}, {7}, {2, 3}, {2, 1, 3, 2}, {33, 17}};
        String[] names = {"bert/encoder/layer_0/attention/self/query/kernel", "a", "A.b-c_d/e.f/G-9",
            "0.starts.with.digit", "tf_bert_model/bert/embeddings/word_embeddings/weight:0",
            "model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", "global_step", "z/" + "x".repeat(300)};
        Map<TensorInfo, byte[]> out = new LinkedHashMap<>();
        int i = 0;
        for (DType t : TF_TYPES.keySet()) {
            for (long[] shape : shapes) {
                String name = names[i % names.length] + "/" + t.name().toLowerCase() + "_" + i;
                TensorInfo info = new TensorInfo(name, t, shape);
                byte[] bytes = new byte[(int) info.byteSize()];
                rnd.nextBytes(bytes);
                if (t == DType.BOOL) {
                    for (int k = 0; k < bytes.length; k++) {
                        bytes[k] &= 1;
                    }
                }
                out.put(info, bytes);
                i++;
            }
        }
        return out;
    }

    @Test
    void checkpointWrittenByTensorFlowReadsIdentically() throws Exception {
        Map<TensorInfo, byte[]> tensors = sampleTensors(1);
        Path prefix = dir.resolve("tf").resolve("model.ckpt");
        Files.createDirectories(prefix.getParent());
        tfSave(prefix, tensors);
        assertReadsIdentically(prefix, tensors);
    }

    /** String tensors written by TensorFlow are read and checked, listed in the metadata, never weights. */
    @Test
    void stringTensorsWrittenByTensorFlowAreListedNotConverted() throws Exception {
        Path prefix = dir.resolve("s").resolve("model.ckpt");
        Files.createDirectories(prefix.getParent());
        Output<?> weight = tf.constant(new float[] {1.5f, -2f}).asOutput();
        Output<?> scalar = tf.constant("hello checkpoint").asOutput();
        Output<?> vector = tf.constant(NdArrays.vectorOfObjects("a", "", "ccc")).asOutput();
        Output<?> empty = tf.constant(NdArrays.ofObjects(String.class, org.tensorflow.ndarray.Shape.of(0))).asOutput();
        session.opBuilder("SaveV2", "save_strings", session.baseScope())
                .addInput(tf.constant(prefix.toString()).asOutput())
                .addInput(tf.constant(NdArrays.vectorOfObjects("w", "note", "vocab", "none")).asOutput())
                .addInput(tf.constant(NdArrays.vectorOfObjects("", "", "", "")).asOutput())
                .addInputList(new Output<?>[] {weight, scalar, vector, empty})
                .build();
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactly("w");
            assertThat(r.metadata()).containsEntry("strings.note", List.of("hello checkpoint"))
                    .containsEntry("strings.vocab", List.of("a", "", "ccc"))
                    .containsEntry("strings.none", List.of());
            assertThat((String) r.metadata().get("skipped.vocab")).contains("string tensor of shape [3]");
        }
        // A flipped byte in a string's bytes is a CRC mismatch naming the tensor.
        Path data = BundlePaths.data(prefix, 0, 1);
        byte[] bytes = Files.readAllBytes(data);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("hello checkpoint");
        bytes[at] ^= 1;
        Files.write(data, bytes);
        assertThatThrownBy(() -> TfCheckpointReader.open(prefix)).isInstanceOf(FormatException.class)
                .hasMessageContaining("'note'").hasMessageContaining("CRC");
    }

    @Test
    void mergedShardsWrittenByTensorFlowReadIdentically() throws Exception {
        Map<TensorInfo, byte[]> all = sampleTensors(2);
        List<Map<TensorInfo, byte[]>> parts = List.of(new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>());
        int i = 0;
        for (Map.Entry<TensorInfo, byte[]> e : all.entrySet()) {
            parts.get(i++ % parts.size()).put(e.getKey(), e.getValue());
        }
        Files.createDirectories(dir.resolve("parts"));
        List<String> prefixes = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            Path partPrefix = dir.resolve("parts").resolve("part-" + p);
            tfSave(partPrefix, parts.get(p));
            prefixes.add(partPrefix.toString());
        }
        Path merged = dir.resolve("merged");
        session.opBuilder("MergeV2Checkpoints", "merge", session.baseScope())
                .addInput(tf.constant(NdArrays.vectorOfObjects(prefixes.toArray(new String[0]))).asOutput())
                .addInput(tf.constant(merged.toString()).asOutput())
                .build();
        assertThat(Files.exists(BundlePaths.data(merged, 2, 3))).isTrue();
        try (TfCheckpointReader r = TfCheckpointReader.open(BundlePaths.index(merged))) {
            assertThat(r.header().numShards()).isEqualTo(3);
        }
        assertReadsIdentically(merged, all);
    }

    @Test
    void checkpointWrittenByHubkitRestoresIdenticallyInTensorFlow() throws Exception {
        Map<TensorInfo, byte[]> tensors = sampleTensors(3);
        Path prefix = dir.resolve("hubkit").resolve("model.ckpt");
        List<TensorInfo> plan = new ArrayList<>(tensors.keySet());
        try (TfCheckpointWriter w = TfCheckpointWriter.create(prefix, plan, 4096)) {
            assertThat(w.numShards()).isGreaterThan(2);
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.wrap(tensors.get(t))));
            }
            w.finish();
        }
        for (Map.Entry<TensorInfo, byte[]> e : tensors.entrySet()) {
            TensorInfo t = e.getKey();
            Operation restore = session.opBuilder("RestoreV2", "restore", session.baseScope())
                    .addInput(tf.constant(prefix.toString()).asOutput())
                    .addInput(tf.constant(NdArrays.vectorOfObjects(t.name())).asOutput())
                    .addInput(tf.constant(NdArrays.vectorOfObjects("")).asOutput())
                    .setAttr("dtypes", new DataType[] {DataType.forNumber(t.dtype().tfEnum())})
                    .build();
            Output<TType> out = restore.output(0);
            TType tensor = out.asTensor();
            assertThat(tensor.shape().asArray()).as(t.name()).isEqualTo(t.shape());
            byte[] got = new byte[(int) tensor.asRawTensor().data().size()];
            tensor.asRawTensor().data().read(got);
            assertThat(got).as(t.name()).isEqualTo(e.getValue());
        }
        // hubkit also reads back what it wrote.
        assertReadsIdentically(prefix, tensors);
    }

    /**
     * Partitioned variables (what TF1 partitioners and TF2's sharding policies write: one index entry listing
     * the slices, each slice under a key of its own) are put together from their slices.
     */
    @Test
    void partitionedVariablesWrittenByTensorFlowReadWhole() throws Exception {
        Random rnd = new Random(5);
        Map<TensorInfo, byte[]> whole = new LinkedHashMap<>();
        Map<String, List<String>> specs = new LinkedHashMap<>();
        // boxes in three dimensions; rows of a 1-D tensor; row blocks as fixed_size_partitioner makes them; and a
        // tensor larger than one read chunk in uneven blocks
        whole.put(new TensorInfo("boxes", DType.F32, new long[] {7, 5, 3}), null);
        specs.put("boxes", List.of("0,4:0,2:-", "0,4:2,3:-", "4,3:-:0,1", "4,3:-:1,2"));
        whole.put(new TensorInfo("ids", DType.I64, new long[] {10}), null);
        specs.put("ids", List.of("0,6", "6,4"));
        whole.put(new TensorInfo("emb/part", DType.BF16, new long[] {9, 4}), null);
        specs.put("emb/part", List.of("0,3:-", "3,3:-", "6,3:-"));
        whole.put(new TensorInfo("big", DType.F32, new long[] {300, 300}), null);
        specs.put("big", List.of("0,170:0,100", "0,170:100,200", "170,130:0,100", "170,130:100,200"));
        whole.put(new TensorInfo("plain", DType.F32, new long[] {2, 2}), null);
        specs.put("plain", List.of(""));
        List<String> names = new ArrayList<>();
        List<String> slices = new ArrayList<>();
        List<Output<?>> values = new ArrayList<>();
        for (TensorInfo t : List.copyOf(whole.keySet())) {
            byte[] bytes = new byte[(int) t.byteSize()];
            rnd.nextBytes(bytes);
            whole.put(t, bytes);
            for (String spec : specs.get(t.name())) {
                long[][] box = box(t.shape(), spec);
                names.add(t.name());
                slices.add(spec.isEmpty() ? "" : java.util.Arrays.stream(t.shape()).mapToObj(Long::toString)
                        .collect(java.util.stream.Collectors.joining(" ")) + " " + spec);
                values.add(tf.constant(TF_TYPES.get(t.dtype()), org.tensorflow.ndarray.Shape.of(box[1]),
                        DataBuffers.of(subBlock(bytes, t.shape(), box, t.dtype().byteSize()), true, false)).asOutput());
            }
        }
        Path prefix = dir.resolve("p").resolve("model.ckpt");
        Files.createDirectories(prefix.getParent());
        session.opBuilder("SaveV2", "save_slices", session.baseScope())
                .addInput(tf.constant(prefix.toString()).asOutput())
                .addInput(tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))).asOutput())
                .addInput(tf.constant(NdArrays.vectorOfObjects(slices.toArray(new String[0]))).asOutput())
                .addInputList(values.toArray(new Output<?>[0]))
                .build();
        assertReadsIdentically(prefix, whole);
    }

    /** {starts, lengths} of slice {@code spec} ("start,length" or "-" per dimension) of a tensor of {@code shape}. */
    private static long[][] box(long[] shape, String spec) {
        long[] start = new long[shape.length];
        long[] len = shape.clone();
        if (!spec.isEmpty()) {
            String[] dims = spec.split(":");
            for (int d = 0; d < dims.length; d++) {
                if (!dims[d].equals("-")) {
                    String[] sl = dims[d].split(",");
                    start[d] = Long.parseLong(sl[0]);
                    len[d] = Long.parseLong(sl[1]);
                }
            }
        }
        return new long[][] {start, len};
    }

    /** The C-order bytes of box {starts, lengths} of a C-order tensor. */
    private static byte[] subBlock(byte[] all, long[] shape, long[][] box, int elem) {
        int n = shape.length;
        long count = 1;
        for (long l : box[1]) {
            count *= l;
        }
        byte[] out = new byte[(int) (count * elem)];
        long[] idx = new long[n];
        for (int k = 0; k < count; k++) {
            long flat = 0;
            for (int d = 0; d < n; d++) {
                flat = flat * shape[d] + box[0][d] + idx[d];
            }
            System.arraycopy(all, (int) (flat * elem), out, k * elem, elem);
            for (int d = n - 1; d >= 0 && ++idx[d] == box[1][d]; d--) {
                idx[d] = 0;
            }
        }
        return out;
    }

    private static void tfSave(Path prefix, Map<TensorInfo, byte[]> tensors) {
        List<String> names = new ArrayList<>();
        List<Output<?>> values = new ArrayList<>();
        for (Map.Entry<TensorInfo, byte[]> e : tensors.entrySet()) {
            TensorInfo t = e.getKey();
            names.add(t.name());
            Operand<? extends TType> c = tf.constant(TF_TYPES.get(t.dtype()),
                    org.tensorflow.ndarray.Shape.of(t.shape()), DataBuffers.of(e.getValue(), true, false));
            values.add(c.asOutput());
        }
        String[] empty = new String[names.size()];
        java.util.Arrays.fill(empty, "");
        session.opBuilder("SaveV2", "save", session.baseScope())
                .addInput(tf.constant(prefix.toString()).asOutput())
                .addInput(tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))).asOutput())
                .addInput(tf.constant(NdArrays.vectorOfObjects(empty)).asOutput())
                .addInputList(values.toArray(new Output<?>[0]))
                .build();
    }

    private static void assertReadsIdentically(Path prefix, Map<TensorInfo, byte[]> tensors) throws Exception {
        try (TfCheckpointReader r = TfCheckpointReader.open(BundlePaths.index(prefix))) {
            assertThat(r.tensors()).containsExactlyInAnyOrderElementsOf(tensors.keySet());
            for (Map.Entry<TensorInfo, byte[]> e : tensors.entrySet()) {
                ByteBuffer streamed = TensorBytes.copy(r.data(e.getKey().name()));
                byte[] a = new byte[streamed.remaining()];
                streamed.get(a);
                assertThat(a).as(e.getKey().name()).isEqualTo(e.getValue());
                ByteBuffer mapped = r.data(e.getKey().name()).buffer().order(ByteOrder.LITTLE_ENDIAN);
                byte[] b = new byte[mapped.remaining()];
                mapped.get(b);
                assertThat(b).as(e.getKey().name()).isEqualTo(e.getValue());
            }
        }
    }
}
