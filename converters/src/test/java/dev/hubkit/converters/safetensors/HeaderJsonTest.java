package dev.hubkit.converters.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small safetensors JSON reader/writer against Jackson (strict mode) as the oracle. */
class HeaderJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void writtenHeadersAreByteForByteWhatJacksonWrites() throws Exception {
        Random random = new Random(3);
        String specials = "aZ09._-/\\\"\u0000\u0001\u001f\b\f\n\r\t é中😀\u2028";
        for (int round = 0; round < 200; round++) {
            List<TensorInfo> plan = new ArrayList<>();
            Map<String, String> meta = new LinkedHashMap<>();
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                long[] shape = new long[random.nextInt(4)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = random.nextInt(5);
                }
                plan.add(new TensorInfo(word(random, specials) + i, DType.values()[random.nextInt(DType.values().length)],
                        shape));
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                meta.put(word(random, specials), word(random, specials));
            }
            byte[] ours = SafetensorsWriter.header(plan, meta);
            assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(jacksonHeader(plan, meta));
            // and it reads back to the same tree Jackson reads
            assertThat(tree(HeaderJson.parse(ours))).isEqualTo(JACKSON.readTree(ours));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,}", "{\"a\":01}", "{\"a\":1}x", "{\"a\":1} {}", "{'a':1}", "{\"a\":1 // c\n}",
        "{\"a\":[1,]}", "{\"a\":tru}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":-}",
        "{\"a\":1.}", "{\"a\":1e}", "{\"a\":NaN}", "{\"a\":1,\"a\":2}", "{\"a\"", "{\"a\":\"x", "{\"a\" 1}"})
    void rejectsWhatStrictJacksonRejects(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JACKSON.readTree(bytes)).as("oracle").isInstanceOf(Exception.class);
        assertThatThrownBy(() -> HeaderJson.parse(bytes)).isInstanceOf(HeaderJson.JsonException.class)
                .hasMessageMatching("(?s).* at (byte|character) \\d+$");
    }

    @Test
    void acceptsWhatJsonAllows() throws Exception {
        String json = " {\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00é\",\"n\":[0,-0,12,-3,1.5,2e3,-1E-2,"
                + "9223372036854775807,9223372036854775808],\"o\":{},\"l\":[],\"t\":true,\"f\":false,\"z\":null}\n";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(tree(HeaderJson.parse(bytes))).isEqualTo(JACKSON.readTree(bytes));
        Map<?, ?> root = (Map<?, ?>) HeaderJson.parse(bytes);
        List<?> n = (List<?>) root.get("n");
        assertThat(n.get(2)).isEqualTo(12L);
        assertThat(n.get(7)).isEqualTo(Long.MAX_VALUE);
        assertThat(n.get(8)).isInstanceOf(HeaderJson.Num.class); // too large for a long: never a valid offset
        assertThat(n.get(4)).isInstanceOf(HeaderJson.Num.class);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        byte[] deep = "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> HeaderJson.parse(deep)).isInstanceOf(HeaderJson.JsonException.class)
                .hasMessageContaining("nesting");
    }

    private static String word(Random random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return sb.toString();
    }

    /** The header the writer produced before, with Jackson. */
    private static String jacksonHeader(List<TensorInfo> plan, Map<String, String> metadata) throws Exception {
        ObjectNode root = JACKSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorInfo t : plan) {
            ObjectNode node = root.putObject(t.name());
            node.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = node.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + t.byteSize();
            node.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        String json = JACKSON.writeValueAsString(root);
        int padded = (json.getBytes(StandardCharsets.UTF_8).length + 7) / 8 * 8;
        return json + " ".repeat(padded - json.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Our parse result as a Jackson tree, to compare with Jackson's own parse. */
    private static JsonNode tree(Object v) {
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = JACKSON.createObjectNode();
            m.forEach((k, x) -> o.set((String) k, tree(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = JACKSON.createArrayNode();
            l.forEach(x -> a.add(tree(x)));
            return a;
        }
        if (v instanceof String s) {
            return JACKSON.getNodeFactory().textNode(s);
        }
        if (v instanceof Boolean b) {
            return JACKSON.getNodeFactory().booleanNode(b);
        }
        if (v == HeaderJson.NULL) {
            return JACKSON.getNodeFactory().nullNode();
        }
        try {
            return JACKSON.readTree(v.toString()); // a number: the node type Jackson picks for its text
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
