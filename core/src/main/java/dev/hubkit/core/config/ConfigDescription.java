package dev.hubkit.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** Renders the canonical fields of a {@link ModelConfig} as an aligned {@code key: value} listing. */
final class ConfigDescription {

    private ConfigDescription() {
    }

    static String of(ModelConfig c) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("model type", () -> c.modelType() + " (" + c.getClass().getSimpleName() + ")"));
        rows.add(row("architectures", () -> c.architectures().isEmpty() ? "-" : String.join(", ", c.architectures())));
        rows.add(row("vocab size", () -> String.valueOf(c.vocabSize())));
        rows.add(row("hidden size", () -> String.valueOf(c.hiddenSize())));
        rows.add(row("layers", () -> String.valueOf(c.numHiddenLayers())));
        rows.add(row("attention heads", () -> c.numAttentionHeads() + " (key/value heads " + c.numKeyValueHeads()
                + ", head dim " + value(() -> String.valueOf(c.headDim())) + ")"));
        rows.add(row("intermediate size", () -> String.valueOf(c.intermediateSize())));
        rows.add(row("max positions", () -> String.valueOf(c.maxPositionEmbeddings())));
        rows.add(row("type vocab size", () -> String.valueOf(c.typeVocabSize())));
        rows.add(row("layer norm eps", () -> PythonJson.pyRepr(c.layerNormEps())));
        rows.add(row("activation", c::hiddenAct));
        rows.add(row("dtype", () -> c.torchDtype().orElse("-")));
        rows.add(row("labels", () -> String.valueOf(c.numLabels())));
        rows.add(row("pad/bos/eos token id", () -> id(c.padTokenId()) + " / " + id(c.bosTokenId()) + " / "
                + (c.eosTokenIds().isEmpty() ? "-" : c.eosTokenIds().size() == 1
                ? String.valueOf(c.eosTokenIds().get(0)) : c.eosTokenIds().toString())));
        rows.add(row("tie word embeddings", () -> String.valueOf(c.tieWordEmbeddings())));
        rows.add(row("encoder-decoder", () -> String.valueOf(c.isEncoderDecoder())));
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length() + 1);
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(r[0]).append(':').append(" ".repeat(width - r[0].length())).append(r[1]).append('\n');
        }
        return sb.toString();
    }

    private static String[] row(String key, Supplier<String> value) {
        return new String[] {key, value(value)};
    }

    /** The value, or "?" when the config cannot answer (absent without default, or ill-typed). */
    private static String value(Supplier<String> value) {
        try {
            return value.get();
        } catch (ConfigException e) {
            return "?";
        }
    }

    private static String id(OptionalInt id) {
        return id.isPresent() ? String.valueOf(id.getAsInt()) : "-";
    }
}
