package dev.hubkit.core.config;

import static dev.hubkit.core.config.FamilySpec.times;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.core.config.FamilySpec.HeadRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model families hubkit knows, with the aliases and defaults of their transformers config classes
 * ({@code configuration_<family>.py}), and the dispatch on {@code model_type}.
 */
final class Families {

    private static final Logger LOG = LoggerFactory.getLogger(Families.class);

    /** Creates the typed config of one family. */
    @FunctionalInterface
    interface Factory {
        ModelConfig create(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType);
    }

    private record Entry(FamilySpec spec, Factory factory, String architecturePrefix) {
    }

    private static final Map<String, Entry> FAMILIES = new LinkedHashMap<>();

    static {
        // BertConfig
        register(bert("bert").build(), BertConfig::new, "Bert");
        // RobertaConfig / XLMRobertaConfig: BERT's fields, different special token ids
        // RobertaConfig's own vocab_size default is 50265 (XLMRobertaConfig keeps BERT's 30522)
        register(bert("roberta").value("vocab_size", 50265).value("pad_token_id", 1).value("bos_token_id", 0)
                .value("eos_token_id", 2).build(), RobertaConfig::new, "Roberta");
        register(bert("xlm-roberta").value("pad_token_id", 1).value("bos_token_id", 0).value("eos_token_id", 2)
                .build(), XlmRobertaConfig::new, "XLMRoberta");
        // DistilBertConfig: attribute_map hidden_size->dim, num_attention_heads->n_heads, num_hidden_layers->n_layers.
        // A file holding both names gets the canonical one, as transformers sets it last (here and below).
        register(FamilySpec.builder("distilbert")
                .keys("hidden_size", "hidden_size", "dim")
                .keys("num_hidden_layers", "num_hidden_layers", "n_layers")
                .keys("num_attention_heads", "num_attention_heads", "n_heads")
                .keys("intermediate_size", "hidden_dim", "intermediate_size")
                .keys("hidden_act", "activation", "hidden_act")
                .value("vocab_size", 30522).value("max_position_embeddings", 512).value("hidden_size", 768)
                .value("num_hidden_layers", 6).value("num_attention_heads", 12).value("intermediate_size", 3072)
                .value("hidden_act", "gelu").value("layer_norm_eps", 1e-12).value("pad_token_id", 0)
                .value("sinusoidal_pos_embds", false).value("dropout", 0.1).value("attention_dropout", 0.1)
                .value("initializer_range", 0.02).value("qa_dropout", 0.1).value("seq_classif_dropout", 0.2)
                .build(), DistilBertConfig::new, "DistilBert");
        // AlbertConfig
        register(FamilySpec.builder("albert")
                .value("vocab_size", 30000).value("embedding_size", 128).value("hidden_size", 4096)
                .value("num_hidden_layers", 12).value("num_hidden_groups", 1).value("num_attention_heads", 64)
                .value("intermediate_size", 16384).value("inner_group_num", 1).value("hidden_act", "gelu_new")
                .value("hidden_dropout_prob", 0.0).value("attention_probs_dropout_prob", 0.0)
                .value("max_position_embeddings", 512).value("type_vocab_size", 2).value("initializer_range", 0.02)
                .value("layer_norm_eps", 1e-12).value("classifier_dropout_prob", 0.1)
                .value("position_embedding_type", "absolute")
                .value("pad_token_id", 0).value("bos_token_id", 2).value("eos_token_id", 3)
                .build(), AlbertConfig::new, "Albert");
        // ElectraConfig
        register(bert("electra").value("embedding_size", 128).value("hidden_size", 256)
                .value("num_attention_heads", 4).value("intermediate_size", 1024)
                .build(), ElectraConfig::new, "Electra");
        // DebertaV2Config
        register(FamilySpec.builder("deberta-v2")
                .value("vocab_size", 128100).value("hidden_size", 1536).value("num_hidden_layers", 24)
                .value("num_attention_heads", 24).value("intermediate_size", 6144).value("hidden_act", "gelu")
                .value("hidden_dropout_prob", 0.1).value("attention_probs_dropout_prob", 0.1)
                .value("max_position_embeddings", 512).value("type_vocab_size", 0).value("initializer_range", 0.02)
                .value("layer_norm_eps", 1e-7).value("relative_attention", false).value("max_relative_positions", -1)
                .value("pad_token_id", 0).value("position_biased_input", true).value("pos_att_type", null)
                .value("position_buckets", -1).value("share_att_key", false)
                .build(), DebertaV2Config::new, "DebertaV2");
        // GPT2Config: attribute_map hidden_size->n_embd, max_position_embeddings->n_positions,
        // num_attention_heads->n_head, num_hidden_layers->n_layer; n_inner None -> 4 * n_embd
        register(FamilySpec.builder("gpt2")
                .keys("hidden_size", "hidden_size", "n_embd")
                .keys("num_hidden_layers", "num_hidden_layers", "n_layer")
                .keys("num_attention_heads", "num_attention_heads", "n_head")
                .keys("max_position_embeddings", "max_position_embeddings", "n_positions")
                .keys("intermediate_size", "n_inner", "intermediate_size")
                .keys("hidden_act", "activation_function", "hidden_act")
                .keys("layer_norm_eps", "layer_norm_epsilon", "layer_norm_eps")
                .value("vocab_size", 50257).value("max_position_embeddings", 1024).value("hidden_size", 768)
                .value("num_hidden_layers", 12).value("num_attention_heads", 12)
                .derived("intermediate_size", times("hidden_size", 4)).value("hidden_act", "gelu_new")
                .value("layer_norm_eps", 1e-5).value("initializer_range", 0.02).value("scale_attn_weights", true)
                .value("bos_token_id", 50256).value("eos_token_id", 50256)
                .build(), Gpt2Config::new, "GPT2");
        // GPTNeoXConfig (raises if hidden_size is not divisible by num_attention_heads)
        register(FamilySpec.builder("gpt_neox")
                .value("vocab_size", 50432).value("hidden_size", 6144).value("num_hidden_layers", 44)
                .value("num_attention_heads", 64).value("intermediate_size", 24576).value("hidden_act", "gelu")
                .value("rotary_pct", 0.25).value("rotary_emb_base", 10000).value("max_position_embeddings", 2048)
                .value("initializer_range", 0.02).value("layer_norm_eps", 1e-5).value("use_parallel_residual", true)
                .value("bos_token_id", 0).value("eos_token_id", 2).value("tie_word_embeddings", false)
                .value("attention_bias", true)
                .build(), GptNeoXConfig::new, "GPTNeoX");
        // T5Config: attribute_map hidden_size->d_model, num_attention_heads->num_heads,
        // num_hidden_layers->num_layers, head_dim->d_kv; heads are sized by d_kv, no divisibility rule
        register(FamilySpec.builder("t5")
                .keys("hidden_size", "hidden_size", "d_model")
                .keys("num_hidden_layers", "num_hidden_layers", "num_layers")
                .keys("num_attention_heads", "num_attention_heads", "num_heads")
                .keys("head_dim", "head_dim", "d_kv")
                .keys("intermediate_size", "d_ff", "intermediate_size")
                .keys("layer_norm_eps", "layer_norm_epsilon", "layer_norm_eps")
                .keys("max_position_embeddings", "n_positions", "max_position_embeddings")
                .value("vocab_size", 32128).value("hidden_size", 512).value("head_dim", 64)
                .value("intermediate_size", 2048).value("num_hidden_layers", 6).value("num_attention_heads", 8)
                .derived("num_decoder_layers", c -> FamilySpec.copyOf(c, "num_hidden_layers"))
                .value("relative_attention_num_buckets", 32).value("relative_attention_max_distance", 128)
                .value("dropout_rate", 0.1).value("layer_norm_eps", 1e-6).value("initializer_factor", 1.0)
                .value("feed_forward_proj", "relu").derived("hidden_act", T5Config::activationOf)
                .value("max_position_embeddings", 0).value("is_encoder_decoder", true)
                .value("pad_token_id", 0).value("eos_token_id", 1).value("decoder_start_token_id", 0)
                .headRule(HeadRule.NONE)
                .build(), T5Config::new, "T5");
        // BartConfig: attribute_map num_attention_heads->encoder_attention_heads, hidden_size->d_model;
        // num_hidden_layers = encoder_layers; LayerNorm eps is PyTorch's default 1e-5
        register(FamilySpec.builder("bart")
                .keys("hidden_size", "hidden_size", "d_model")
                .keys("num_hidden_layers", "num_hidden_layers", "encoder_layers")
                .keys("num_attention_heads", "num_attention_heads", "encoder_attention_heads")
                .keys("intermediate_size", "encoder_ffn_dim", "intermediate_size")
                .keys("hidden_act", "activation_function", "hidden_act")
                .value("vocab_size", 50265).value("max_position_embeddings", 1024).value("hidden_size", 1024)
                .value("num_hidden_layers", 12).value("intermediate_size", 4096).value("num_attention_heads", 16)
                .value("decoder_layers", 12).value("decoder_ffn_dim", 4096).value("decoder_attention_heads", 16)
                .value("hidden_act", "gelu").value("layer_norm_eps", 1e-5).value("scale_embedding", false)
                .value("num_labels", 3).value("is_encoder_decoder", true)
                .value("pad_token_id", 1).value("bos_token_id", 0).value("eos_token_id", 2)
                .value("decoder_start_token_id", 2).value("forced_eos_token_id", 2)
                .build(), BartConfig::new, "Bart");
        // LlamaConfig
        register(llama("llama").value("vocab_size", 32000).value("hidden_size", 4096)
                .value("intermediate_size", 11008).value("num_hidden_layers", 32).value("num_attention_heads", 32)
                .value("max_position_embeddings", 2048).value("bos_token_id", 1).value("eos_token_id", 2)
                .value("pretraining_tp", 1).value("mlp_bias", false)
                .build(), LlamaConfig::new, "Llama");
        // MistralConfig
        register(llama("mistral").value("vocab_size", 32000).value("hidden_size", 4096)
                .value("intermediate_size", 14336).value("num_hidden_layers", 32).value("num_attention_heads", 32)
                .value("num_key_value_heads", 8).value("max_position_embeddings", 4096 * 32)
                .value("bos_token_id", 1).value("eos_token_id", 2).value("sliding_window", 4096)
                .build(), MistralConfig::new, "Mistral");
        // Qwen2Config
        register(llama("qwen2").value("vocab_size", 151936).value("hidden_size", 4096)
                .value("intermediate_size", 22016).value("num_hidden_layers", 32).value("num_attention_heads", 32)
                .value("num_key_value_heads", 32).value("max_position_embeddings", 32768)
                .value("use_sliding_window", false).value("sliding_window", 4096).value("max_window_layers", 28)
                .value("attention_bias", true)
                .build(), Qwen2Config::new, "Qwen2");
        // GemmaConfig: head_dim is explicit (gemma-7b: 16 * 256 != 3072), hidden_activation overrides hidden_act
        register(llama("gemma").keys("hidden_act", "hidden_activation", "hidden_act")
                .value("vocab_size", 256000).value("hidden_size", 3072).value("intermediate_size", 24576)
                .value("num_hidden_layers", 28).value("num_attention_heads", 16).value("num_key_value_heads", 16)
                .value("head_dim", 256).value("hidden_act", "gelu_pytorch_tanh")
                .value("max_position_embeddings", 8192).value("pad_token_id", 0).value("eos_token_id", 1)
                .value("bos_token_id", 2).value("tie_word_embeddings", true).headRule(HeadRule.NONE)
                .build(), GemmaConfig::new, "Gemma");
    }

    private Families() {
    }

    /** BERT-style encoders (BertConfig defaults). */
    private static FamilySpec.Builder bert(String type) {
        return FamilySpec.builder(type)
                .value("vocab_size", 30522).value("hidden_size", 768).value("num_hidden_layers", 12)
                .value("num_attention_heads", 12).value("intermediate_size", 3072).value("hidden_act", "gelu")
                .value("hidden_dropout_prob", 0.1).value("attention_probs_dropout_prob", 0.1)
                .value("max_position_embeddings", 512).value("type_vocab_size", 2).value("initializer_range", 0.02)
                .value("layer_norm_eps", 1e-12).value("pad_token_id", 0).value("position_embedding_type", "absolute");
    }

    /** Llama-style rotary decoders (LlamaConfig's shared defaults). */
    private static FamilySpec.Builder llama(String type) {
        return FamilySpec.builder(type)
                .keys("layer_norm_eps", "rms_norm_eps", "layer_norm_eps")
                .value("hidden_act", "silu").value("initializer_range", 0.02).value("layer_norm_eps", 1e-6)
                .value("tie_word_embeddings", false).value("rope_theta", 10000.0).value("rope_scaling", null)
                .value("attention_bias", false).value("attention_dropout", 0.0)
                .headRule(HeadRule.DIVISIBLE_UNLESS_HEAD_DIM).groupedQueryAttention();
    }

    /**
     * The config of an unknown family: the canonical key, then the key its transformers config class renames
     * the field to ({@link TransformersAliases}, e.g. xglm's {@code attention_heads}), then the aliases of
     * transformers' attribute_maps across families (GPT-J/CodeGen/BLOOM/Falcon/MPT/OPT/Phi/XLNet/GPT-Neo...),
     * and no defaults beyond PretrainedConfig's.
     */
    static FamilySpec generic(String modelType) {
        Map<String, String> exact = TransformersAliases.of(modelType);
        FamilySpec.Builder b = FamilySpec.builder(modelType);
        GENERIC_KEYS.forEach((canonical, common) -> {
            List<String> keys = new ArrayList<>(common);
            String renamed = exact.get(canonical);
            if (renamed != null) {
                // the canonical key itself still wins: transformers sets it last through attribute_map
                keys.remove(renamed);
                keys.add(1, renamed);
            }
            b.keys(canonical, keys.toArray(String[]::new));
        });
        return b
                .derived("intermediate_size", Families::genericIntermediate)
                .derived("num_key_value_heads", Families::genericKeyValueHeads)
                .headRule(HeadRule.NONE)
                .lenientSizes()
                .nestedTextConfig()
                .build();
    }

    /** The keys that may hold each canonical field in families hubkit has no typed config for, in lookup order. */
    private static final Map<String, List<String>> GENERIC_KEYS = new LinkedHashMap<>();

    static {
        GENERIC_KEYS.put("vocab_size", List.of("vocab_size", "n_vocab", "padded_vocab_size", "n_token"));
        GENERIC_KEYS.put("hidden_size", List.of("hidden_size", "n_embd", "n_embed", "d_model", "dim", "emb_dim",
                "model_dim", "hidden_dim", "embed_dim"));
        GENERIC_KEYS.put("num_hidden_layers", List.of("num_hidden_layers", "n_layer", "n_layers", "num_layers",
                "encoder_layers"));
        GENERIC_KEYS.put("num_attention_heads", List.of("num_attention_heads", "n_head", "n_heads", "num_heads",
                "encoder_attention_heads"));
        GENERIC_KEYS.put("num_key_value_heads", List.of("num_key_value_heads", "num_kv_heads", "n_head_kv",
                "multi_query_group_num"));
        GENERIC_KEYS.put("head_dim", List.of("head_dim", "d_kv", "kv_channels", "d_head"));
        GENERIC_KEYS.put("intermediate_size", List.of("intermediate_size", "n_inner", "ffn_dim", "d_ff", "d_inner",
                "ffn_hidden_size", "encoder_ffn_dim", "dff", "ffn_embed_dim", "inner_hidden_size", "mlp_dim"));
        GENERIC_KEYS.put("max_position_embeddings", List.of("max_position_embeddings", "n_positions",
                "max_seq_len", "seq_length", "n_ctx", "max_sequence_length", "max_seq_length", "context_length"));
        GENERIC_KEYS.put("type_vocab_size", List.of("type_vocab_size"));
        GENERIC_KEYS.put("layer_norm_eps", List.of("layer_norm_eps", "layer_norm_epsilon", "rms_norm_eps",
                "layernorm_epsilon", "norm_eps", "norm_epsilon"));
        GENERIC_KEYS.put("hidden_act", List.of("hidden_act", "activation_function", "hidden_activation",
                "activation", "act_fn", "ffn_act"));
    }

    /**
     * Where composite configs nest their text model: the names transformers' get_text_config looks for, then
     * those its overrides use (Dia/Canary decoder_config, Qwen-Omni thinker_config, ColQwen2 vlm_config, which
     * nest further) and those of remote-code models (language_config, llm_config).
     */
    private static final List<String> TEXT_CONFIG_KEYS = List.of("text_config", "decoder", "generator",
            "text_encoder", "decoder_config", "thinker_config", "vlm_config", "language_config", "llm_config");

    /**
     * The text config nested in a composite config (Llava, Gemma 3, Mllama, vision-encoder-decoder...):
     * the first of {@link #TEXT_CONFIG_KEYS} holding an object, typed by its own {@code model_type}.
     * Its errors name the nested field, e.g. {@code text_config.hidden_size}.
     */
    static Optional<ModelConfig.Nested> nestedText(ConfigJson.Parsed parent, String source) {
        for (String key : TEXT_CONFIG_KEYS) {
            JsonNode node = parent.node().get(key);
            if (node == null || !node.isObject()) {
                continue;
            }
            ConfigJson.Parsed parsed = new ConfigJson.Parsed((ObjectNode) node, parent.ascii());
            JsonNode typeNode = node.get("model_type");
            String type = typeNode != null && typeNode.isTextual() && !typeNode.textValue().isBlank()
                    ? typeNode.textValue() : "unknown";
            Entry entry = FAMILIES.get(type);
            try {
                ModelConfig config = entry == null ? new ModelConfig(parsed, source, generic(type), type)
                        : entry.factory().create(parsed, source, entry.spec(), type);
                return Optional.of(new ModelConfig.Nested(key, config));
            } catch (ConfigException e) {
                throw e.nestedIn(key);
            }
        }
        return Optional.empty();
    }

    /** Falcon's multi_query (one shared key/value head), else one per attention head. */
    private static JsonNode genericKeyValueHeads(ModelConfig c) {
        boolean multiQuery = c.get("multi_query").map(JsonNode::asBoolean).orElse(false)
                && !c.get("new_decoder_architecture").map(JsonNode::asBoolean).orElse(false);
        return multiQuery ? FamilySpec.node(1) : FamilySpec.copyOf(c, "num_attention_heads");
    }

    /** MPT's expansion_ratio * d_model, else the common 4 * hidden_size. */
    private static JsonNode genericIntermediate(ModelConfig c) {
        OptionalInt hidden = c.resolvedInt("hidden_size");
        if (hidden.isEmpty()) {
            return null;
        }
        Optional<JsonNode> ratio = c.get("expansion_ratio").filter(JsonNode::isNumber);
        double factor = ratio.map(JsonNode::doubleValue).orElse(4.0);
        double size = factor * hidden.getAsInt();
        return size > 0 && size <= Integer.MAX_VALUE ? FamilySpec.node((int) Math.round(size)) : null;
    }

    private static void register(FamilySpec spec, Factory factory, String architecturePrefix) {
        FAMILIES.put(spec.modelType(), new Entry(spec, factory, architecturePrefix));
    }

    /** The model types with typed configs. */
    static List<String> knownModelTypes() {
        return List.copyOf(FAMILIES.keySet());
    }

    /** Builds the config of {@code json}, dispatching on its {@code model_type}. */
    static ModelConfig create(ConfigJson.Parsed parsed, String source) {
        ObjectNode json = parsed.node();
        JsonNode typeNode = json.get("model_type");
        String type;
        if (typeNode == null || typeNode.isNull() || (typeNode.isTextual() && typeNode.textValue().isBlank())) {
            Optional<String> inferred = infer(json, source);
            if (inferred.isEmpty()) {
                return new ModelConfig(parsed, source, generic("unknown"), "unknown");
            }
            type = inferred.get();
        } else if (!typeNode.isTextual()) {
            throw ConfigException.expected(source, "model_type", "a string such as \"bert\"", Fields.describe(typeNode));
        } else {
            type = typeNode.textValue();
        }
        Entry entry = FAMILIES.get(type);
        if (entry == null) {
            LOG.warn("{}: model_type '{}' has no typed config in hubkit (known: {}); using a generic config "
                    + "that understands the common aliases (n_embd, d_model, n_layer, n_head...)",
                    source, type, String.join(", ", FAMILIES.keySet()));
            return new ModelConfig(parsed, source, generic(type), type);
        }
        return entry.factory().create(parsed, source, entry.spec(), type);
    }

    /**
     * Like transformers' AutoConfig for a config without {@code model_type}: the longest known model
     * type that occurs in the model's name, else the family of the first architecture, else generic.
     */
    private static Optional<String> infer(JsonNode json, String source) {
        String name = modelName(source).toLowerCase(Locale.ROOT);
        List<String> types = new ArrayList<>(FAMILIES.keySet());
        types.sort(Comparator.comparingInt(String::length).reversed());
        for (String t : types) {
            if (name.contains(t)) {
                LOG.info("{}: no model_type; inferred '{}' from the name '{}'", source, t, name);
                return Optional.of(t);
            }
        }
        JsonNode archs = json.get("architectures");
        if (archs != null && archs.isArray() && archs.size() > 0 && archs.get(0).isTextual()) {
            String arch = archs.get(0).textValue();
            List<Map.Entry<String, Entry>> entries = new ArrayList<>(FAMILIES.entrySet());
            entries.sort(Comparator.comparingInt((Map.Entry<String, Entry> e) ->
                    e.getValue().architecturePrefix().length()).reversed());
            for (Map.Entry<String, Entry> e : entries) {
                String prefix = e.getValue().architecturePrefix();
                if (arch.startsWith(prefix) && isArchitectureSuffix(arch.substring(prefix.length()))) {
                    LOG.info("{}: no model_type; inferred '{}' from architecture '{}'", source, e.getKey(), arch);
                    return Optional.of(e.getKey());
                }
            }
        }
        LOG.warn("{}: no model_type, and none could be inferred from the name '{}' or the architectures; "
                + "using a generic config. Add \"model_type\" to the file to pick a family.", source, name);
        return Optional.empty();
    }

    private static boolean isArchitectureSuffix(String rest) {
        return rest.startsWith("For") || rest.startsWith("Model") || rest.startsWith("LMHead")
                || rest.startsWith("Encoder") || rest.startsWith("Decoder") || rest.startsWith("PreTrained");
    }

    /** The model's name: the directory holding a config file, else the reference itself. */
    private static String modelName(String source) {
        if (source == null) {
            return "";
        }
        if (source.endsWith(".json")) {
            try {
                Path parent = Path.of(source).toAbsolutePath().getParent();
                return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
            } catch (RuntimeException e) {
                return "";
            }
        }
        return source;
    }
}
