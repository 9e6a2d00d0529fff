/** Tensor metadata shared by every format: {@link dev.hubkit.core.tensor.DType} and {@link dev.hubkit.core.tensor.TensorInfo}. */
package dev.hubkit.core.tensor;
