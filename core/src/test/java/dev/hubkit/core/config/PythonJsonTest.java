package dev.hubkit.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output must match Python's json.dumps(indent=2) byte for byte (expected strings taken from CPython 3). */
class PythonJsonTest {

    @ParameterizedTest
    @CsvSource({
        "1e-12, 1e-12", "1e-5, 1e-05", "0.00001, 1e-05", "0.0001, 0.0001", "1e-7, 1e-07", "0.1, 0.1",
        "0.02, 0.02", "10000.0, 10000.0", "1000000.0, 1000000.0", "1e15, 1000000000000000.0", "1e16, 1e+16",
        "1.5e300, 1.5e+300", "0.3333333333333333, 0.3333333333333333", "2.5, 2.5", "-0.5, -0.5",
        "123456789.125, 123456789.125", "1e22, 1e+22", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
        "0.0, 0.0", "-0.0, -0.0", "100.0, 100.0", "0.6, 0.6", "0.9, 0.9", "1e-06, 1e-06", "12345678901234567890.0, 1.2345678901234567e+19"
    })
    void floatsAreWrittenLikePythonRepr(double value, String python) {
        assertThat(PythonJson.pyRepr(value)).isEqualTo(python);
    }

    @Test
    void nonFinite() {
        assertThat(PythonJson.pyRepr(Double.NaN)).isEqualTo("NaN");
        assertThat(PythonJson.pyRepr(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(PythonJson.pyRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void layoutMatchesJsonDumpsIndent2() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("b", 1);
        o.putArray("list").add("x").add(2.0).add(true);
        o.putObject("empty");
        o.putArray("none");
        o.putNull("n");
        o.putObject("nested").put("k", "v");
        assertThat(PythonJson.toJsonString(o, true)).isEqualTo("""
                {
                  "b": 1,
                  "list": [
                    "x",
                    2.0,
                    true
                  ],
                  "empty": {},
                  "none": [],
                  "n": null,
                  "nested": {
                    "k": "v"
                  }
                }
                """);
    }

    @Test
    void stringEscapesWithAndWithoutEnsureAscii() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("s", "a\"b\\c\nd\te\u0001\u007f é中😀/");
        // json.dumps({"s": ...}, indent=2)
        assertThat(PythonJson.toJsonString(o, true))
                .isEqualTo("{\n  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\\u007f \\u00e9\\u4e2d\\ud83d\\ude00/\"\n}\n");
        // json.dumps({"s": ...}, indent=2, ensure_ascii=False)
        assertThat(PythonJson.toJsonString(o, false))
                .isEqualTo("{\n  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\u007f é中😀/\"\n}\n");
    }

    @Test
    void unchangedFilesKeepTheirNumberSpellingAndEscapes() {
        String text = "{\n  \"a\": 1e-7,\n  \"b\": 0.10,\n  \"c\": 1E+3,\n  \"d\": \"\\u00e9\",\n"
                + "  \"e\": 100000000000000000000000000000\n}\n";
        ModelConfig c = ModelConfig.fromJson(text, "x/config.json");
        assertThat(c.toJsonString()).isEqualTo(text);
        String utf8 = "{\n  \"label\": \"é中\"\n}\n";
        assertThat(TokenizerConfig.fromJson(utf8, "t").toJsonString()).isEqualTo(utf8);
        assertThat(ModelConfig.fromJson(utf8, "x/config.json").toJsonString()).isEqualTo(utf8);
    }
}
