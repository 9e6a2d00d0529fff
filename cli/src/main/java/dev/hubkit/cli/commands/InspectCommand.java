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

/** {@code hubkit inspect PATH [--json]}: lists the tensors of a checkpoint with their SHA-256. */
@Command(name = "inspect",
        description = {"List the tensors of a checkpoint (safetensors, PyTorch zip or legacy, sharded index, "
                + "or model folder): name, dtype, shape and SHA-256 of the little-endian C-contiguous bytes, "
                + "plus metadata, parameter count and total size."})
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A checkpoint file, a shard index or a model folder.")
    Path path;

    @Option(names = "--json", description = "Print {\"format\", \"tensors\": [{name, dtype, shape, sha256}], \"metadata\"}.")
    boolean json;

    @Override
    public Integer call() {
        Inspection inspection = Inspector.inspect(path);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? inspection.toJson() + System.lineSeparator() : inspection.toTable());
        out.flush();
        return ExitCodes.OK;
    }
}
