package dev.hubkit.converters.convert;

import java.nio.file.Path;
import java.util.List;

/**
 * What a conversion wrote.
 *
 * @param files          the output files (shards, then the index when sharded)
 * @param tensors        number of tensor names written (for PyTorch output, views that share one storage
 *                       each count; {@code bytes} counts their storage once)
 * @param bytes          bytes of tensor data written
 * @param droppedAliases tied names left out of safetensors output (their data is the kept name's)
 * @param verified       whether the output was re-read and matched
 */
public record ConversionResult(List<Path> files, int tensors, long bytes, List<String> droppedAliases,
                               boolean verified) {
}
