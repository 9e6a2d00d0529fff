package dev.hubkit.converters.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The string attributes of written Keras H5 files have the types h5py gives Keras' own: {@code layer_names},
 * {@code weight_names} and their chunks null-padded ASCII arrays (numpy {@code S} arrays, as
 * {@code save_attributes_to_hdf5_group} stores chunks), {@code backend}/{@code keras_version} variable-length ASCII
 * strings (h5py's type for {@code b"tensorflow"}, read back as {@code str}), and no attribute Keras does not write
 * (io.jhdf's {@code _jHDF}).
 */
class KerasStringAttributesTest {
    @TempDir
    Path dir;

    /** Two layers, the first with enough names that a 200-byte limit splits its {@code weight_names}. */
    private Path written() throws Exception {
        List<TensorInfo> plan = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            plan.add(new TensorInfo("tf_bert_model/bert/encoder/layer_._" + i + "/output/dense/bias:0", DType.F32,
                    new long[] {2}));
        }
        plan.add(new TensorInfo("tf_bert_model/nsp___cls/seq_relationship/bias:0", DType.F32, new long[] {2}));
        Path h5 = dir.resolve("tf_model.h5");
        try (TensorWriter w = KerasH5Writer.create(h5, plan, 200)) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate(8)));
            }
            w.finish();
        }
        return h5;
    }

    /** attribute path → "PADDING CHARSET scalar|array" as io.jhdf reads the datatype. */
    private static Map<String, String> types(Path h5) {
        Map<String, String> out = new TreeMap<>();
        try (HdfFile f = new HdfFile(h5)) {
            collect(f, "/", out);
            for (Node layer : f.getChildren().values()) {
                collect(layer, layer.getPath(), out);
            }
        }
        return out;
    }

    private static void collect(Node node, String path, Map<String, String> out) {
        for (Attribute a : node.getAttributes().values()) {
            String type;
            if (a.getDataType() instanceof VariableLength v) {
                type = "VARIABLE " + v.getPaddingType() + " " + v.getEncoding();
            } else {
                StringData t = (StringData) a.getDataType();
                type = t.getPaddingType() + " " + t.getCharset();
            }
            out.put(path + "@" + a.getName(), type + " " + (a.isScalar() ? "scalar" : "array"));
        }
    }

    @Test
    void stringAttributesAreTypedAsH5pyTypesKerasAttributes() throws Exception {
        Path h5 = written();
        Map<String, String> want = new TreeMap<>();
        want.put("/@backend", "VARIABLE NULL_TERMINATED US-ASCII scalar");
        want.put("/@keras_version", "VARIABLE NULL_TERMINATED US-ASCII scalar");
        want.put("/@layer_names", "NULL_PADDED US-ASCII array");
        for (int c = 0; c < 4; c++) {
            want.put("/bert/@weight_names" + c, "NULL_PADDED US-ASCII array");
        }
        want.put("/nsp___cls/@weight_names", "NULL_PADDED US-ASCII array");
        assertThat(types(h5)).isEqualTo(want);
        try (KerasH5Reader r = KerasH5Reader.open(h5)) { // values unchanged
            assertThat(r.tensors()).hasSize(13);
            assertThat(r.metadata()).containsEntry("backend", "tensorflow").containsEntry("keras_version", "2.15.0");
        }
    }

    /** h5py (Debian python3-h5py) sees the same padding and character set and reads the names as Keras does. */
    @Test
    void h5pyReadsTheTypesAndNamesAsKerasDoes() throws Exception {
        Path h5 = written();
        String script = "import sys, h5py\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "PAD = {h5py.h5t.STR_NULLTERM: 'NULLTERM', h5py.h5t.STR_NULLPAD: 'NULLPAD'}\n"
                + "CSET = {h5py.h5t.CSET_ASCII: 'ASCII', h5py.h5t.CSET_UTF8: 'UTF8'}\n"
                + "def load(g, name):\n" // keras' load_attributes_from_hdf5_group
                + "    if name in g.attrs:\n"
                + "        return [n.decode('utf8') if hasattr(n, 'decode') else n for n in g.attrs[name]]\n"
                + "    data, c = [], 0\n"
                + "    while '%s%d' % (name, c) in g.attrs:\n"
                + "        data.extend(n.decode('utf8') if hasattr(n, 'decode') else n"
                + " for n in g.attrs['%s%d' % (name, c)]); c += 1\n"
                + "    return data\n"
                + "for g in [f, f['bert'], f['nsp___cls']]:\n"
                + "    for a in sorted(g.attrs):\n"
                + "        t = h5py.h5a.open(g.id, a.encode()).get_type()\n"
                + "        print('T', g.name, a, PAD[t.get_strpad()], CSET[t.get_cset()],"
                + " 'VLEN' if t.is_variable_str() else 'FIXED')\n"
                + "print('L', load(f, 'layer_names'))\n"
                + "print('W', len(load(f['bert'], 'weight_names')), load(f['nsp___cls'], 'weight_names'))\n"
                + "print('B', repr(f.attrs['backend']), repr(f.attrs['keras_version']))\n"
                // what h5py makes of Keras' own `f.attrs['backend'] = backend().encode('utf8')`, and of hubkit's
                + "import tempfile, os\n"
                + "ref = h5py.File(os.path.join(tempfile.mkdtemp(), 'ref.h5'), 'w')\n"
                + "ref.attrs['backend'] = 'tensorflow'.encode('utf8')\n"
                + "for k in ['backend']:\n"
                + "    print('S', type(f.attrs[k]) is type(ref.attrs[k]), f.attrs.get_id(k).dtype == ref.attrs.get_id(k).dtype,"
                + " h5py.check_string_dtype(f.attrs.get_id(k).dtype) == h5py.check_string_dtype(ref.attrs.get_id(k).dtype))\n";
        List<String> lines = python(script, h5.toString());
        List<String> want = new ArrayList<>(List.of("T / backend NULLTERM ASCII VLEN",
                "T / keras_version NULLTERM ASCII VLEN", "T / layer_names NULLPAD ASCII FIXED"));
        for (int c = 0; c < 4; c++) {
            want.add("T /bert weight_names" + c + " NULLPAD ASCII FIXED");
        }
        want.add("T /nsp___cls weight_names NULLPAD ASCII FIXED");
        want.add("L ['bert', 'nsp___cls']");
        want.add("W 12 ['tf_bert_model/nsp___cls/seq_relationship/bias:0']");
        want.add("B 'tensorflow' '2.15.0'");
        want.add("S True True True");
        assertThat(lines).containsExactlyElementsOf(want);
    }

    private static List<String> python(String script, String arg) throws Exception {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "no /usr/bin/python3");
        Process p = new ProcessBuilder(py.toString(), "-c", script, arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeFalse(out.contains("No module named 'h5py'"), "python3-h5py is not installed");
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
