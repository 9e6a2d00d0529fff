package dev.hubkit.converters.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.Fixtures;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by real Keras 3 (scripts/make-keras3-fixtures.py): its own {@code .weights.h5} layout and
 * its legacy {@code .h5}, read as h5py reads them (keras3_manifest.json).
 */
class Keras3WeightsTest {
    @TempDir
    Path dir;

    /** A committed fixture, read in place (the tests only read it). */
    private static Path resource(String name) {
        return Fixtures.dir().resolveSibling("keras").resolve(name);
    }

    private static JsonNode manifest() throws Exception {
        try (InputStream in = Keras3WeightsTest.class.getResourceAsStream("/keras/keras3_manifest.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> describe(Inspection i) {
        List<String> out = new ArrayList<>();
        for (Inspection.Tensor t : i.tensors()) {
            out.add(t.name() + " " + t.dtype() + " " + Arrays.toString(t.shape()).replace(" ", "") + " " + t.sha256());
        }
        return out;
    }

    private static List<String> expected(JsonNode tensors) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : tensors) {
            out.add(t.get("name").asText() + " " + t.get("dtype").asText() + " " + t.get("shape") + " "
                    + t.get("sha256").asText());
        }
        out.sort(null);
        return out;
    }

    @Test
    void readsKeras3WeightsByTheirHdf5PathsWithTheLayersNames() throws Exception {
        JsonNode m = manifest();
        Inspection got = Inspector.inspect(resource("keras3.weights.h5"));
        assertThat(got.format()).isEqualTo("keras-h5");
        assertThat(describe(got)).containsExactlyElementsOf(expected(m.get("files").get("keras3.weights.h5")));
        m.get("layers").fields().forEachRemaining(e ->
                assertThat(got.metadata()).containsEntry("layer." + e.getKey(), e.getValue().asText()));
    }

    @Test
    void legacyH5FromKeras3HoldsTheSameValues() throws Exception {
        JsonNode m = manifest();
        Inspection legacy = Inspector.inspect(resource("keras3_legacy.h5"));
        // model_weights/<layer>/<weight name>: the weight name starts after the layer's folder
        List<String> want = new ArrayList<>();
        for (JsonNode t : m.get("files").get("keras3_legacy.h5")) {
            String path = t.get("name").asText();
            String afterLayer = path.substring(path.indexOf('/', "model_weights/".length()) + 1);
            want.add(afterLayer + " " + t.get("dtype").asText() + " " + t.get("shape") + " " + t.get("sha256").asText());
        }
        want.sort(null);
        assertThat(describe(legacy)).containsExactlyElementsOf(want);
        List<String> hashesNew = new ArrayList<>();
        Inspector.inspect(resource("keras3.weights.h5")).tensors().forEach(t -> hashesNew.add(t.sha256()));
        List<String> hashesLegacy = new ArrayList<>();
        legacy.tensors().forEach(t -> hashesLegacy.add(t.sha256()));
        assertThat(hashesNew).containsExactlyInAnyOrderElementsOf(hashesLegacy); // one model, two layouts
    }

    @Test
    void anHdf5FileThatIsNeitherLayoutIsRefusedClearly() throws Exception {
        Path other = dir.resolve("data.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(other)) {
            w.putDataset("measurements", new float[] {1f, 2f});
        }
        assertThatThrownBy(() -> KerasH5Reader.open(other)).isInstanceOf(FormatException.class)
                .hasMessageContaining("not Keras weights").hasMessageContaining("Keras 3");
    }
}
