package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.converters.convert.ConversionResult;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hubkit convert SRC DST [--to] [--dtype] [--max-shard-size] [--verify] [--arch] [--allow-unmapped]}. */
@Command(name = "convert",
        description = {"Convert a checkpoint between safetensors, PyTorch, TensorFlow checkpoints and Keras H5, "
                + "streaming tensor by tensor. TensorFlow names are mapped to and from PyTorch names for the "
                + "architecture (--arch, else model_type of a config.json next to SRC, else detected from the names). "
                + "The output appears atomically and the source is never modified."})
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "A checkpoint file, a shard index, a model folder, a TensorFlow checkpoint (PREFIX, "
                    + "PREFIX.index, SavedModel or checkpoint folder) or Keras H5 weights.")
    Path source;

    @Parameters(index = "1", paramLabel = "DST",
            description = "Output file (format from its extension: .safetensors, .bin, .h5, .ckpt/.index) or folder "
                    + "(model.safetensors / pytorch_model.bin / tf_model.h5 / bundle prefix model.ckpt).")
    Path destination;

    @Option(names = "--to", paramLabel = "FORMAT",
            description = "safetensors, pytorch, tf-checkpoint or keras-h5 (default: from DST's name).")
    String to;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Architecture for TensorFlow name mapping (bert, bert-tf1, roberta, distilbert, albert, "
                    + "electra, gpt2, t5; default: model_type of config.json, else detected).")
    String arch;

    @Option(names = "--allow-unmapped",
            description = "Keep tensors whose names map to nothing under their own name instead of failing.")
    boolean allowUnmapped;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Cast floating-point tensors to f32, f16 or bf16 (round to nearest even); integers untouched.")
    String dtype;

    @Option(names = "--max-shard-size", paramLabel = "SIZE",
            description = "Split into shards of at most SIZE (e.g. 5GB, 500MB) with an index file.")
    String maxShardSize;

    @Option(names = "--verify", description = "Re-read the output and compare every tensor bit for bit.")
    boolean verify;

    @Override
    public Integer call() {
        ConvertOptions options = new ConvertOptions(
                to == null ? null : TargetFormat.parse(to),
                dtype == null ? null : ConvertOptions.parseDType(dtype),
                maxShardSize == null ? 0 : ConvertOptions.parseSize(maxShardSize),
                verify, null, arch, allowUnmapped);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        ProgressListener progress = terminal ? (name, done, total) -> {
            int width = 30;
            int filled = total == 0 ? width : (int) (width * done / total);
            err.printf("\r[%s%s] %3d%% %,d/%,d MB", "#".repeat(filled), " ".repeat(width - filled),
                    total == 0 ? 100 : done * 100 / total, done >> 20, total >> 20);
            err.flush();
        } : ProgressListener.none();
        ConversionResult result = Converter.convert(source, destination, options, progress);
        if (terminal) {
            err.println();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %d tensors (%,d bytes) to %s%s%n", result.tensors(), result.bytes(),
                result.files().get(result.files().size() - 1), result.verified() ? ", verified" : "");
        if (!result.droppedAliases().isEmpty()) {
            out.println("tied names left out (they share the kept tensor's data): "
                    + String.join(", ", result.droppedAliases()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
