package dev.hubkit.cli.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-oriented I/O for the text commands: UTF-8, and only {@code \n} ends a line
 * (a {@code \r} is content, as in the tokenize contract). A final {@code \n} does not start an
 * empty last line.
 */
public final class Lines {

    private Lines() {
    }

    /** Opens {@code file}, or standard input when it is null or {@code -}. */
    public static InputStream open(Path file) throws IOException {
        return file == null || file.toString().equals("-") ? System.in : Files.newInputStream(file);
    }

    /** Reads all lines of a UTF-8 stream, splitting on {@code \n} only; malformed UTF-8 is an error. */
    public static List<String> read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readAllBytes();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + " is not valid UTF-8: give UTF-8 text, one input per line", e);
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
