package dev.hubkit.runtime.backend;

import java.util.List;

/**
 * An output's shape predicted from the shapes of a call's inputs: every dimension is either fixed
 * in the model or a symbolic one that some input declares under the same name (ONNX exports name
 * {@code batch_size} and {@code sequence_length} alike on inputs and outputs). Knowing the shape
 * before the call lets ONNX Runtime write the output into a buffer hubkit owns.
 *
 * @param fixed the fixed size of each dimension, or -1 where it comes from an input
 * @param input for symbolic dimensions, the position of the input that declares it (else -1)
 * @param axis  for symbolic dimensions, the axis of that input (else -1)
 */
record OutputShape(long[] fixed, int[] input, int[] axis) {

    /**
     * The prediction for an output with {@code shape} (-1 where symbolic) and {@code names} (the
     * symbolic names, empty where none), or null when some dimension cannot be predicted.
     *
     * @param inputShapes  every input's declared shape, in input order
     * @param inputNames   every input's dimension names, in input order
     */
    static OutputShape of(long[] shape, String[] names, List<long[]> inputShapes, List<String[]> inputNames) {
        int rank = shape.length;
        long[] fixed = new long[rank];
        int[] input = new int[rank];
        int[] axis = new int[rank];
        for (int d = 0; d < rank; d++) {
            fixed[d] = shape[d];
            input[d] = -1;
            axis[d] = -1;
            if (shape[d] >= 0) {
                continue;
            }
            String name = names != null && d < names.length ? names[d] : null;
            if (name == null || name.isEmpty()) {
                return null;
            }
            for (int i = 0; i < inputNames.size() && input[d] < 0; i++) {
                String[] in = inputNames.get(i);
                for (int a = 0; a < in.length; a++) {
                    if (name.equals(in[a]) && inputShapes.get(i)[a] < 0) {
                        input[d] = i;
                        axis[d] = a;
                        break;
                    }
                }
            }
            if (input[d] < 0) {
                return null;
            }
        }
        return new OutputShape(fixed, input, axis);
    }

    /** The shape for a call with these input shapes (in input order); null if an input is missing or too short. */
    long[] resolve(long[][] shapes) {
        long[] out = new long[fixed.length];
        for (int d = 0; d < out.length; d++) {
            if (fixed[d] >= 0) {
                out[d] = fixed[d];
            } else {
                long[] s = shapes[input[d]];
                if (s == null || axis[d] >= s.length) {
                    return null;
                }
                out[d] = s[axis[d]];
            }
        }
        return out;
    }
}
