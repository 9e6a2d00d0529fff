package dev.hubkit.converters.convert;

import dev.hubkit.core.config.PythonJson;
import dev.hubkit.core.tensor.TensorInfo;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order transformers 5's {@code save_pretrained} iterates a loaded model's state dict in before sharding
 * ({@code sorted(state_dict.items(), key=dot_natural_key)} in {@code revert_weight_conversion}): names split on
 * {@code "."}; an all-digit part sorts as a number before any other part; any other part by its text without
 * trailing digits (code point order), then by those digits as a number (none first). The sort is stable.
 */
final class DotNaturalOrder implements Comparator<TensorInfo> {
    static final DotNaturalOrder INSTANCE = new DotNaturalOrder();

    private DotNaturalOrder() {
    }

    /** {@code tensors} sorted (stably) as transformers sorts them. */
    static List<TensorInfo> sort(List<TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(INSTANCE);
        return sorted;
    }

    @Override
    public int compare(TensorInfo a, TensorInfo b) {
        return compareNames(a.name(), b.name());
    }

    static int compareNames(String a, String b) {
        String[] pa = a.split("\\.", -1);
        String[] pb = b.split("\\.", -1);
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = comparePart(pa[i], pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    private static int comparePart(String a, String b) {
        boolean da = allDigits(a);
        boolean db = allDigits(b);
        if (da || db) {
            return da && db ? new BigInteger(a).compareTo(new BigInteger(b)) : da ? -1 : 1;
        }
        int ea = textEnd(a);
        int eb = textEnd(b);
        int c = PythonJson.compareCodePoints(a.substring(0, ea), b.substring(0, eb));
        if (c != 0) {
            return c;
        }
        boolean na = ea < a.length();
        boolean nb = eb < b.length();
        if (na && nb) {
            return new BigInteger(a.substring(ea)).compareTo(new BigInteger(b.substring(eb)));
        }
        return Boolean.compare(na, nb);
    }

    /** Python's {@code str.isdigit()} for ASCII: non-empty and only 0-9. */
    private static boolean allDigits(String s) {
        return !s.isEmpty() && textEnd(s) == 0;
    }

    /** Where the trailing ASCII digits of {@code s} start ({@code rstrip("0123456789")}). */
    private static int textEnd(String s) {
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) >= '0' && s.charAt(e - 1) <= '9') {
            e--;
        }
        return e;
    }
}
