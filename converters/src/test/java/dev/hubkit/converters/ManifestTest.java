package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hubkit's reading of every committed fixture equals what real torch recorded in the manifest: Debian's
 * torch 1.13 ({@code torch/}) and a modern torch for the dtypes it added ({@code torch2/}).
 */
class ManifestTest {

    static Stream<String> files() {
        List<String> names = new ArrayList<>();
        Fixtures.manifest().fieldNames().forEachRemaining(names::add);
        Fixtures.manifest(Fixtures.torch2Dir()).fieldNames().forEachRemaining(n -> names.add("../torch2/" + n));
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void readsLikeTorch(String name) throws Exception {
        boolean torch2 = name.startsWith("../torch2/");
        JsonNode expected = torch2 ? Fixtures.manifest(Fixtures.torch2Dir()).get(name.substring("../torch2/".length()))
                : Fixtures.manifest().get(name);
        Inspection got = Inspector.inspect(Fixtures.file(name).normalize());
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
