package dev.hubkit.tokenizers.convert;

import dev.hubkit.tokenizers.TokenizerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a BERT {@code vocab.txt}: one token per line, the id is the line number (from 0). */
public final class VocabTxt {
    private VocabTxt() {
    }

    /**
     * Reads the vocabulary in id order.
     *
     * @throws TokenizerException when the file is missing, not UTF-8, empty, or names a token twice
     */
    public static Map<String, Integer> read(Path file) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int n = 0;
            while ((line = readLine(r)) != null) {
                Integer old = vocab.putIfAbsent(line, n);
                if (old != null) {
                    throw new TokenizerException("vocab.txt " + file + " line " + (n + 1) + ": token '" + line
                            + "' is already on line " + (old + 1) + "; each token must appear once. The file is"
                            + " corrupt or not a WordPiece vocabulary.");
                }
                n++;
            }
        } catch (NoSuchFileException e) {
            throw new TokenizerException("vocab.txt " + file + " does not exist.", e);
        } catch (CharacterCodingException e) {
            throw new TokenizerException("vocab.txt " + file + " after line " + vocab.size() + " is not valid UTF-8;"
                    + " the file is corrupt or not a vocabulary.", e);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read vocab.txt " + file + ": " + e.getMessage(), e);
        }
        if (vocab.isEmpty()) {
            throw new TokenizerException("vocab.txt " + file + " is empty; a WordPiece vocabulary has one token per"
                    + " line. Download the file again.");
        }
        return vocab;
    }

    /** A line without its trailing {@code \n} (as transformers' {@code rstrip("\n")}); {@code \r} is kept. */
    private static String readLine(BufferedReader r) throws IOException {
        StringBuilder sb = null;
        int c;
        while ((c = r.read()) >= 0) {
            if (sb == null) {
                sb = new StringBuilder();
            }
            if (c == '\n') {
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb == null ? null : sb.toString();
    }
}
