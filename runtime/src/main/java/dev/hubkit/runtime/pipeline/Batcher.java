package dev.hubkit.runtime.pipeline;

import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.backend.Backend;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.Truncation;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenizes inputs, enforces the length limit, sorts them by length into micro-batches (at most
 * the user's batch size, and within a token budget on CPU) padded to the longest in each, runs them
 * on as many threads as the backend serves efficiently and hands every row back in input order.
 * Immutable and thread-safe.
 */
final class Batcher {
    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** Post-processes one row of a micro-batch's outputs. */
    @FunctionalInterface
    interface RowHandler<R> {
        /**
         * @param outputs  every output of the micro-batch
         * @param row      this input's row in the micro-batch
         * @param encoding this input's (unpadded) encoding
         * @param index    this input's position in the caller's list
         */
        R handle(NamedTensors outputs, int row, Encoding encoding, int index);
    }

    /** Post-processes one row of a micro-batch's float output, read where the backend left it. */
    @FunctionalInterface
    interface FloatRowHandler<R> {
        /**
         * @param output   the micro-batch's output, row-major; valid only during this call, so
         *                 copy what you keep and never hand it on
         * @param shape    its dimensions, outermost first
         * @param row      this input's row in the micro-batch
         * @param encoding this input's (unpadded) encoding
         * @param index    this input's position in the caller's list
         */
        R handle(FloatBuffer output, long[] shape, int row, Encoding encoding, int index);
    }

    /** Runs one micro-batch's inputs and stores every row's result at its input index. */
    @FunctionalInterface
    private interface BatchRunner {
        void run(NamedTensors inputs, int[] batch, Encoding[] enc, Object[] results);
    }

    /** Inputs per tokenization job. */
    private static final int ENCODE_CHUNK = 64;

    private final Tokenizer tokenizer;
    private final Tokenizer untruncated;
    private final Backend backend;
    private final int maxLength;
    private final int vocabSize;
    private final int padId;
    private final PipelineOptions options;
    private final int tokenBudget;
    private final Set<String> wantedOutputs;

    Batcher(Tokenizer tokenizer, Backend backend, int maxLength, int vocabSize, int padId, PipelineOptions options) {
        this(tokenizer, backend, maxLength, vocabSize, padId, options, null);
    }

    /**
     * @param usualOutput the output the pipeline reads when the user names none; only it is requested
     *                    from the backend when the model has it (null requests every output)
     */
    Batcher(Tokenizer tokenizer, Backend backend, int maxLength, int vocabSize, int padId, PipelineOptions options,
            String usualOutput) {
        this.untruncated = tokenizer.withPadding(null).withTruncation(null);
        this.tokenizer = untruncated.withTruncation(Truncation.of(maxLength));
        this.backend = backend;
        this.maxLength = maxLength;
        this.vocabSize = vocabSize;
        this.padId = padId;
        this.options = options;
        this.tokenBudget = options.tokenBudget() > 0 ? options.tokenBudget()
                : backend.device().startsWith("cuda") ? 0 : PipelineOptions.CPU_TOKEN_BUDGET;
        List<String> names = backend.outputNames();
        String wanted = options.outputName() != null ? options.outputName() : usualOutput;
        this.wantedOutputs = wanted != null && names.contains(wanted) ? Set.of(wanted) : Set.of(); // empty = all
    }

    int maxLength() {
        return maxLength;
    }

    /** Encodes one text with the pipeline's length policy (warning or strict error). */
    Encoding encode(String text, int index) {
        if (text == null) {
            throw new RuntimeBackendException("input " + index + " is null; give a string (it may be empty)");
        }
        Encoding e = tokenizer.encode(text, true);
        if (!e.overflowing().isEmpty()) {
            int full = untruncated.encode(text, true).length();
            if (options.strict()) {
                throw new RuntimeBackendException("input " + index + " has " + full + " tokens but the model allows "
                        + maxLength + " (strict mode); shorten it or run without strict to truncate");
            }
            LOG.warn("input {} has {} tokens; truncated to the model's limit of {}", index, full, maxLength);
        }
        checkVocabulary(e, index);
        return e;
    }

    private void checkVocabulary(Encoding e, int index) {
        int[] ids = e.ids();
        for (int p = 0; p < ids.length; p++) {
            if (ids[p] < 0 || ids[p] >= vocabSize) {
                throw new RuntimeBackendException("token id " + ids[p] + " at position " + p + " of input " + index
                        + " is outside the model's vocabulary (vocab_size " + vocabSize
                        + "): the tokenizer does not belong to this model");
            }
        }
    }

    /** Runs every text and returns the handler's results in input order. */
    <R> List<R> run(List<String> texts, RowHandler<R> handler) {
        return runEncoded(encodeAll(texts), handler);
    }

    /**
     * Runs every text for the model's float output {@code output}, which each row's handler reads in
     * place ({@link Backend#runReading}); returns the handler's results in input order.
     */
    <R> List<R> runReading(List<String> texts, String output, FloatRowHandler<R> handler) {
        return execute(encodeAll(texts), (in, batch, enc, results) -> backend.runReading(in, output, (data, shape) -> {
            for (int r = 0; r < batch.length; r++) {
                int idx = batch[r];
                results[idx] = handler.handle(data, shape, r, enc[idx], idx);
            }
            return null;
        }));
    }

    /** Runs pre-encoded inputs (already checked) and returns results in input order. */
    <R> List<R> runEncoded(Encoding[] enc, RowHandler<R> handler) {
        return execute(enc, (in, batch, e, results) -> {
            NamedTensors out = backend.run(in, wantedOutputs);
            for (int r = 0; r < batch.length; r++) {
                int idx = batch[r];
                results[idx] = handler.handle(out, r, e[idx], idx);
            }
        });
    }

    private Encoding[] encodeAll(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new RuntimeBackendException("empty batch: give at least one input text");
        }
        int n = texts.size();
        Encoding[] enc = new Encoding[n];
        // Tokenize in chunks on the backend's threads too, or it becomes the serial part on many cores.
        int chunks = (n + ENCODE_CHUNK - 1) / ENCODE_CHUNK;
        Workers.run(chunks, backend.parallelism(), c -> {
            for (int i = c * ENCODE_CHUNK, end = Math.min(n, i + ENCODE_CHUNK); i < end; i++) {
                enc[i] = encode(texts.get(i), i);
            }
        });
        return enc;
    }

    private <R> List<R> execute(Encoding[] enc, BatchRunner runner) {
        int n = enc.length;
        if (n == 0) {
            throw new RuntimeBackendException("empty batch: give at least one input text");
        }
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = enc[i].length();
        }
        int parallelism = backend.parallelism();
        List<int[]> plan = MicroBatches.schedule(lengths, options.batchSize(), tokenBudget, parallelism);
        Object[] results = new Object[n];
        Workers.run(plan.size(), parallelism, b -> runner.run(inputs(enc, plan.get(b)), plan.get(b), enc, results));
        List<R> out = new ArrayList<>(n);
        for (Object r : results) {
            @SuppressWarnings("unchecked")
            R typed = (R) r;
            out.add(typed);
        }
        return out;
    }

    /** The micro-batch's padded model inputs. */
    private NamedTensors inputs(Encoding[] enc, int[] batch) {
        int rows = batch.length;
        int len = 0;
        for (int idx : batch) {
            len = Math.max(len, enc[idx].length());
        }
        long[] ids = new long[rows * len];
        long[] mask = new long[rows * len];
        long[] types = new long[rows * len];
        if (padId != 0) {
            Arrays.fill(ids, padId);
        }
        for (int r = 0; r < rows; r++) {
            Encoding e = enc[batch[r]];
            int[] eIds = e.ids();
            int[] eMask = e.attentionMask();
            int[] eTypes = e.typeIds();
            int base = r * len;
            for (int t = 0; t < eIds.length; t++) {
                ids[base + t] = eIds[t];
                mask[base + t] = eMask[t];
                types[base + t] = eTypes[t];
            }
        }
        Map<String, LongTensor> in = new LinkedHashMap<>();
        in.put("input_ids", LongTensor.of(ids, rows, len));
        in.put("attention_mask", LongTensor.of(mask, rows, len));
        in.put("token_type_ids", LongTensor.of(types, rows, len));
        return NamedTensors.of(in);
    }
}
