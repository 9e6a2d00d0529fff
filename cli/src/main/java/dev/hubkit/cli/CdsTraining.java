package dev.hubkit.cli;

import dev.hubkit.cli.quickstart.BundledModel;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the {@code ./hubkit} launcher's class-data-sharing archive: the launcher runs this
 * class once per built jar with {@code -XX:DumpLoadedClassList} and archives the classes it lists, so that
 * the classes a typical command loads (the command tree, safetensors and PyTorch readers and writers,
 * casts, inspection, tokenizer.json tokenizers) are mapped from the archive afterwards instead of being
 * loaded and verified from the jar on every start. It runs real commands through the same command line as
 * {@link Hubkit#main} on a tiny generated checkpoint and the bundled tiny model's tokenizer in a temporary
 * folder, which it deletes; their output is discarded. Not part of the CLI: it has no command.
 *
 * <p>Ends normally when every command succeeded (the launcher keeps the archive only then) and with an
 * exception (exit code 1) otherwise.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** Runs the training commands; throws when one of them failed. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("hubkit-cds-");
        int failures;
        try {
            failures = train(dir);
        } finally {
            deleteTree(dir);
        }
        if (failures > 0) {
            throw new IllegalStateException(failures + " training commands failed");
        }
    }

    private static int train(Path dir) throws IOException {
        Path st = dir.resolve("model.safetensors");
        writeTinyCheckpoint(st);
        String pt = dir.resolve("pytorch_model.bin").toString();
        Path model = BundledModel.tinyBert().install(dir.resolve("tiny-bert"));
        Path text = Files.writeString(dir.resolve("text.txt"), "Hello world, this is hubkit.\nA second line.\n");
        List<String[]> commands = List.of(
                new String[] {"--version"},
                new String[] {"convert", st.toString(), pt},
                new String[] {"convert", pt, dir.resolve("back.safetensors").toString()},
                new String[] {"convert", st.toString(), dir.resolve("half.safetensors").toString(), "--dtype", "bf16"},
                new String[] {"convert", st.toString(), dir.resolve("half.bin").toString(), "--dtype", "f16"},
                new String[] {"inspect", pt},
                new String[] {"inspect", pt, "--json"},
                new String[] {"inspect", "--json", st.toString()},
                new String[] {"tokenize", "-t", model.resolve("tokenizer.json").toString(), "-i", text.toString(),
                    "-o", dir.resolve("tokens.jsonl").toString()});
        int failures = 0;
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String[] command : commands) {
            var cmd = Hubkit.newCommandLine(command); // the command line main builds for these arguments
            cmd.setOut(discard);
            cmd.setErr(discard);
            if (Hubkit.execute(cmd, command) != ExitCodes.OK) { // as main runs it, log lines held
                failures++;
            }
        }
        return failures;
    }

    /** Two F32 tensors (one large enough for the multi-threaded copy and cast paths) and an I64 one. */
    private static void writeTinyCheckpoint(Path file) throws IOException {
        List<TensorInfo> plan = List.of(
                new TensorInfo("encoder.weight", DType.F32, new long[] {1024, 1280}),
                new TensorInfo("encoder.bias", DType.F32, new long[] {1280}),
                new TensorInfo("position_ids", DType.I64, new long[] {1, 16}));
        try (SafetensorsWriter w = SafetensorsWriter.create(file, SafetensorsWriter.canonicalOrder(plan),
                Map.of("format", "pt"))) {
            for (TensorInfo t : SafetensorsWriter.canonicalOrder(plan)) {
                ByteBuffer bytes = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; bytes.remaining() >= 4; i++) {
                    bytes.putFloat(i * 0.001f - 1f);
                }
                w.write(new HeapData(t, bytes.flip()));
            }
            w.finish();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
