package dev.hubkit.core.config;

import dev.hubkit.core.HubkitException;

/**
 * A configuration file is unreadable, is not valid JSON, or holds a value of the wrong type or an
 * impossible value. The message names the file, the field, what was found and what was expected, e.g.
 * {@code config.json: field 'num_attention_heads': expected a positive integer, found -3}.
 */
public class ConfigException extends HubkitException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String field;
    private final String detail;

    /**
     * @param file    the file (or other source name) the value came from
     * @param field   the JSON field at fault, or {@code null} when the whole file is at fault
     * @param message what is wrong and what to do; the file and field are prepended
     */
    public ConfigException(String file, String field, String message) {
        this(file, field, message, null);
    }

    /** Like {@link #ConfigException(String, String, String)} with a cause. */
    public ConfigException(String file, String field, String message, Throwable cause) {
        super(file + ": " + (field == null ? "" : "field '" + field + "': ") + message, cause);
        this.file = file;
        this.field = field;
        this.detail = message;
    }

    /** The same problem seen from the enclosing config: the field becomes {@code parentKey.field}. */
    ConfigException nestedIn(String parentKey) {
        return new ConfigException(file, field == null ? parentKey : parentKey + "." + field, detail, this);
    }

    /** A wrong-type or impossible-value error: "expected X, found Y". */
    static ConfigException expected(String file, String field, String expected, String found) {
        return new ConfigException(file, field, "expected " + expected + ", found " + found);
    }

    /** The file (or source name) at fault. */
    public String file() {
        return file;
    }

    /** The field at fault, or {@code null} when the problem concerns the whole file. */
    public String field() {
        return field;
    }
}
