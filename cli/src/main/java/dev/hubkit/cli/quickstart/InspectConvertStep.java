package dev.hubkit.cli.quickstart;

import dev.hubkit.converters.convert.ConversionResult;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.TargetFormat;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Step: inspects the safetensors weights and converts them to a PyTorch checkpoint, verified. */
public final class InspectConvertStep implements QuickstartStep {

    @Override
    public String title() {
        return "Inspect its weights and convert them to PyTorch";
    }

    @Override
    public void run(QuickstartContext context) throws java.io.IOException {
        PrintWriter out = context.out();
        Path weights = context.requireModelDir().resolve("model.safetensors");
        out.println("      $ hubkit inspect " + weights);
        String table = Inspector.inspect(weights).toTable();
        table.lines().limit(8).forEach(line -> out.println("      " + line));
        out.println("      ...");
        Path target = context.scratchDir().resolve("pytorch_model.bin");
        out.println("      $ hubkit convert " + weights + " " + target + " --verify");
        ConversionResult result = Converter.convert(weights, target,
                new ConvertOptions(TargetFormat.parse("pytorch"), null, 0, true), (name, done, total) -> { });
        out.printf("      wrote %d tensors (%,d bytes), verified: %s%n", result.tensors(), result.bytes(),
                result.verified());
    }
}
