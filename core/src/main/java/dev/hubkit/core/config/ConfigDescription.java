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
        c.textConfig().ifPresent(t -> rows.add(row("text config", () -> c.textConfigKey().orElseThrow() + " ("
                + t.modelType() + ", " + t.getClass().getSimpleName() + ")")));
        rows.add(row("vocab size", () -> size(c, "vocab_size")));
        rows.add(row("hidden size", () -> size(c, "hidden_size")));
        rows.add(row("layers", () -> size(c, "num_hidden_layers")));
        rows.add(row("attention heads", () -> size(c, "num_attention_heads") + " (key/value heads "
                + size(c, "num_key_value_heads") + ", head dim " + size(c, "head_dim") + ")"));
        rows.add(row("intermediate size", () -> size(c, "intermediate_size")));
        rows.add(row("max positions", () -> size(c, "max_position_embeddings")));
        rows.add(row("type vocab size", () -> size(c, "type_vocab_size")));
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

    /** A size as resolved: an integer, or a per-layer list or other value as written; "?" when absent. */
    private static String size(ModelConfig c, String canonical) {
        return c.resolve(canonical).filter(n -> !n.isNull())
                .map(n -> n.isIntegralNumber() || n.isTextual() ? n.asText() : n.toString()).orElse("?");
    }

    private static String id(OptionalInt id) {
        return id.isPresent() ? String.valueOf(id.getAsInt()) : "-";
    }
}
