package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.convert.Checkpoints;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names of PyTorch state entries: kept as the keys are (the empty key too), never silently merged. */
class StateNamesTest {
    @TempDir
    Path tmp;

    private static final Map<String, byte[]> TWO_STORAGES = Map.of("0", TestPickle.floats(1), "1", TestPickle.floats(2));

    @Test
    void twoTensorsJoiningToOneNameAreAnErrorNamingBothPaths() throws Exception {
        // {'a': {'b': ones(1)}, 'a.b': zeros(2)}
        byte[] pickle = new TestPickle().op('}').op('(')
                .str("a").op('}').str("b").tensor("0", 1).op('s')
                .str("a.b").tensor("1", 2)
                .op('u').stop();
        Path file = TestPickle.zip(tmp.resolve("collide.pt"), pickle, TWO_STORAGES);
        assertThatThrownBy(() -> Checkpoints.open(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'a.b'")
                .hasMessageContaining("['a']['b']")
                .hasMessageContaining("['a.b']");
        assertThatThrownBy(() -> Inspector.inspect(file)).isInstanceOf(FormatException.class);
        Path dst = tmp.resolve("out.safetensors");
        assertThatThrownBy(() -> Converter.convert(file, dst, ConvertOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(FormatException.class);
        assertThat(dst).doesNotExist();
    }

    @Test
    void theSameTensorReachedTwiceUnderOneNameIsNoCollision() throws Exception {
        // t = ones(1); {'a': {'b': t}, 'a.b': t}
        TestPickle p = new TestPickle().op('}').op('(').str("a").op('}').str("b").tensor("0", 1);
        int t = p.put();
        byte[] pickle = p.op('s').str("a.b").get(t).op('u').stop();
        try (TensorReader r = Checkpoints.open(TestPickle.zip(tmp.resolve("same.pt"), pickle, TWO_STORAGES))) {
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactly("a.b");
        }
    }

    @Test
    void emptyKeyKeepsItsNameThroughSafetensorsAndBack() throws Exception {
        // {'': ones(1), 'x': zeros(2)}
        byte[] pickle = new TestPickle().op('}').op('(').str("").tensor("0", 1).str("x").tensor("1", 2).op('u').stop();
        Path file = TestPickle.zip(tmp.resolve("empty.pt"), pickle, TWO_STORAGES);
        try (TensorReader r = Checkpoints.open(file)) {
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactly("", "x");
        }
        Path st = tmp.resolve("empty.safetensors");
        Converter.convert(file, st, ConvertOptions.defaults(), ProgressListener.none());
        Path back = tmp.resolve("back.bin");
        Converter.convert(st, back, ConvertOptions.defaults(), ProgressListener.none());
        for (Path p : new Path[] {st, back}) {
            try (TensorReader r = Checkpoints.open(p)) {
                assertThat(r.tensors()).extracting(TensorInfo::name).containsExactlyInAnyOrder("", "x");
                assertThat(r.info("").shape()).containsExactly(1);
            }
        }
    }

    @Test
    void onlyARootTensorGetsAMadeUpName() throws Exception {
        byte[] pickle = new TestPickle().tensor("0", 1).stop();
        try (TensorReader r = Checkpoints.open(TestPickle.zip(tmp.resolve("root.pt"), pickle, TWO_STORAGES))) {
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactly("tensor");
        }
        // nested under an empty key: '' joined with 'w' is '.w', distinct from a top-level 'w'
        byte[] nested = new TestPickle().op('}').op('(').str("").op('}').str("w").tensor("0", 1).op('s')
                .str("w").tensor("1", 2).op('u').stop();
        try (TensorReader r = Checkpoints.open(TestPickle.zip(tmp.resolve("nested.pt"), nested, TWO_STORAGES))) {
            assertThat(r.tensors()).extracting(TensorInfo::name).containsExactly(".w", "w");
        }
    }

    @Test
    void tiedWeightsAreCountedOnceInTheInspectTable() throws Exception {
        // {'embed': t, 'lm_head': t, 'bias': u}: 1 + 2 parameters stored, 3 tensors listed
        TestPickle p = new TestPickle().op('}').op('(').str("embed").tensor("1", 2);
        int t = p.put();
        byte[] pickle = p.str("lm_head").get(t).str("bias").tensor("0", 1).op('u').stop();
        Path file = TestPickle.zip(tmp.resolve("tied.pt"), pickle, TWO_STORAGES);
        var inspection = Inspector.inspect(file);
        assertThat(inspection.tensors()).hasSize(3);
        assertThat(inspection.parameterCount()).isEqualTo(3);
        assertThat(inspection.totalBytes()).isEqualTo(12);
        assertThat(inspection.toTable()).contains("3 tensors, 3 parameters, 12 B");
        assertThat(inspection.toJson()).contains("\"lm_head\"").contains("\"embed\"");
    }
}
