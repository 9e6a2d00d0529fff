package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.convert.Checkpoints;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles of a few kilobytes that would cost far more to read than {@code torch.load} spends: a dict
 * reused at every level (2^30 paths), and a view expanded over 256 GiB of one float.
 */
class HostileGraphTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** {@code x = {'w': ones(1)}; depth times: x = {'a': x, 'b': x}}, as torch.save writes it (memo refs). */
    private Path dag(String name, int depth) throws Exception {
        TestPickle p = new TestPickle();
        p.op('}').put();
        p.str("w").tensor("0", 1).op('s');
        int prev = 0;
        for (int i = 0; i < depth; i++) {
            p.op('}');
            int next = p.put();
            p.op('(').str("a").get(prev).str("b").get(prev).op('u');
            prev = next;
        }
        return TestPickle.zip(tmp.resolve(name), p.stop(), Map.of("0", TestPickle.floats(1)));
    }

    @Test
    void containerReusedAtEveryLevelIsRefusedNamingTheFile() throws Exception {
        Path file = dag("dag30.pt", 30);
        assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> Checkpoints.open(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("reuses the same dict/list")
                .hasMessageContaining("more than " + StateFlattener.MAX_VISITS + " entries"));
        Path dst = tmp.resolve("out");
        assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> Converter.convert(file,
                dst.resolve("model.safetensors"), ConvertOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(FormatException.class));
        assertThat(dst).doesNotExist();
    }

    @Test
    void aFewSharedLevelsStillListEveryPathTiedToOneTensor() throws Exception {
        try (TensorReader r = Checkpoints.open(dag("dag3.pt", 3))) {
            assertThat(r.tensors()).extracting(TensorInfo::name).hasSize(8).contains("a.a.a.w", "b.a.b.w", "b.b.b.w");
            assertThat(r.aliases()).hasSize(1);
            assertThat(r.aliases().get(0)).hasSize(8);
        }
    }

    @Test
    void viewExpandedFarBeyondItsStorageIsRefusedBeforeAnyOutput() throws Exception {
        // torch.zeros(4)[0:1].expand(2**18, 2**18): 256 GiB from 4 bytes
        byte[] pickle = new TestPickle().op('}').op('(').str("w")
                .tensor("0", 4, 0, new long[] {1 << 18, 1 << 18}, new long[] {0, 0}).op('u').stop();
        Path file = TestPickle.zip(tmp.resolve("bomb.pt"), pickle, Map.of("0", TestPickle.floats(4)));
        assertThatThrownBy(() -> Checkpoints.open(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("decompression bomb");
        Path dst = tmp.resolve("out");
        assertThatThrownBy(() -> Converter.convert(file, dst.resolve("model.safetensors"), ConvertOptions.defaults(),
                ProgressListener.none())).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> Inspector.inspect(file)).isInstanceOf(FormatException.class);
        assertThat(dst).doesNotExist();
    }

    @Test
    void ordinaryExpandedViewsStillRead() throws Exception {
        // expand(1000, 4) of a row: 16 KB from 16 bytes, far below the 1 GiB floor
        byte[] pickle = new TestPickle().op('}').op('(').str("rows")
                .tensor("0", 4, 0, new long[] {1000, 4}, new long[] {0, 1}).op('u').stop();
        Path file = TestPickle.zip(tmp.resolve("rows.pt"), pickle, Map.of("0", TestPickle.floats(4)));
        try (TensorReader r = Checkpoints.open(file)) {
            assertThat(r.info("rows").byteSize()).isEqualTo(16_000);
            java.nio.ByteBuffer b = TensorBytes.copy(r.data("rows")).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getFloat(999 * 16 + 12)).isEqualTo(3f);
        }
    }

    @Test
    void flattenerBudgetAppliesOnlyOnceAContainerIsShared() {
        // a tree of more values than the budget is not refused: the pickle itself holds every one of them
        List<Object> many = new java.util.ArrayList<>();
        for (long i = 0; i < 300; i++) {
            many.add(i);
        }
        assertThat(StateFlattener.flatten(Map.of("steps", many), 100).metadata()).hasSize(300);
        // the same number of values reached through one list used three times is refused
        List<Object> part = many.subList(0, 100);
        assertThatThrownBy(() -> StateFlattener.flatten(Map.of("x", List.of(part, part, part)), 100))
                .isInstanceOf(dev.hubkit.converters.pytorch.pickle.PickleException.class)
                .hasMessageContaining("reuses the same dict/list");
        // below the budget a shared list is expanded at each place
        assertThat(StateFlattener.flatten(Map.of("x", List.of(part, part)), 300).metadata()).hasSize(200);
    }
}
