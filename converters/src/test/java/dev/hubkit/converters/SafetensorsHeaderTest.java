package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.convert.Checkpoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every lie a safetensors header can tell is caught with a FormatException naming file and problem. */
class SafetensorsHeaderTest {
    @TempDir
    Path tmp;

    private Path file(String json, int dataBytes) throws IOException {
        return file(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
    }

    private Path file(long declaredLength, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(h);
        Path p = tmp.resolve("t" + System.nanoTime() + ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private void refused(Path p, String problem) {
        assertThatThrownBy(() -> Checkpoints.open(p).close()).isInstanceOf(FormatException.class)
                .hasMessageContaining(p.getFileName().toString()).hasMessageContaining(problem);
    }

    @Test
    void validFileWithMetadataAndPaddingReads() throws Exception {
        Path p = file("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]}}   ", 8);
        try (TensorReader r = Checkpoints.open(p)) {
            assertThat(r.tensors()).hasSize(1);
            assertThat(r.metadata()).containsEntry("format", "pt");
            assertThat(r.data("a").buffer().remaining()).isEqualTo(8);
        }
    }

    @Test
    void absurdHeaderLength() throws Exception {
        refused(file(1L << 40, "{}", 0), "header length");
        refused(file(-1, "{}", 0), "header length");
        refused(file(500, "{}", 0), "truncated");
    }

    @Test
    void badJsonAndUnknownDtype() throws Exception {
        refused(file("{\"a\":", 0), "not valid JSON");
        refused(file("{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "F33");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "non-negative");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "data_offsets");
        refused(file("{\"__metadata__\":{\"n\":1}}", 0), "must be a string");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "the name 'a' appears twice");
        Path dup = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        assertThatThrownBy(() -> Checkpoints.open(dup).close()).hasMessageNotContaining("byte -1");
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("badindex"));
        Path index = java.nio.file.Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": ");
        assertThatThrownBy(() -> Checkpoints.open(dir).close()).isInstanceOf(FormatException.class)
                .hasMessageContaining(index.getFileName().toString()).hasMessageContaining("not readable JSON")
                .hasMessageContaining("line 1").hasMessageNotContaining("StreamReadFeature").hasMessageNotContaining("REDACTED");
    }

    @Test
    void spanMustMatchShapeTimesDtype() throws Exception {
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "lies");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8),
                "overflows");
    }

    @Test
    void offsetsMustBeOrderedContiguousAndCoverTheData() throws Exception {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]}}";
        refused(file(String.format(two, 4, 12), 12), "overlaps");
        refused(file(String.format(two, 12, 20), 20), "gap");
        refused(file(String.format(two, 8, 16), 20), "exactly");
        refused(file(String.format(two, 8, 16), 12), "truncated");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "end before");
    }
}
