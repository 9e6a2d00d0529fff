package dev.hubkit.converters.pytorch.pickle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An immutable Python tuple (items may be null for None). */
public record PyTuple(List<Object> items) {
    /** Copies the items. */
    public PyTuple {
        items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    /** Number of items. */
    public int size() {
        return items.size();
    }

    /** Item {@code i}. */
    public Object get(int i) {
        return items.get(i);
    }
}
