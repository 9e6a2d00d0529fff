package dev.hubkit.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads configuration JSON into Jackson trees that keep key order and the spelling of floating-point
 * numbers, turning every failure into a {@link ConfigException} with line and column.
 */
final class ConfigJson {

    /** Configuration files are small; anything bigger is the wrong file and is refused before reading. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    /** Accepts what Python's json module accepts: NaN/Infinity literals included. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A parsed file: the tree, and whether its text was pure ASCII (non-ASCII only as {@code \\u} escapes). */
    record Parsed(ObjectNode node, boolean ascii) {
    }

    private ConfigJson() {
    }

    /** Reads {@code file}, which must hold one JSON object in UTF-8. */
    static Parsed readObject(Path file) {
        String name = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(name, null, "is a directory, not a JSON file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(name, null, "file is " + size + " bytes, more than the " + MAX_BYTES
                        + " a configuration file can have; is this the right file?");
            }
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, "file does not exist", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, null, "is not valid UTF-8 text; JSON config files must be UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(name, null, "could not read the file: " + e, e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return parseObject(text, name);
    }

    /** Parses {@code json}, which must hold one JSON object; {@code sourceName} is used in messages. */
    static Parsed parseObject(String json, String sourceName) {
        if (json == null) {
            throw new ConfigException(sourceName, null, "no JSON text was given");
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException(sourceName, null, "file is empty; expected a JSON object");
            }
            JsonNode root = value(p, first);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation loc = p.currentTokenLocation();
                throw new ConfigException(sourceName, null, "invalid JSON at line " + loc.getLineNr() + ", column "
                        + loc.getColumnNr() + ": unexpected " + extra.asString() + " after the end of the top-level "
                        + "value; fix the file or download it again");
            }
            if (!root.isObject()) {
                throw new ConfigException(sourceName, null,
                        "expected a JSON object at the top level, found " + Fields.describe(root));
            }
            return new Parsed((ObjectNode) root, isAscii(json));
        } catch (JacksonException e) {
            throw invalid(e, sourceName);
        } catch (IOException e) {
            throw new ConfigException(sourceName, null, "could not parse: " + e, e);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    o.set(key, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken v;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    a.add(value(p, v));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return new SourceDoubleNode(p.getDoubleValue(), p.getText());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static ConfigException invalid(JacksonException e, String name) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 0 ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new ConfigException(name, null, "invalid JSON" + where + ": " + e.getOriginalMessage()
                + "; fix the file or download it again", e);
    }
}
