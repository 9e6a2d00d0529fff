package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hubkit's reading of every committed fixture equals what real torch recorded in the manifest: Debian's
 * torch 1.13 ({@code torch/}) and a modern torch for the dtypes it added ({@code torch2/}).
 */
class ManifestTest {

    static Stream<Arguments> files() {
        List<Arguments> cases = new ArrayList<>();
        for (Path folder : List.of(Fixtures.dir(), Fixtures.torch2Dir())) {
            Fixtures.manifest(folder).fieldNames().forEachRemaining(n -> cases.add(Arguments.of(folder, n)));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void readsLikeTorch(Path folder, String name) throws Exception {
        JsonNode expected = Fixtures.manifest(folder).get(name);
        Inspection got = Inspector.inspect(folder.resolve(name));
        assertThat(got.format()).isEqualTo(expected.get("format").asText());
        List<String> want = new ArrayList<>();
        for (JsonNode t : expected.get("tensors")) {
            want.add(t.get("name").asText() + " " + t.get("dtype").asText() + " " + t.get("shape") + " "
                    + t.get("sha256").asText());
        }
        List<String> have = new ArrayList<>();
        for (Inspection.Tensor t : got.tensors()) {
            have.add(t.name() + " " + t.dtype() + " " + java.util.Arrays.toString(t.shape()).replace(" ", "") + " "
                    + t.sha256());
        }
        assertThat(have).containsExactlyElementsOf(want);
        if (expected.has("metadata")) {
            ObjectMapper json = new ObjectMapper();
            JsonNode haveMeta = json.readTree(json.writeValueAsString(got.metadata()));
            assertThat(haveMeta).isEqualTo(expected.get("metadata"));
        }
    }
}
