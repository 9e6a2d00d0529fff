package dev.hubkit.tokenizers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.models.Bpe;
import dev.hubkit.tokenizers.models.Model;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader of model.vocab and model.merges: it reads exactly what Jackson reads, gives up on
 * whatever it does not read exactly, and a file read with it gives the same tokenizer (or the same error) as the
 * general path.
 */
class ModelSectionScannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Jackson's model.vocab and model.merges (merges as [left, right]) and the tree without them. */
    private static void assertScansLikeJackson(byte[] json) throws Exception {
        ModelSections s = ModelSectionScanner.scan(json);
        assertThat(s).as("scanned").isNotNull();
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        ObjectNode model = (ObjectNode) tree.get("model");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = model.get("vocab").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        List<List<String>> merges = new ArrayList<>();
        for (JsonNode m : model.get("merges")) {
            if (m.isTextual()) {
                String t = m.textValue();
                int sp = t.indexOf(' ');
                merges.add(List.of(t.substring(0, sp), t.substring(sp + 1)));
            } else {
                merges.add(List.of(m.get(0).textValue(), m.get(1).textValue()));
            }
        }
        assertThat(new LinkedHashMap<>(s.vocab())).containsExactlyEntriesOf(vocab);
        List<List<String>> scanned = new ArrayList<>();
        for (String[] m : s.merges()) {
            scanned.add(List.of(m));
        }
        assertThat(scanned).isEqualTo(merges);
        model.set("vocab", JsonNodeFactory.instance.objectNode());
        model.set("merges", JsonNodeFactory.instance.arrayNode());
        assertThat(JSON.readTree(s.rest())).isEqualTo(tree);
    }

    @Test
    void readsEveryEscapeAndEveryUtf8Length() throws Exception {
        String json = "{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"\\\"\":1,\"\\\\\":2,"
                + "\"\\/x\":3,\"\\b\\f\\n\\r\\t\":4,\"\\u00e9\\u4E2D\":5,\"é中😀\":6,\"\\ud83d\\ude00\":7,"
                + "\"x\\uD83D\\uDE00\":8,\"Ġthe\":9,\"a b\":10,\"\":11,\"\\u0000\":12,\"0\":0},"
                + "\"merges\":[\"a \\\"\",[\"a b\",\"c\"],\"Ġ t\",[\"\",\"\\\\\"],\" a\"]}}";
        assertScansLikeJackson(utf8(json));
    }

    @Test
    void findsTheSectionsWhereverTheyAre() throws Exception {
        String json = "\r\n\t{ \"note\" : \"\\\"model\\\": {\\\"vocab\\\": {\", \"vocab\": {\"x\": 1},\n"
                + "  \"model\" : {\n    \"merges\" : [ [ \"a\" , \"b\" ] ,\n \"ab c\" ] ,\n"
                + "    \"other\": {\"vocab\": {\"y\": 2}, \"s\": \"}]\"},\n"
                + "    \"vocab\" : { \"a\" : 0 , \"b\" : 1 , \"ab\" : 2 , \"c\" : 3 , \"abc\" : 4 }\n  },\n"
                + "  \"decoder\": [1, 2.5, -3, 1e3, true, false, null, {\"k\": []}]\n}\n";
        assertScansLikeJackson(utf8(json));
    }

    @Test
    void randomVocabulariesReadAsJacksonReadsThem() throws Exception {
        Random r = new Random(11);
        String palette = "ab Ġ\"\\/\b\f\n\r\t\u0001\u001fé中\u00a0\u2028\uffff";
        for (int round = 0; round < 30; round++) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode model = root.putObject("model");
            ObjectNode vocab = JsonNodeFactory.instance.objectNode();
            ArrayNode merges = JsonNodeFactory.instance.arrayNode();
            List<String> tokens = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
                StringBuilder sb = new StringBuilder();
                int len = r.nextInt(6);
                for (int c = 0; c < len; c++) {
                    if (r.nextInt(10) == 0) {
                        sb.appendCodePoint(0x1F600 + r.nextInt(40)); // a surrogate pair
                    } else {
                        sb.append(palette.charAt(r.nextInt(palette.length())));
                    }
                }
                tokens.add(sb.toString());
                vocab.put(sb.toString(), r.nextInt(1 << (1 + r.nextInt(30))));
            }
            for (int k = 0; k < 200; k++) {
                String a = tokens.get(r.nextInt(tokens.size()));
                String b = tokens.get(r.nextInt(tokens.size()));
                if (r.nextBoolean() && !a.contains(" ") && !b.contains(" ")) {
                    merges.add(a + " " + b);
                } else {
                    merges.addArray().add(a).add(b);
                }
            }
            if (r.nextBoolean()) {
                model.set("vocab", vocab);
                model.set("merges", merges);
            } else {
                model.set("merges", merges);
                model.set("vocab", vocab);
            }
            model.put("type", "BPE");
            assertScansLikeJackson(JSON.writeValueAsBytes(root));
            assertScansLikeJackson(ASCII.writeValueAsBytes(root));
            assertScansLikeJackson(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        }
    }

    @Test
    void givesUpOnWhatItDoesNotReadExactlyAsJackson() throws Exception {
        String[] vocabs = {
            "{\"a\":01}", "{\"a\":-1}", "{\"a\":-0}", "{\"a\":1.0}", "{\"a\":1e3}", "{\"a\":2147483648}",
            "{\"a\":99999999999}", "{\"a\":\"1\"}", "{\"a\":null}", "{\"\\x\":1}", "{\"\\u12\":1}",
            "{\"a\u0001\":1}", "{\"\\ud800\":1}", "{\"\\udc00\":1}", "{\"\\ud800\\u0041\":1}",
            "{\"\\ud800a\":1}", "{\"\\ud800\\n\":1}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1", "{'a':1}", "{\"a\":1 \"b\":2}",
        };
        for (String v : vocabs) {
            byte[] json = utf8("{\"model\":{\"type\":\"WordLevel\",\"unk_token\":\"a\",\"vocab\":" + v + "}}");
            assertThat(ModelSectionScanner.scan(json)).as(v).isNull();
            assertSameAsGeneralPath(json);
        }
        String[] merges = {
            "[\"a  b\"]", "[\"ab\"]", "[\"a b c\"]", "[[\"a\"]]", "[[\"a\",\"b\",\"c\"]]", "[[\"a\",1]]", "[1]",
            "[\"a b\",]", "[\"a b\"", "[\"\\ud800 b\"]", "[[\"a\",\"\\udc00\"]]",
        };
        for (String m : merges) {
            byte[] json = utf8("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"ab\":2},\"merges\":" + m
                    + "}}");
            assertThat(ModelSectionScanner.scan(json)).as(m).isNull();
            assertSameAsGeneralPath(json);
        }
        byte[][] bytes = {
            {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0xFF},
        };
        for (byte[] bad : bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8("{\"model\":{\"type\":\"WordLevel\",\"unk_token\":\"a\",\"vocab\":{\"a\":0,\"x"));
            out.writeBytes(bad);
            out.writeBytes(utf8("\":1}}}"));
            byte[] json = out.toByteArray();
            assertThat(ModelSectionScanner.scan(json)).isNull();
            assertSameAsGeneralPath(json);
        }
        String[] documents = {
            "{\"model\":{\"vocab\":{\"a\":0}},\"model\":{\"vocab\":{\"b\":0}}}",
            "{\"model\":{\"vocab\":{\"a\":0},\"vocab\":{\"b\":0}}}",
            "{\"model\":{\"merges\":[],\"vocab\":{\"a\":0},\"merges\":[\"a a\"]}}",
            "\uFEFF{\"model\":{\"vocab\":{\"a\":0},\"unk_token\":\"a\"}}",
            "[{\"model\":{\"vocab\":{\"a\":0}}}]",
        };
        for (String d : documents) {
            byte[] json = utf8(d);
            assertThat(ModelSectionScanner.scan(json)).as(d).isNull();
            assertSameAsGeneralPath(json);
        }
    }

    @Test
    void filesWithoutTheSectionsAreLeftToTheGeneralPath() {
        assertThat(ModelSectionScanner.scan(utf8("{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"a\",0.0]]}}")))
                .isNull();
        assertThat(ModelSectionScanner.scan(utf8("{\"vocab\":{\"a\":0},\"merges\":[\"a a\"]}"))).isNull();
    }

    @Test
    void brokenJsonOutsideTheSectionsIsReportedAsTheGeneralPathReportsIt() {
        String model = "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"ab\":2},\n\"merges\":[\"a b\"]}";
        String[] docs = {
            "{" + model + ",\n\"decoder\":{\"type\":\"ByteLevel\",}}",
            "{" + model + "}\n{}",
            "{" + model + ",\n\"decoder\":[1 2]}",
            "{" + model + ",\n\"decoder\":tru}",
            "{" + model + ",\n\"normalizer\":{\"type\":\"Nope\"}}",
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"a b\"]}}",
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b\"]}}",
            "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":0},\"max_input_chars_per_word\":\"x\"}}",
        };
        for (String d : docs) {
            byte[] json = utf8(d);
            Throwable fast = catchThrowable(() -> TokenizerJsonReader.read(json));
            assertThat(fast).as(d).isNotNull();
            assertSameAsGeneralPath(json);
        }
    }

    @Test
    void bpeFilesGiveTheSameModelAsTheGeneralPath() {
        String[] models = {
            // duplicates: a later token wins; an id given twice
            "\"vocab\":{\"a\":0,\"b\":1,\"ab\":2,\"c\":3,\"ab\":4,\"zz\":5,\"abc\":5,\"d\":6,\"cd\":7},"
                    + "\"merges\":[\"a b\",[\"ab\",\"c\"],\"c d\"]",
            // merged ids in merge order (the guessed ids), then out of order
            "\"vocab\":{\"a\":0,\"b\":1,\"c\":2,\"ab\":3,\"bc\":4,\"abc\":5,\"ca\":7,\"cab\":6},"
                    + "\"merges\":[\"a b\",\"b c\",\"ab c\",\"c a\",\"c ab\"]",
            // continuing_subword_prefix and end_of_word_suffix
            "\"continuing_subword_prefix\":\"##\",\"end_of_word_suffix\":\"</w>\",\"vocab\":{\"a\":0,\"##b\":1,"
                    + "\"ab\":2,\"##b</w>\":3,\"ab</w>\":4,\"b\":5},\"merges\":[\"a ##b\",\"a ##b</w>\"]",
            // tokens with spaces in pair form; ignore_merges
            "\"ignore_merges\":true,\"vocab\":{\"a \":0,\" b\":1,\"a  b\":2,\"x\":3},"
                    + "\"merges\":[[\"a \",\" b\"]]",
        };
        String[] words = {"ab", "abc", "abcd", "cab", "abab", "a", "b", "ba", "a  b", "x", "a b"};
        for (String m : models) {
            byte[] json = utf8("{\"model\":{\"type\":\"BPE\"," + m + "}}");
            assertThat(ModelSectionScanner.scan(json)).as(m).isNotNull();
            Model fast = TokenizerJsonReader.read(json).model();
            Model general = TokenizerJsonReader.readWithoutScanner(json).model();
            assertThat(((Bpe) fast).vocab().asMap()).isEqualTo(((Bpe) general).vocab().asMap());
            assertThat(pairs(((Bpe) fast).merges())).isEqualTo(pairs(((Bpe) general).merges()));
            for (String w : words) {
                assertThat(tokens(fast, w)).as(m + " / " + w).isEqualTo(tokens(general, w));
            }
        }
    }

    private static List<List<String>> pairs(List<String[]> merges) {
        List<List<String>> out = new ArrayList<>();
        for (String[] m : merges) {
            out.add(List.of(m));
        }
        return out;
    }

    private static List<String> tokens(Model m, String word) {
        List<String> out = new ArrayList<>();
        m.tokenize(word, (id, token, start, end) -> out.add(id + ":" + token + ":" + start + "-" + end));
        return out;
    }

    /** {@link TokenizerJsonReader#read(byte[])} fails with the general path's message, or both give the same. */
    private static void assertSameAsGeneralPath(byte[] json) {
        Throwable general = catchThrowable(() -> TokenizerJsonReader.readWithoutScanner(json));
        Throwable fast = catchThrowable(() -> TokenizerJsonReader.read(json));
        if (general == null) {
            assertThat(fast).isNull();
            Model a = TokenizerJsonReader.read(json).model();
            Model b = TokenizerJsonReader.readWithoutScanner(json).model();
            assertThat(a.vocabSize()).isEqualTo(b.vocabSize());
            for (int id = 0; id < b.vocabSize() + 2; id++) {
                assertThat(a.idToToken(id)).isEqualTo(b.idToToken(id));
            }
        } else {
            assertThat(fast).isNotNull().hasSameClassAs(general).hasMessage(general.getMessage());
        }
    }
}
