package dev.hubkit.core.source;

import dev.hubkit.core.HubkitException;
import java.util.List;

/** A model file could not be found; the message lists every place looked at. */
public class ModelNotFoundException extends HubkitException {
    private static final long serialVersionUID = 1L;
    private final List<String> searched;

    public ModelNotFoundException(String message, List<String> searched) {
        super(message);
        this.searched = List.copyOf(searched);
    }

    /** Places that were looked at, in order. */
    public List<String> searched() {
        return searched;
    }
}
