package dev.hubkit.converters.pytorch.pickle;

/** Malformed or refused pickle data; the converters wrap it into a FormatException naming the file. */
public class PickleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PickleException(String message) {
        super(message);
    }
}
