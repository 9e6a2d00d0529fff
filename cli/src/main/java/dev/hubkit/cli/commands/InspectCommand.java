package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hubkit inspect PATH [--json] [--pt-names [--arch A]]}: lists the tensors of a checkpoint with their SHA-256. */
@Command(name = "inspect",
        description = {"List the tensors of a checkpoint (safetensors, PyTorch zip or legacy, sharded index, "
                + "model folder, TensorFlow checkpoint or Keras H5): name as stored, dtype, shape and SHA-256 of "
                + "the little-endian C-contiguous bytes, plus metadata, parameter count and total size."})
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A checkpoint file, a shard index, a model folder, a TensorFlow checkpoint or Keras H5 weights.")
    Path path;

    @Option(names = "--json", description = "Print {\"format\", \"tensors\": [{name, dtype, shape, sha256}], \"metadata\"}.")
    boolean json;

    @Option(names = "--pt-names",
            description = "Also show each tensor's PyTorch name (pt_name); TensorFlow names are mapped for the architecture.")
    boolean ptNames;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Architecture for --pt-names (default: model_type of config.json, else detected).")
    String arch;

    @Override
    public Integer call() {
        Inspection inspection = Inspector.inspect(path, arch, ptNames);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? inspection.toJson() + System.lineSeparator() : inspection.toTable());
        out.flush();
        return ExitCodes.OK;
    }
}
