package dev.hubkit.runtime.pipeline;

import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.backend.Backend;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.Truncation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenizes inputs, enforces the length limit, sorts them by length into micro-batches padded to
 * the longest in each batch, runs the backend and hands every row back in input order. Immutable
 * and thread-safe.
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

    private final Tokenizer tokenizer;
    private final Tokenizer untruncated;
    private final Backend backend;
    private final int maxLength;
    private final int vocabSize;
    private final int padId;
    private final PipelineOptions options;

    Batcher(Tokenizer tokenizer, Backend backend, int maxLength, int vocabSize, int padId, PipelineOptions options) {
        this.untruncated = tokenizer.withPadding(null).withTruncation(null);
        this.tokenizer = untruncated.withTruncation(Truncation.of(maxLength));
        this.backend = backend;
        this.maxLength = maxLength;
        this.vocabSize = vocabSize;
        this.padId = padId;
        this.options = options;
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
        if (texts == null || texts.isEmpty()) {
            throw new RuntimeBackendException("empty batch: give at least one input text");
        }
        int n = texts.size();
        Encoding[] enc = new Encoding[n];
        for (int i = 0; i < n; i++) {
            enc[i] = encode(texts.get(i), i);
        }
        return runEncoded(enc, handler);
    }

    /** Runs pre-encoded inputs (already checked) and returns results in input order. */
    <R> List<R> runEncoded(Encoding[] enc, RowHandler<R> handler) {
        int n = enc.length;
        if (n == 0) {
            throw new RuntimeBackendException("empty batch: give at least one input text");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> enc[i].length()));
        List<R> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
        for (int from = 0; from < n; from += options.batchSize()) {
            int to = Math.min(n, from + options.batchSize());
            int rows = to - from;
            int len = 0;
            for (int k = from; k < to; k++) {
                len = Math.max(len, enc[order[k]].length());
            }
            long[] ids = new long[rows * len];
            long[] mask = new long[rows * len];
            long[] types = new long[rows * len];
            Arrays.fill(ids, padId);
            for (int r = 0; r < rows; r++) {
                Encoding e = enc[order[from + r]];
                int[] eIds = e.ids();
                int[] eMask = e.attentionMask();
                int[] eTypes = e.typeIds();
                for (int t = 0; t < eIds.length; t++) {
                    ids[r * len + t] = eIds[t];
                    mask[r * len + t] = eMask[t];
                    types[r * len + t] = eTypes[t];
                }
            }
            Map<String, LongTensor> in = new LinkedHashMap<>();
            in.put("input_ids", LongTensor.of(ids, rows, len));
            in.put("attention_mask", LongTensor.of(mask, rows, len));
            in.put("token_type_ids", LongTensor.of(types, rows, len));
            NamedTensors out = backend.run(NamedTensors.of(in));
            for (int r = 0; r < rows; r++) {
                int idx = order[from + r];
                results.set(idx, handler.handle(out, r, enc[idx], idx));
            }
        }
        return results;
    }
}
