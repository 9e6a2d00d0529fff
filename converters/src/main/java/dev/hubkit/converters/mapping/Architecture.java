package dev.hubkit.converters.mapping;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of the name-mapping table: how an architecture's PyTorch state dict and transformers'
 * TF2 weights differ. Add an architecture by adding a constant.
 *
 * @param id            the {@code model_type} of {@code config.json} and the {@code --arch} value
 * @param tfScope       the Keras name scope of the base TF model, e.g. {@code tf_bert_model}
 * @param basePrefix    the base model's attribute in head models ({@code bert}, {@code transformer}, or empty)
 * @param baseModules   first components of a headless PyTorch state dict that belong under {@code basePrefix}
 * @param layerNorm     modules whose {@code weight}/{@code bias} are TF {@code gamma}/{@code beta}
 * @param embeddings    embedding modules (last component) and the TF leaf name of their table
 * @param conv1d        modules whose 2-D {@code weight} is a GPT-2 style Conv1D ({@code [in, out]} in both
 *                      frameworks: kept as {@code weight}, never transposed); other 2-D weights, such as
 *                      GPT-2's {@code score} head, are Linear layers and become transposed {@code kernel}s
 * @param detect        a pattern that, found in a PyTorch or TF name, suggests this architecture
 * @param headLayers    PyTorch head modules (first two name components) whose TF layer has another name,
 *                      to that name: BERT's {@code cls.predictions} is TF's {@code mlm___cls/predictions}
 *                      (transformers' {@code a___b} names read back as {@code b})
 */
public record Architecture(String id, String tfScope, String basePrefix, Set<String> baseModules,
                           Pattern layerNorm, Map<String, String> embeddings, Pattern conv1d, Pattern detect,
                           Map<String, String> headLayers) {

    private static final Pattern BERT_NORM = Pattern.compile("(^|\\.)LayerNorm$");
    private static final Pattern NONE = Pattern.compile("(?!)");

    /** BERT. */
    public static final Architecture BERT = new Architecture("bert", "tf_bert_model", "bert",
            Set.of("embeddings", "encoder", "pooler"), BERT_NORM,
            Map.of("word_embeddings", "weight", "position_embeddings", "embeddings",
                    "token_type_embeddings", "embeddings"), NONE, Pattern.compile("(^|[/.])bert[/.]"),
            Map.of("cls.predictions", "mlm___cls", "cls.seq_relationship", "nsp___cls"));
    /** RoBERTa (and XLM-RoBERTa's layout). */
    public static final Architecture ROBERTA = new Architecture("roberta", "tf_roberta_model", "roberta",
            Set.of("embeddings", "encoder", "pooler"), Pattern.compile("(^|\\.)(LayerNorm|layer_norm)$"),
            Map.of("word_embeddings", "weight", "position_embeddings", "embeddings",
                    "token_type_embeddings", "embeddings"), NONE, Pattern.compile("(^|[/.])roberta[/.]"), Map.of());
    /** DistilBERT. */
    public static final Architecture DISTILBERT = new Architecture("distilbert", "tf_distil_bert_model",
            "distilbert", Set.of("embeddings", "transformer"),
            Pattern.compile("(^|\\.)(LayerNorm|sa_layer_norm|output_layer_norm|vocab_layer_norm)$"),
            Map.of("word_embeddings", "weight", "position_embeddings", "embeddings"), NONE,
            Pattern.compile("(^|[/.])distilbert[/.]"), Map.of());
    /** ALBERT. */
    public static final Architecture ALBERT = new Architecture("albert", "tf_albert_model", "albert",
            Set.of("embeddings", "encoder", "pooler"), Pattern.compile("(^|\\.)(LayerNorm|full_layer_layer_norm)$"),
            Map.of("word_embeddings", "weight", "position_embeddings", "embeddings",
                    "token_type_embeddings", "embeddings"), NONE, Pattern.compile("(^|[/.])albert[/.]"), Map.of());
    /** ELECTRA. */
    public static final Architecture ELECTRA = new Architecture("electra", "tf_electra_model", "electra",
            Set.of("embeddings", "embeddings_project", "encoder"), BERT_NORM,
            Map.of("word_embeddings", "weight", "position_embeddings", "embeddings",
                    "token_type_embeddings", "embeddings"), NONE, Pattern.compile("(^|[/.])electra[/.]"), Map.of());
    /** GPT-2: its Conv1D weights (attention and MLP) are stored {@code [in, out]} in both frameworks. */
    public static final Architecture GPT2 = new Architecture("gpt2", "tf_gpt2_model", "transformer",
            Set.of("wte", "wpe", "h", "ln_f"), Pattern.compile("(^|\\.)(ln_1|ln_2|ln_f|ln_cross_attn)$"),
            Map.of("wte", "weight", "wpe", "embeddings"),
            Pattern.compile("(^|\\.)(c_attn|q_attn|c_proj|c_fc)$"),
            Pattern.compile("(^|[/.])(h\\.\\d+\\.attn\\.c_attn|h_\\._\\d+/attn/c_attn)"), Map.of());
    /** T5: its layer norms keep {@code weight}; relative attention biases are TF {@code embeddings}. */
    public static final Architecture T5 = new Architecture("t5", "tf_t5model", "",
            Set.of(), NONE,
            Map.of("shared", "weight", "relative_attention_bias", "embeddings"), NONE,
            Pattern.compile("(^|[/.])(SelfAttention|EncDecAttention)[/.]"), Map.of());

    /** Every known architecture, in detection order (most specific first). */
    public static final List<Architecture> ALL = List.of(DISTILBERT, ALBERT, ELECTRA, ROBERTA, GPT2, T5, BERT);

    /** The architecture with this {@code model_type}/{@code --arch} value; xlm-roberta maps to roberta. */
    public static Architecture byId(String id) {
        String key = id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (key.equals("xlm-roberta") || key.equals("camembert")) {
            return ROBERTA;
        }
        for (Architecture a : ALL) {
            if (a.id.equals(key.replace("-", ""))) {
                return a;
            }
        }
        throw new IllegalArgumentException("no name mapping for architecture '" + id + "'; known: "
                + String.join(", ", ALL.stream().map(Architecture::id).toList()) + " (and bert-tf1 for Google's"
                + " original BERT checkpoints)");
    }

    /** Guesses the architecture from tensor names (PyTorch or TF); null when nothing matches. */
    public static Architecture detect(Iterable<String> names) {
        for (Architecture a : ALL) {
            for (String n : names) {
                if (a.detect.matcher(n).find()) {
                    return a;
                }
            }
        }
        return null;
    }
}
