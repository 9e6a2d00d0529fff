package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.tokenizers.TokenizerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2 style byte-level BPE files: {@code vocab.json} (token to id) and {@code merges.txt}
 * (an optional {@code #version} line, then one {@code left right} pair per line, by priority).
 *
 * @param vocab the vocabulary in file order
 * @param merges the merges in priority order
 */
public record Gpt2Files(Map<String, Integer> vocab, List<String[]> merges) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads and cross-checks both files.
     *
     * @throws TokenizerException when a file is missing or malformed, vocab.json is not an object of integer
     *     ids, two tokens share an id, or a merge names a token (or makes one) that is not in the vocabulary
     */
    public static Gpt2Files read(Path vocabJson, Path mergesTxt) {
        Map<String, Integer> vocab = readVocab(vocabJson);
        return new Gpt2Files(vocab, readMerges(mergesTxt, vocab));
    }

    static Map<String, Integer> readVocab(Path file) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        Map<Integer, String> byId = new HashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerException("vocab.json " + file + " is not a JSON object (it starts with "
                        + p.currentToken() + "); it must map each token to its id, like {\"hello\": 31373}.");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String token = p.currentName();
                JsonToken v = p.nextToken();
                if (v != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                    throw new TokenizerException("vocab.json " + file + " line " + p.currentLocation().getLineNr()
                            + ": token '" + token + "' has the value " + p.getText() + ", not a non-negative integer"
                            + " id.");
                }
                int id = p.getIntValue();
                if (vocab.put(token, id) != null) {
                    throw new TokenizerException("vocab.json " + file + ": token '" + token + "' appears twice.");
                }
                String other = byId.put(id, token);
                if (other != null) {
                    throw new TokenizerException("vocab.json " + file + ": tokens '" + other + "' and '" + token
                            + "' share id " + id + "; each id must belong to one token.");
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new TokenizerException("vocab.json " + file + " is truncated or malformed near line "
                        + p.currentLocation().getLineNr() + ".");
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new TokenizerException("vocab.json " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new TokenizerException("vocab.json " + file + " is not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + "); the file is truncated or corrupt.", e);
        }
        if (vocab.isEmpty()) {
            throw new TokenizerException("vocab.json " + file + " is an empty object; it must map tokens to ids.");
        }
        return vocab;
    }

    static List<String[]> readMerges(Path file, Map<String, Integer> vocab) {
        List<String[]> merges = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("#version")) {
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new TokenizerException("merges.txt " + file + " line " + n + " is '" + line + "'; each"
                            + " line must be two tokens separated by one space.");
                }
                for (String part : parts) {
                    if (!vocab.containsKey(part)) {
                        throw new TokenizerException("merges.txt " + file + " line " + n + ": token '" + part
                                + "' is not in vocab.json; merges.txt and vocab.json do not belong together.");
                    }
                }
                if (!vocab.containsKey(parts[0] + parts[1])) {
                    throw new TokenizerException("merges.txt " + file + " line " + n + ": the merge of '" + parts[0]
                            + "' and '" + parts[1] + "' is not in vocab.json; merges.txt and vocab.json do not"
                            + " belong together.");
                }
                merges.add(parts);
            }
        } catch (NoSuchFileException e) {
            throw new TokenizerException("merges.txt " + file + " does not exist; vocab.json needs merges.txt beside"
                    + " it.", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new TokenizerException("merges.txt " + file + " after line " + merges.size() + " is not valid"
                    + " UTF-8; the file is corrupt.", e);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read merges.txt " + file + ": " + e.getMessage(), e);
        }
        return merges;
    }
}
