package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.core.config.PythonJson;
import dev.hubkit.core.tensor.TensorInfo;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order transformers 5's {@code save_pretrained} iterates a loaded model's state dict in before sharding
 * ({@code sorted(state_dict.items(), key=dot_natural_key)} in {@code revert_weight_conversion}): names split on
 * {@code "."}; a part that Python's {@code str.isdigit()} accepts sorts as {@code int(part)} before any other part;
 * any other part by its text without trailing ASCII digits ({@code rstrip("0123456789")}, code point order), then by
 * those digits as a number (none first). The sort is stable. As in Python, {@code isdigit} also accepts other
 * scripts' decimal digits ({@code "١٠"} is 10) and digits such as {@code '²'} or {@code '①'}, on which {@code int()}
 * fails, as it does on more than 4,300 digits: such a name is refused, as {@code save_pretrained} raises then.
 * Character tables are Python 3.11's (Unicode 14).
 */
final class DotNaturalOrder {
    /** {@code sys.int_info.default_max_str_digits}: {@code int()} refuses longer digit strings. */
    private static final int MAX_STR_DIGITS = 4300;

    /** Inclusive code point ranges of {@code str.isdecimal()} (Unicode Nd); each run of ten starts at a 0. */
    private static final int[] DECIMAL = {
        0x30, 0x39, 0x660, 0x669, 0x6F0, 0x6F9, 0x7C0, 0x7C9, 0x966, 0x96F, 0x9E6, 0x9EF, 0xA66, 0xA6F,
        0xAE6, 0xAEF, 0xB66, 0xB6F, 0xBE6, 0xBEF, 0xC66, 0xC6F, 0xCE6, 0xCEF, 0xD66, 0xD6F, 0xDE6, 0xDEF,
        0xE50, 0xE59, 0xED0, 0xED9, 0xF20, 0xF29, 0x1040, 0x1049, 0x1090, 0x1099, 0x17E0, 0x17E9,
        0x1810, 0x1819, 0x1946, 0x194F, 0x19D0, 0x19D9, 0x1A80, 0x1A89, 0x1A90, 0x1A99, 0x1B50, 0x1B59,
        0x1BB0, 0x1BB9, 0x1C40, 0x1C49, 0x1C50, 0x1C59, 0xA620, 0xA629, 0xA8D0, 0xA8D9, 0xA900, 0xA909,
        0xA9D0, 0xA9D9, 0xA9F0, 0xA9F9, 0xAA50, 0xAA59, 0xABF0, 0xABF9, 0xFF10, 0xFF19, 0x104A0, 0x104A9,
        0x10D30, 0x10D39, 0x11066, 0x1106F, 0x110F0, 0x110F9, 0x11136, 0x1113F, 0x111D0, 0x111D9,
        0x112F0, 0x112F9, 0x11450, 0x11459, 0x114D0, 0x114D9, 0x11650, 0x11659, 0x116C0, 0x116C9,
        0x11730, 0x11739, 0x118E0, 0x118E9, 0x11950, 0x11959, 0x11C50, 0x11C59, 0x11D50, 0x11D59,
        0x11DA0, 0x11DA9, 0x16A60, 0x16A69, 0x16AC0, 0x16AC9, 0x16B50, 0x16B59, 0x1D7CE, 0x1D7FF,
        0x1E140, 0x1E149, 0x1E2F0, 0x1E2F9, 0x1E950, 0x1E959, 0x1FBF0, 0x1FBF9
    };

    /** Inclusive code point ranges where {@code str.isdigit()} holds but {@code str.isdecimal()} does not. */
    private static final int[] DIGIT_ONLY = {
        0xB2, 0xB3, 0xB9, 0xB9, 0x1369, 0x1371, 0x19DA, 0x19DA, 0x2070, 0x2070, 0x2074, 0x2079,
        0x2080, 0x2089, 0x2460, 0x2468, 0x2474, 0x247C, 0x2488, 0x2490, 0x24EA, 0x24EA, 0x24F5, 0x24FD,
        0x24FF, 0x24FF, 0x2776, 0x277E, 0x2780, 0x2788, 0x278A, 0x2792, 0x10A40, 0x10A43, 0x10E60, 0x10E68,
        0x11052, 0x1105A, 0x1F100, 0x1F10A
    };

    private DotNaturalOrder() {
    }

    /** One part of a key: {@code (0, number)} when {@code text} is null, else {@code (1, text[, number])}. */
    private record Part(String text, BigInteger number) implements Comparable<Part> {
        @Override
        public int compareTo(Part o) {
            if (text == null || o.text == null) {
                return text == null && o.text == null ? number.compareTo(o.number) : text == null ? -1 : 1;
            }
            int c = PythonJson.compareCodePoints(text, o.text);
            if (c != 0) {
                return c;
            }
            if (number != null && o.number != null) {
                return number.compareTo(o.number);
            }
            return Boolean.compare(number != null, o.number != null); // the shorter tuple first
        }
    }

    private record Keyed(TensorInfo info, List<Part> key) {
    }

    private static final Comparator<Keyed> BY_KEY = (a, b) -> {
        for (int i = 0; i < Math.min(a.key().size(), b.key().size()); i++) {
            int c = a.key().get(i).compareTo(b.key().get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.key().size(), b.key().size());
    };

    /**
     * {@code tensors} sorted (stably) as transformers sorts them; a {@link FormatException} for a name whose key
     * Python cannot compute (every key is computed first, as {@code sorted} does).
     */
    static List<TensorInfo> sort(List<TensorInfo> tensors) {
        List<Keyed> keyed = new ArrayList<>(tensors.size());
        for (TensorInfo t : tensors) {
            keyed.add(new Keyed(t, key(t.name())));
        }
        keyed.sort(BY_KEY);
        return keyed.stream().map(Keyed::info).toList();
    }

    /** {@code dot_natural_key(name)}. */
    static List<Part> key(String name) {
        List<Part> parts = new ArrayList<>();
        for (String part : name.split("\\.", -1)) {
            if (isDigit(part)) {
                parts.add(new Part(null, toInt(name, part)));
                continue;
            }
            int end = part.length();
            while (end > 0 && part.charAt(end - 1) >= '0' && part.charAt(end - 1) <= '9') {
                end--;
            }
            parts.add(new Part(part.substring(0, end), end < part.length() ? toInt(name, part.substring(end)) : null));
        }
        return parts;
    }

    /** Python's {@code str.isdigit()}: not empty, and every code point a decimal or other digit. */
    private static boolean isDigit(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(cp -> in(DECIMAL, cp) || in(DIGIT_ONLY, cp));
    }

    /** Python's {@code int(s)} of a string of digits, or the refusal naming the tensor when Python raises. */
    private static BigInteger toInt(String name, String s) {
        int[] cps = s.codePoints().toArray();
        if (cps.length > MAX_STR_DIGITS) {
            throw refused(name, s, "Exceeds the limit (4300 digits) for integer string conversion: value has "
                    + cps.length + " digits");
        }
        StringBuilder ascii = new StringBuilder(cps.length);
        for (int cp : cps) {
            int start = rangeStart(DECIMAL, cp);
            if (start < 0) {
                throw refused(name, s, "invalid literal for int() with base 10: '" + s + "'");
            }
            ascii.append((char) ('0' + (cp - start) % 10));
        }
        return new BigInteger(ascii.toString());
    }

    private static FormatException refused(String name, String part, String pythonError) {
        return new FormatException("tensor '" + name + "': transformers' save_pretrained cannot order it for "
                + "sharding: its dot_natural_key reads the part '" + part + "' as a number, where Python raises "
                + "ValueError (" + pythonError + "); rename the tensor or write one file (drop --max-shard-size)");
    }

    private static boolean in(int[] ranges, int cp) {
        return rangeStart(ranges, cp) >= 0;
    }

    /** The first code point of the range of {@code ranges} holding {@code cp}; -1 if none does. */
    private static int rangeStart(int[] ranges, int cp) {
        if (cp < 0x80) {
            return cp >= '0' && cp <= '9' && ranges == DECIMAL ? '0' : -1;
        }
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return ranges[2 * mid];
            }
        }
        return -1;
    }
}
