package dev.hubkit.converters.pytorch.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader (protocols 0-5 binary opcodes) that executes nothing. Globals are checked against an
 * allow-list when they are named; calls (REDUCE, NEWOBJ) are handed to a {@link Reducer} that builds
 * plain values; persistent ids go to a {@link PersistentLoader}. Python values map to: None → null,
 * bool → Boolean, int → Long or BigInteger, float → Double, str → String, bytes → byte[],
 * tuple → {@link PyTuple}, list → ArrayList, dict → LinkedHashMap, set → LinkedHashSet.
 */
public final class Unpickler {

    /** Decides which globals may be named. */
    public interface GlobalPolicy {
        /** Whether {@code module.name} may appear; anything else is refused before it could be used. */
        boolean allows(String module, String name);

        /**
         * For a refused global that is PyTorch's own but builds something hubkit cannot convert (a sparse or
         * quantized tensor, a dtype it lacks), what it is and what to do instead; null for the plain refusal.
         */
        default String unsupported(String module, String name) {
            return null;
        }
    }

    /** Turns an allowed callable and its arguments into a value (never runs Python). */
    public interface Reducer {
        Object reduce(PyGlobal callable, PyTuple args);
    }

    /** Resolves a persistent id (PyTorch storages). */
    public interface PersistentLoader {
        Object load(Object pid);
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    /** Upper bound on memo size and stack depth, so hostile input cannot exhaust memory with tiny opcodes. */
    private static final int MAX_ITEMS = 50_000_000;

    private final ByteBuffer in;
    private final GlobalPolicy policy;
    private final Reducer reducer;
    private final PersistentLoader persistent;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    /** Reads from {@code in}'s position; after {@link #load()} the position is just past STOP. */
    public Unpickler(ByteBuffer in, GlobalPolicy policy, Reducer reducer, PersistentLoader persistent) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.policy = policy;
        this.reducer = reducer;
        this.persistent = persistent;
    }

    /** Runs the opcodes up to STOP and returns the top of the stack. */
    public Object load() {
        while (true) {
            int at = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) {
                        throw error(at, "pickle protocol " + proto + " is newer than 5");
                    }
                }
                case 0x95 -> skip(8, at); // FRAME
                case '.' -> { // STOP
                    return pop(at);
                }
                case '(' -> marks.add(stack.size());
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(peek(at)); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> { // BININT
                    need(4);
                    push((long) in.getInt());
                }
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> { // BININT2
                    need(2);
                    push((long) (in.getShort() & 0xFFFF));
                }
                case 0x8a -> push(longN(u8(), at)); // LONG1
                case 0x8b -> push(longN(len4(at), at)); // LONG4
                case 'I' -> push(parseIntLine(line(at), at)); // INT
                case 'L' -> push(parseLongLine(line(at), at)); // LONG
                case 'F' -> push(parseFloat(line(at), at)); // FLOAT
                case 'G' -> push(bigEndianDouble(at)); // BINFLOAT
                case 'X' -> push(utf8(len4(at), at)); // BINUNICODE
                case 0x8c -> push(utf8(u8(), at)); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(len8(at), at)); // BINUNICODE8
                case 'V' -> push(rawUnicode(line(at))); // UNICODE
                case 'T' -> push(latin1(len4(at), at)); // BINSTRING
                case 'U' -> push(latin1(u8(), at)); // SHORT_BINSTRING
                case 'S' -> push(quoted(line(at), at)); // STRING
                case 'B' -> push(bytes(len4(at), at)); // BINBYTES
                case 'C' -> push(bytes(u8(), at)); // SHORT_BINBYTES
                case 0x8e -> push(bytes(len8(at), at)); // BINBYTES8
                case 0x96 -> push(bytes(len8(at), at)); // BYTEARRAY8
                case ')' -> push(new PyTuple(List.of()));
                case 't' -> push(new PyTuple(popMark(at)));
                case 0x85 -> push(tupleOf(at, 1));
                case 0x86 -> push(tupleOf(at, 2));
                case 0x87 -> push(tupleOf(at, 3));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark(at)));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> push(dictOf(popMark(at), at));
                case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
                case 0x91 -> push(new LinkedHashSet<>(popMark(at))); // FROZENSET
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark(at);
                    asSet(peek(at), at).addAll(items);
                }
                case 'a' -> { // APPEND
                    Object v = pop(at);
                    asList(peek(at), at).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark(at);
                    asList(peek(at), at).addAll(items);
                }
                case 's' -> { // SETITEM
                    Object v = pop(at);
                    Object k = pop(at);
                    asDict(peek(at), at).put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(at);
                    Map<Object, Object> dict = asDict(peek(at), at);
                    if (items.size() % 2 != 0) {
                        throw error(at, "SETITEMS with an odd number of items");
                    }
                    for (int i = 0; i < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'p' -> memo(parseIntLine(line(at), at).intValue(), at); // PUT
                case 'q' -> memo(u8(), at); // BINPUT
                case 'r' -> memo(len4(at), at); // LONG_BINPUT
                case 0x94 -> memo(memo.size(), at); // MEMOIZE
                case 'g' -> push(recall(parseIntLine(line(at), at).intValue(), at)); // GET
                case 'h' -> push(recall(u8(), at)); // BINGET
                case 'j' -> push(recall(len4(at), at)); // LONG_BINGET
                case 'c' -> { // GLOBAL
                    String module = line(at);
                    String name = line(at);
                    push(global(module, name, at));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error(at, "STACK_GLOBAL needs two strings");
                    }
                    push(global(m, n, at));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(at);
                    Object callable = pop(at);
                    push(call(callable, args, at));
                }
                case 0x81 -> { // NEWOBJ
                    Object args = pop(at);
                    Object cls = pop(at);
                    push(call(cls, args, at));
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop(at);
                    Object args = pop(at);
                    Object cls = pop(at);
                    if (kwargs instanceof Map<?, ?> kw && !kw.isEmpty()) {
                        throw error(at, "NEWOBJ_EX with keyword arguments for " + cls + " is not supported");
                    }
                    push(call(cls, args, at));
                }
                case 'b' -> { // BUILD
                    Object state = pop(at);
                    Object target = pop(at);
                    push(build(target, state, at));
                }
                case 'Q' -> push(persistent(pop(at), at)); // BINPERSID
                case 'P' -> push(persistent(line(at), at)); // PERSID
                default -> throw error(at, String.format("unsupported pickle opcode 0x%02x", op)
                        + " (not one PyTorch checkpoints use)");
            }
        }
    }

    private Object global(String module, String name, int at) {
        if (!policy.allows(module, name)) {
            String unsupported = policy.unsupported(module, name);
            if (unsupported != null) {
                throw new RefusedGlobalException(unsupported + " (global '" + module + "." + name + "' at byte " + at
                        + " of the pickle; nothing was run)", module + "." + name);
            }
            throw new RefusedGlobalException("refusing global '" + module + "." + name + "' at byte " + at
                    + " of the pickle: hubkit executes no pickled code and only accepts the globals real PyTorch "
                    + "checkpoints use (collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch.*Storage, "
                    + "...). Nothing was run. If you trust the file, load it in Python and save "
                    + "model.state_dict() with torch.save or as safetensors", module + "." + name);
        }
        return new PyGlobal(module, name);
    }

    private Object call(Object callable, Object args, int at) {
        if (!(callable instanceof PyGlobal g)) {
            throw error(at, "call of a non-global (" + describe(callable) + ") is not supported");
        }
        if (!(args instanceof PyTuple t)) {
            throw error(at, "arguments of " + g + " are not a tuple");
        }
        return reducer.reduce(g, t);
    }

    private Object build(Object target, Object state, int at) {
        if (target instanceof Map || target instanceof List) {
            return target; // OrderedDict._metadata and similar attribute state: kept out of the data
        }
        if (target instanceof PyObject o) {
            return o.withState(state);
        }
        return target; // tensors: _rebuild_* results ignore attribute state such as requires_grad hooks
    }

    private Object persistent(Object pid, int at) {
        if (persistent == null) {
            throw error(at, "persistent id " + describe(pid) + " but no persistent loader");
        }
        return persistent.load(pid);
    }

    private PyTuple tupleOf(int at, int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop(at);
        }
        return new PyTuple(java.util.Arrays.asList(items));
    }

    private Map<Object, Object> dictOf(List<Object> items, int at) {
        if (items.size() % 2 != 0) {
            throw error(at, "DICT with an odd number of items");
        }
        Map<Object, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            d.put(items.get(i), items.get(i + 1));
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o, int at) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw error(at, "APPEND to a " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asDict(Object o, int at) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error(at, "SETITEM on a " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private Set<Object> asSet(Object o, int at) {
        if (o instanceof Set<?> s) {
            return (Set<Object>) s;
        }
        throw error(at, "ADDITEMS on a " + describe(o));
    }

    private void memo(int index, int at) {
        if (index < 0 || memo.size() >= MAX_ITEMS) {
            throw error(at, "memo index " + index + " out of range");
        }
        memo.put(index, peek(at));
    }

    private Object recall(int index, int at) {
        if (!memo.containsKey(index)) {
            throw error(at, "memo index " + index + " was never stored");
        }
        return memo.get(index);
    }

    private void push(Object o) {
        if (stack.size() >= MAX_ITEMS) {
            throw error(in.position(), "stack grew past " + MAX_ITEMS + " items");
        }
        stack.add(o);
    }

    private Object pop(int at) {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw error(at, "stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(int at) {
        if (stack.isEmpty()) {
            throw error(at, "stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark(int at) {
        if (marks.isEmpty()) {
            throw error(at, "no MARK on the stack");
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> sub = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return sub;
    }

    private int u8() {
        need(1);
        return in.get() & 0xFF;
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw error(in.position(), "pickle data ends early (needs " + n + " more bytes, " + in.remaining()
                    + " left); the file is truncated");
        }
    }

    private void skip(int n, int at) {
        need(n);
        in.position(in.position() + n);
    }

    private int len4(int at) {
        need(4);
        int n = in.getInt();
        if (n < 0) {
            throw error(at, "negative length " + n);
        }
        return n;
    }

    private int len8(int at) {
        need(8);
        long n = in.getLong();
        if (n < 0 || n > in.remaining()) {
            throw error(at, "length " + n + " is past the end of the pickle");
        }
        return (int) n;
    }

    private byte[] bytes(int n, int at) {
        need(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String utf8(int n, int at) {
        return new String(bytes(n, at), StandardCharsets.UTF_8);
    }

    private String latin1(int n, int at) {
        return new String(bytes(n, at), StandardCharsets.ISO_8859_1);
    }

    private double bigEndianDouble(int at) {
        need(8);
        return Double.longBitsToDouble(Long.reverseBytes(in.getLong()));
    }

    private Object longN(int n, int at) {
        byte[] le = bytes(n, at);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line(int at) {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - start];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.UTF_8);
            }
            if (i - start > 65536) {
                break;
            }
        }
        throw error(at, "text argument without an end of line");
    }

    private Long parseIntLine(String s, int at) {
        if (s.equals("00")) {
            return 0L;
        }
        if (s.equals("01")) {
            return 1L;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw error(at, "bad integer '" + s + "'");
        }
    }

    private Object parseLongLine(String s, int at) {
        String t = s.strip();
        if (t.endsWith("L")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            BigInteger v = new BigInteger(t);
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw error(at, "bad long '" + s + "'");
        }
    }

    private Double parseFloat(String s, int at) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw error(at, "bad float '" + s + "'");
        }
    }

    private static String rawUnicode(String s) {
        return s;
    }

    private String quoted(String s, int at) {
        String t = s.strip();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"') && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1);
        }
        throw error(at, "bad quoted string");
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private PickleException error(int at, String message) {
        return new PickleException(message + " (pickle byte " + at + ")");
    }

    /** A global outside the allow-list. */
    public static final class RefusedGlobalException extends PickleException {
        private static final long serialVersionUID = 1L;
        private final String global;

        RefusedGlobalException(String message, String global) {
            super(message);
            this.global = global;
        }

        /** The refused {@code module.name}. */
        public String global() {
            return global;
        }
    }
}
