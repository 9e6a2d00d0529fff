package dev.hubkit.runtime.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.RuntimeBackendException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a task over text lines: one input per line in, one JSON object per line out, in input order.
 * This is all of {@code hubkit run}'s behaviour; the command only parses arguments.
 */
public final class TaskRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskRunner() {
    }

    /** Loads the model and builds the pipeline for {@code s.task()}. */
    public static Pipeline<?> open(RunSettings s) {
        AutoModel model = AutoModel.fromPretrained(s.model(), s.backend());
        try {
            return switch (s.task()) {
                case FEATURE_EXTRACTION -> {
                    PoolingConfig base = PoolingConfig.read(s.model(), PoolingConfig.of(Pooling.MEAN, false));
                    PoolingConfig eff = new PoolingConfig(s.pooling() != null ? s.pooling() : base.pooling(),
                            s.normalize() != null ? s.normalize() : base.normalize(), base.maxSeqLength());
                    yield FeatureExtractionPipeline.create(model, eff, s.pipeline());
                }
                case TEXT_CLASSIFICATION -> TextClassificationPipeline.create(model, s.pipeline(), s.topK());
                case TOKEN_CLASSIFICATION -> TokenClassificationPipeline.create(model, s.pipeline(), s.aggregation());
                case FILL_MASK -> FillMaskPipeline.create(model, s.pipeline(), s.topK());
            };
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Streams {@code in} through {@code pipeline}, {@code chunk} lines per call, writing one JSON
     * line per input line.
     *
     * @return number of lines processed
     */
    public static <R> long run(Pipeline<R> pipeline, BufferedReader in, Writer out, int chunk) throws IOException {
        List<String> lines = new ArrayList<>(chunk);
        long n = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (lines.size() == chunk) {
                n += flush(pipeline, lines, out);
            }
        }
        if (!lines.isEmpty()) {
            n += flush(pipeline, lines, out);
        }
        out.flush();
        return n;
    }

    private static <R> int flush(Pipeline<R> pipeline, List<String> lines, Writer out) throws IOException {
        for (R r : pipeline.run(lines)) {
            out.write(JSON.writeValueAsString(pipeline.toJson(r)));
            out.write('\n');
        }
        int n = lines.size();
        lines.clear();
        return n;
    }

    /**
     * {@code hubkit run}: reads {@code input} (or {@code stdin} when null), writes JSON lines to
     * {@code output} (temp file renamed into place) or to {@code stdout} when null. With
     * {@code explain}, writes the backend explanation to {@code stderr} first.
     *
     * @return number of inputs processed
     */
    public static long execute(RunSettings s, Path input, Path output, InputStream stdin, Writer stdout,
                               Writer stderr, boolean explain) {
        if (input != null && !Files.isRegularFile(input)) {
            throw new RuntimeBackendException("input file " + input + " does not exist; give a text file with one input per line");
        }
        try (Pipeline<?> p = open(s)) {
            if (explain) {
                stderr.write(p.model().explanation().render());
                stderr.write(System.lineSeparator());
                stderr.flush();
            }
            int chunk = Math.max(256, s.pipeline().batchSize() * 8);
            try (BufferedReader in = input != null ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
                    : new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                if (output == null) {
                    return run(p, in, stdout, chunk);
                }
                return runToFile(p, in, output, chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hubkit run: " + e.getMessage(), e);
        }
    }

    private static long runToFile(Pipeline<?> p, BufferedReader in, Path output, int chunk) throws IOException {
        Path abs = output.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            long n;
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                n = run(p, in, w, chunk);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Runs the quickstart's bundled tiny model (a folder with config.json, tokenizer.json and
     * model.onnx) as a feature-extraction pipeline and returns one JSON line per text.
     */
    public static List<String> quickstart(Path modelDir, List<String> texts) {
        try (Pipeline<?> p = open(RunSettings.defaults(Task.FEATURE_EXTRACTION, modelDir.toString()))) {
            return lines(p, texts);
        }
    }

    private static <R> List<String> lines(Pipeline<R> p, List<String> texts) {
        List<String> out = new ArrayList<>();
        try {
            for (R r : p.run(texts)) {
                out.add(JSON.writeValueAsString(p.toJson(r)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
