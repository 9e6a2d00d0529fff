package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical fields hubkit shows ({@link ModelConfig#canonicalJson()}, what {@code config show --json}
 * prints) equal what transformers resolves, for config.json files transformers wrote. The files and the
 * expected values under {@code config-oracle/transformers-VERSION/} come from
 * {@code scripts/make-config-oracle.py}: popular families, families whose attribute_map renames a
 * canonical field, composite configs (answered by their nested text config) and per-layer sizes.
 */
class TransformersOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Known differences, as "case field". transformers 4.x saves a composite's text_config without the
     * values equal to its class defaults, and hubkit has no defaults for families it has no typed config
     * for, so those token ids are null; Qwen2-VL's 4.x config answers tie_word_embeddings from its text
     * config although the top level says true.
     */
    private static final Set<String> KNOWN = Set.of(
            "transformers-4.57.6/blip-saved pad_token_id", "transformers-4.57.6/blip-saved bos_token_id",
            "transformers-4.57.6/blip-saved eos_token_id", "transformers-4.57.6/clip-saved pad_token_id",
            "transformers-4.57.6/clip-saved bos_token_id", "transformers-4.57.6/clip-saved eos_token_id",
            "transformers-4.57.6/siglip-saved pad_token_id", "transformers-4.57.6/siglip-saved bos_token_id",
            "transformers-4.57.6/siglip-saved eos_token_id", "transformers-4.57.6/gemma3-saved pad_token_id",
            "transformers-4.57.6/gemma3-saved bos_token_id", "transformers-4.57.6/gemma3-saved eos_token_id",
            "transformers-4.57.6/mllama-saved pad_token_id", "transformers-4.57.6/mllama-saved bos_token_id",
            "transformers-4.57.6/mllama-saved eos_token_id", "transformers-4.57.6/llama4-saved bos_token_id",
            "transformers-4.57.6/llama4-saved eos_token_id",
            "transformers-4.57.6/qwen2_vl-saved tie_word_embeddings",
            "transformers-4.57.6/qwen2_5_vl-saved tie_word_embeddings");

    /** One config.json and the canonical fields transformers resolves for it. */
    record Case(String name, Path file, ObjectNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> versions = Files.list(resource("config-oracle"))) {
            for (Path version : versions.sorted().toList()) {
                JsonNode expected = JSON.readTree(version.resolve("expected.json").toFile());
                expected.fields().forEachRemaining(e -> out.add(new Case(version.getFileName() + "/" + e.getKey(),
                        version.resolve(e.getKey()).resolve("config.json"), (ObjectNode) e.getValue())));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void canonicalFieldsAreTransformers(Case c) {
        ObjectNode shown = ModelConfig.fromFile(c.file()).canonicalJson();
        SoftAssertions soft = new SoftAssertions();
        c.expected().fields().forEachRemaining(e -> {
            if (KNOWN.contains(c.name() + " " + e.getKey())) {
                return;
            }
            JsonNode got = shown.get(e.getKey());
            soft.assertThat(got).as("%s %s", c.name(), e.getKey()).isNotNull();
            if (got != null) {
                soft.assertThat(same(e.getValue(), got)).as("%s %s: transformers %s, hubkit %s", c.name(),
                        e.getKey(), e.getValue(), got).isTrue();
            }
        });
        soft.assertAll();
    }

    /** Numbers compare by value (1e-05 == 1.0E-5, 4096 == 4096.0), the rest as JSON. */
    private static boolean same(JsonNode want, JsonNode got) {
        if (want.isNumber() && got.isNumber()) {
            double a = want.doubleValue();
            double b = got.doubleValue();
            return a == b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
        }
        if (want.isArray() && got.isArray() && want.size() == got.size()) {
            for (int i = 0; i < want.size(); i++) {
                if (!same(want.get(i), got.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want.equals(got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void describeAnswersTheSizes(Case c) {
        String text = ModelConfig.fromFile(c.file()).describe();
        JsonNode hidden = c.expected().get("hidden_size");
        if (hidden != null && hidden.isIntegralNumber()) {
            assertThat(text).containsPattern("hidden size: +" + hidden.asInt() + "\n");
        }
    }
}
