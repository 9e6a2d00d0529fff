package dev.hubkit.converters.tensorflow;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes the {@code TrackableObjectGraph} of a TF2 checkpoint far enough to name its variables. */
final class ObjectGraph {
    private ObjectGraph() {
    }

    /** {@code checkpoint_key} → {@code full_name} of every {@code SerializedTensor} attribute of every node. */
    static Map<String, String> fullNames(ByteBuffer graph) {
        Map<String, String> out = new LinkedHashMap<>();
        ProtoWire.Reader g = new ProtoWire.Reader(graph);
        while (g.next()) {
            if (g.field() != 1 || g.wireType() != ProtoWire.LEN) {
                g.skip();
                continue;
            }
            ProtoWire.Reader node = new ProtoWire.Reader(g.bytes());
            while (node.next()) {
                if (node.field() != 2 || node.wireType() != ProtoWire.LEN) {
                    node.skip();
                    continue;
                }
                ProtoWire.Reader attr = new ProtoWire.Reader(node.bytes());
                String fullName = null;
                String key = null;
                while (attr.next()) {
                    if (attr.field() == 2 && attr.wireType() == ProtoWire.LEN) {
                        fullName = attr.string();
                    } else if (attr.field() == 3 && attr.wireType() == ProtoWire.LEN) {
                        key = attr.string();
                    } else {
                        attr.skip();
                    }
                }
                if (key != null && fullName != null) {
                    out.put(key, fullName);
                }
            }
        }
        return out;
    }
}
