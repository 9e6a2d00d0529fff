package dev.hubkit.bench.runtime;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiply-add work of a transformer encoder, read from its ONNX graph: every MatMul/Gemm whose
 * second operand is a 2-D weight {@code [K, N]} costs {@code 2·K·N} FLOPs per token; every MatMul
 * of two activations is attention (QKᵀ or A·V), which costs {@code 2·L²·hidden} FLOPs per sequence of
 * length L (summed over heads). Element-wise work (LayerNorm, GELU, softmax, adds) is left out: it
 * is well under 1% of the total for BERT-sized layers.
 *
 * @param linearPerToken    FLOPs of the weight matmuls per token
 * @param attentionMatMuls  number of activation-by-activation matmuls (2 per layer)
 * @param hidden            hidden size (the K of the attention matmuls summed over heads)
 * @param weightMatMuls     number of weight matmuls found
 */
record ModelFlops(long linearPerToken, int attentionMatMuls, int hidden, int weightMatMuls) {

    /** FLOPs of one sequence of {@code len} tokens (no padding). */
    double sequence(int len) {
        return (double) linearPerToken * len + 2.0 * attentionMatMuls * hidden * (double) len * len;
    }

    /** FLOPs of a padded batch of {@code rows} sequences of {@code len} tokens. */
    double batch(int rows, int len) {
        return rows * sequence(len);
    }

    /** Reads the graph of {@code onnx} (streamed; weight bytes are skipped, not loaded). */
    static ModelFlops read(Path onnx, int hidden) throws IOException {
        Map<String, long[]> weightDims = new HashMap<>();
        List<String[]> matmuls = new ArrayList<>(); // {op, inputA, inputB}
        try (InputStream in = Files.newInputStream(onnx)) {
            CodedInputStream model = CodedInputStream.newInstance(in);
            model.setSizeLimit(Integer.MAX_VALUE);
            int tag;
            while ((tag = model.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 7) { // ModelProto.graph
                    int limit = model.pushLimit(model.readRawVarint32());
                    readGraph(model, weightDims, matmuls);
                    model.popLimit(limit);
                } else {
                    model.skipField(tag);
                }
            }
        }
        long perToken = 0;
        int attention = 0;
        int weights = 0;
        for (String[] m : matmuls) {
            long[] w = weightDims.get(m[2]);
            if (w != null && w.length == 2) {
                // MatMul: [.., K] x [K, N]; Gemm with transB is [N, K], same product.
                perToken += 2 * w[0] * w[1];
                weights++;
            } else if (!weightDims.containsKey(m[1]) && !weightDims.containsKey(m[2])) {
                attention++;
            }
        }
        if (weights == 0) {
            throw new IOException(onnx + ": no MatMul/Gemm with a 2-D weight found; not a transformer encoder graph");
        }
        return new ModelFlops(perToken, attention, hidden, weights);
    }

    private static void readGraph(CodedInputStream g, Map<String, long[]> weightDims, List<String[]> matmuls) throws IOException {
        int tag;
        while ((tag = g.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1) { // GraphProto.node
                int limit = g.pushLimit(g.readRawVarint32());
                String op = null;
                List<String> inputs = new ArrayList<>();
                int t;
                while ((t = g.readTag()) != 0) {
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> inputs.add(g.readStringRequireUtf8());
                        case 4 -> op = g.readStringRequireUtf8();
                        default -> g.skipField(t);
                    }
                }
                g.popLimit(limit);
                if (("MatMul".equals(op) || "Gemm".equals(op)) && inputs.size() >= 2) {
                    matmuls.add(new String[] {op, inputs.get(0), inputs.get(1)});
                }
            } else if (field == 5) { // GraphProto.initializer (TensorProto)
                int limit = g.pushLimit(g.readRawVarint32());
                List<Long> dims = new ArrayList<>();
                String name = null;
                int t;
                while ((t = g.readTag()) != 0) {
                    int f = WireFormat.getTagFieldNumber(t);
                    if (f == 1 && WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int l2 = g.pushLimit(g.readRawVarint32());
                        while (g.getBytesUntilLimit() > 0) {
                            dims.add(g.readInt64());
                        }
                        g.popLimit(l2);
                    } else if (f == 1) {
                        dims.add(g.readInt64());
                    } else if (f == 8) {
                        name = g.readStringRequireUtf8();
                    } else {
                        g.skipField(t);
                    }
                }
                g.popLimit(limit);
                if (name != null) {
                    weightDims.put(name, dims.stream().mapToLong(Long::longValue).toArray());
                }
            } else {
                g.skipField(tag);
            }
        }
    }
}
