package dev.hubkit.tokenizers.sentencepiece;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test against the sentencepiece library itself: the fixtures (models, test lines
 * and the library's own ids, pieces, byte spans and decodes) come from scripts/make-spm-fixtures.py.
 */
class SentencePieceParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LINES = readLines();

    @TempDir
    Path tmp;

    static List<JsonNode> readJsonLines(String resource) {
        try (InputStream in = SentencePieceParityTest.class.getResourceAsStream("/sentencepiece/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            List<JsonNode> out = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(JSON.readTree(l));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines() {
        List<String> lines = new ArrayList<>();
        for (JsonNode n : readJsonLines("lines.txt.gz")) {
            lines.add(n.textValue());
        }
        return lines;
    }

    static SentencePieceModel loadModel(Path tmp, String name) throws IOException {
        Files.createDirectories(tmp);
        Path file = tmp.resolve(name + ".model");
        try (InputStream in = SentencePieceParityTest.class.getResourceAsStream("/sentencepiece/" + name + ".model")) {
            Files.copy(in, file);
        }
        return SentencePieceModel.load(file);
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).intValue();
        }
        return out;
    }

    /** The python binding reports spans in Unicode code points. */
    private static int codePointOffset(String s, int utf16) {
        return s.codePointCount(0, utf16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unigram-nfkc", "bpe-nfkc-cf-bytes", "unigram-identity-bytes-digits",
        "unigram-identity-small", "unigram-identity-suffix-keepws", "unigram-identity-nodummy", "bpe-identity",
        "bpe-identity-bytes-suffix", "bpe-identity-large", "word-identity", "char-identity"})
    void matchesSentencepieceLibrary(String name) throws IOException {
        SentencePieceModel model = loadModel(tmp, name);
        List<JsonNode> expected = readJsonLines(name + ".jsonl.gz");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < LINES.size(); i++) {
            String line = LINES.get(i);
            JsonNode rec = expected.get(i);
            int[] ids = ints(rec.get("ids"));
            Piece[] got = model.encode(line);
            int[] gotIds = Arrays.stream(got).mapToInt(Piece::id).toArray();
            String[] pieces = new String[ids.length];
            for (int k = 0; k < ids.length; k++) {
                JsonNode override = rec.get("pieces").get(Integer.toString(k));
                pieces[k] = override != null ? override.textValue() : model.idToPiece(ids[k]);
            }
            String[] gotPieces = Arrays.stream(got).map(Piece::piece).toArray(String[]::new);
            String decoded = rec.has("decoded") ? rec.get("decoded").textValue() : line;
            String where = name + " line " + i + " " + JSON.writeValueAsString(line);
            if (!Arrays.equals(ids, gotIds)) {
                failures.add(where + ": ids " + Arrays.toString(gotIds) + " expected " + Arrays.toString(ids)
                        + "\n   pieces " + Arrays.toString(gotPieces) + " expected " + Arrays.toString(pieces));
            } else if (!Arrays.equals(pieces, gotPieces)) {
                failures.add(where + ": pieces " + Arrays.toString(gotPieces) + " expected " + Arrays.toString(pieces));
            } else if (rec.has("spans")) {
                int[] spans = ints(rec.get("spans"));
                int[] gotSpans = new int[got.length * 2];
                for (int k = 0; k < got.length; k++) {
                    gotSpans[2 * k] = codePointOffset(line, got[k].begin());
                    gotSpans[2 * k + 1] = codePointOffset(line, got[k].end());
                }
                if (!Arrays.equals(spans, gotSpans)) {
                    failures.add(where + ": spans " + Arrays.toString(gotSpans) + " expected " + Arrays.toString(spans));
                }
            }
            String gotDecoded = model.decodeIds(ids);
            if (!decoded.equals(gotDecoded)) {
                failures.add(where + ": decoded " + JSON.writeValueAsString(gotDecoded) + " expected "
                        + JSON.writeValueAsString(decoded));
            }
            checked++;
        }
        for (int i = LINES.size(); i < expected.size(); i++) {
            JsonNode rec = expected.get(i);
            int[] ids = ints(rec.get("decode_ids"));
            String got = model.decodeIds(ids);
            if (!rec.get("decoded").textValue().equals(got)) {
                failures.add(name + " decode " + Arrays.toString(ids) + ": " + JSON.writeValueAsString(got)
                        + " expected " + JSON.writeValueAsString(rec.get("decoded").textValue()));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(failures).as(failures.size() + " mismatches, first: "
                + String.join("\n", failures.subList(0, Math.min(8, failures.size())))).isEmpty();
    }
}
