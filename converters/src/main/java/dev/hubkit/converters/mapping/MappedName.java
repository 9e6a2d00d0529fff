package dev.hubkit.converters.mapping;

/**
 * Where one tensor goes under the other framework's naming.
 *
 * @param name      the target name
 * @param transpose whether a 2-D tensor must be transposed (dense kernels are {@code [in, out]} in
 *                  TensorFlow and {@code [out, in]} in PyTorch)
 */
public record MappedName(String name, boolean transpose) {
}
