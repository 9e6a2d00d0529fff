package dev.hubkit.converters.pytorch.pickle;

import java.util.ArrayList;
import java.util.List;

/**
 * The inert result of calling an allowed global that hubkit does not interpret: the call is recorded
 * (callable and arguments), never performed.
 */
public record PyObject(PyGlobal callable, List<Object> args, List<Object> state) {
    /** A new record with {@code newState} appended to the state list. */
    public PyObject withState(Object newState) {
        List<Object> s = new ArrayList<>(state);
        s.add(newState);
        return new PyObject(callable, args, s);
    }
}
