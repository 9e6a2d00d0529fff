package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code hubkit inspect PATH [--json] [--pt-names [--arch A]]}: lists the tensors of a checkpoint with their SHA-256. */
public final class InspectCommand implements Callable<Integer> {

    private final PositionalParamSpec path = Specs.positional("0", Path.class, "PATH",
            "A checkpoint file, a shard index, a model folder, a TensorFlow checkpoint or Keras H5 weights.");

    private final OptionSpec json = Specs.flag("--json",
            "Print {\"format\", \"tensors\": [{name, dtype, shape, sha256}], \"metadata\"}.");

    private final OptionSpec ptNames = Specs.flag("--pt-names",
            "Also show each tensor's PyTorch name (pt_name); TensorFlow names are mapped for the architecture.");

    private final OptionSpec arch = Specs.option("--arch", String.class, "ARCH",
            "Architecture for --pt-names (default: model_type of config.json, else detected).");

    private final CommandSpec spec = Specs.command(this, "inspect",
            "List the tensors of a checkpoint (safetensors, PyTorch zip or legacy, sharded index, "
                    + "model folder, TensorFlow checkpoint or Keras H5): name as stored, dtype, shape and SHA-256 of "
                    + "the little-endian C-contiguous bytes, plus metadata, parameter count and total size.")
            .addPositional(path).addOption(json).addOption(ptNames).addOption(arch);

    /** The model of a new {@code inspect} command. */
    public static CommandSpec spec() {
        return new InspectCommand().spec;
    }

    @Override
    public Integer call() {
        Inspection inspection = Inspector.inspect(path.getValue(), arch.getValue(), Specs.isSet(ptNames));
        PrintWriter out = spec.commandLine().getOut();
        out.print(Specs.isSet(json) ? inspection.toJson() + System.lineSeparator() : inspection.toTable());
        out.flush();
        return ExitCodes.OK;
    }
}
