package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.io.Grouping;
import dev.hubkit.cli.io.ProgressBar;
import dev.hubkit.cli.io.TerminalProgress;
import dev.hubkit.converters.convert.ConversionResult;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code hubkit convert SRC DST [--to] [--dtype] [--max-shard-size] [--verify] [--arch] [--allow-unmapped]}. */
public final class ConvertCommand implements Callable<Integer> {

    private final PositionalParamSpec source = Specs.positional("0", Path.class, "SRC",
            "A checkpoint file, a shard index, a model folder, a TensorFlow checkpoint (PREFIX, "
                    + "PREFIX.index, SavedModel or checkpoint folder) or Keras H5 weights.");

    private final PositionalParamSpec destination = Specs.positional("1", Path.class, "DST",
            "Output file (format from its extension: .safetensors, .bin, .h5, .ckpt/.index) or folder "
                    + "(model.safetensors / pytorch_model.bin / tf_model.h5 / bundle prefix model.ckpt).");

    private final OptionSpec to = Specs.option("--to", String.class, "FORMAT",
            "safetensors, pytorch, tf-checkpoint or keras-h5 (default: from DST's name).");

    private final OptionSpec arch = Specs.option("--arch", String.class, "ARCH",
            "Architecture for TensorFlow name mapping (bert, bert-tf1, roberta, distilbert, albert, "
                    + "electra, gpt2, t5; default: model_type of config.json, else detected).");

    private final OptionSpec allowUnmapped = Specs.flag("--allow-unmapped",
            "Keep tensors whose names map to nothing under their own name instead of failing.");

    private final OptionSpec dtype = Specs.option("--dtype", String.class, "DTYPE",
            "Cast F32, F16 and BF16 tensors to f32, f16 or bf16 (round to nearest even); others (integers, bool, "
                    + "F64, F8) untouched.");

    private final OptionSpec maxShardSize = Specs.option("--max-shard-size", String.class, "SIZE",
            "Split into shards of at most SIZE (e.g. 5GB, 500MB) with an index file.");

    private final OptionSpec verify = Specs.flag("--verify", "Re-read the output and compare every tensor bit for bit.");

    private final CommandSpec spec = Specs.command(this, "convert",
            "Convert a checkpoint between safetensors, PyTorch, TensorFlow checkpoints and Keras H5, "
                    + "streaming tensor by tensor. TensorFlow names are mapped to and from PyTorch names for the "
                    + "architecture (--arch, else model_type of a config.json next to SRC, else detected from the names). "
                    + "The output appears atomically and the source is never modified.")
            .addPositional(source).addPositional(destination)
            .addOption(to).addOption(arch).addOption(allowUnmapped).addOption(dtype).addOption(maxShardSize)
            .addOption(verify);

    /** Whether DST was typed with a trailing separator ({@code out/v1.0/}): a folder, whatever its name says. */
    private boolean namesAFolder() {
        List<String> typed = destination.originalStringValues();
        String raw = typed.isEmpty() ? "" : typed.get(typed.size() - 1);
        return raw.endsWith("/") || raw.endsWith(File.separator);
    }

    /** The model of a new {@code convert} command. */
    public static CommandSpec spec() {
        return new ConvertCommand().spec;
    }

    @Override
    public Integer call() {
        String to = this.to.getValue();
        String dtype = this.dtype.getValue();
        String maxShardSize = this.maxShardSize.getValue();
        ConvertOptions options = new ConvertOptions(
                to == null ? null : TargetFormat.parse(to),
                dtype == null ? null : ConvertOptions.parseDType(dtype),
                maxShardSize == null ? 0 : ConvertOptions.parseSize(maxShardSize),
                Specs.isSet(verify), null, arch.getValue(), Specs.isSet(allowUnmapped));
        ProgressBar bar = System.console() != null ? new ProgressBar(spec.commandLine().getErr()) : null;
        ConversionResult result = TerminalProgress.around(bar, () -> Converter.convert(source.getValue(),
                destination.getValue(), namesAFolder(), options, bar != null ? bar : ProgressListener.none()));
        PrintWriter out = spec.commandLine().getOut();
        Path last = result.files().get(result.files().size() - 1);
        String verified = result.verified() ? ", verified" : "";
        if (Grouping.isPlain()) {
            // what the printf below writes, without loading the Formatter's locale data (start-up time)
            out.print(new StringBuilder().append("wrote ").append(result.tensors()).append(" tensors (")
                    .append(Grouping.grouped(result.bytes())).append(" bytes) to ").append(last).append(verified)
                    .append(System.lineSeparator()));
        } else {
            out.printf("wrote %d tensors (%,d bytes) to %s%s%n", result.tensors(), result.bytes(), last, verified);
        }
        if (!result.droppedAliases().isEmpty()) {
            out.println("tied names left out (they share the kept tensor's data): "
                    + String.join(", ", result.droppedAliases()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
