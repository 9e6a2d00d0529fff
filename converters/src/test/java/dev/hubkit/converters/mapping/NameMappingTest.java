package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameMappingTest {
    private static final long[] M = {8, 8};
    private static final long[] V = {8};

    @Test
    void transformersTf2NamesMapToPytorch() {
        assertThat(Tf2Names.toPt("tf_bert_model/bert/embeddings/word_embeddings/weight:0", M))
                .isEqualTo(new MappedName("bert.embeddings.word_embeddings.weight", false));
        assertThat(Tf2Names.toPt("tf_bert_model/bert/embeddings/position_embeddings/embeddings:0", M))
                .isEqualTo(new MappedName("bert.embeddings.position_embeddings.weight", false));
        assertThat(Tf2Names.toPt("tf_bert_model/bert/encoder/layer_._11/attention/self/query/kernel:0", M))
                .isEqualTo(new MappedName("bert.encoder.layer.11.attention.self.query.weight", true));
        assertThat(Tf2Names.toPt("tf_bert_model/bert/encoder/layer_._0/output/LayerNorm/gamma:0", V))
                .isEqualTo(new MappedName("bert.encoder.layer.0.output.LayerNorm.weight", false));
        assertThat(Tf2Names.toPt("tf_bert_model/bert/encoder/layer_._0/output/LayerNorm/beta:0", V))
                .isEqualTo(new MappedName("bert.encoder.layer.0.output.LayerNorm.bias", false));
        assertThat(Tf2Names.toPt("tf_bert_for_masked_lm/mlm___cls/predictions/bias:0", V))
                .isEqualTo(new MappedName("cls.predictions.bias", false));
        assertThat(Tf2Names.toPt("tf_gpt2_lm_head_model/transformer/h_._0/attn/c_attn/weight:0", M))
                .isEqualTo(new MappedName("transformer.h.0.attn.c_attn.weight", false));
        assertThat(Tf2Names.toPt("tf_t5model/encoder/block_._0/layer_._0/SelfAttention/relative_attention_bias/embeddings:0",
                new long[] {32, 8})).isEqualTo(new MappedName(
                "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", false));
        assertThat(Tf2Names.toPt("optimizer/iter", new long[0])).isNull();
    }

    @Test
    void namesOfOnlyDotsOrSlashesAreRefusedNotCrashedOn() {
        for (String name : List.of(".", "..", "...")) {
            assertThatThrownBy(() -> Tf2Names.toTf(name, V, Architecture.BERT))
                    .isInstanceOf(dev.hubkit.converters.FormatException.class).hasMessageContaining("'" + name + "'")
                    .hasMessageContaining("dots only");
        }
        for (String name : List.of("/", "//", "/:0")) {
            assertThatThrownBy(() -> Tf2Names.toPt(name, V))
                    .isInstanceOf(dev.hubkit.converters.FormatException.class).hasMessageContaining("slashes only");
        }
    }

    @Test
    void pytorchNamesMapToTf2PerArchitecture() {
        assertThat(Tf2Names.toTf("embeddings.word_embeddings.weight", M, Architecture.BERT))
                .isEqualTo(new MappedName("bert/embeddings/word_embeddings/weight", false));
        assertThat(Tf2Names.toTf("bert.embeddings.token_type_embeddings.weight", M, Architecture.BERT))
                .isEqualTo(new MappedName("bert/embeddings/token_type_embeddings/embeddings", false));
        assertThat(Tf2Names.toTf("bert.encoder.layer.3.intermediate.dense.weight", M, Architecture.BERT))
                .isEqualTo(new MappedName("bert/encoder/layer_._3/intermediate/dense/kernel", true));
        assertThat(Tf2Names.toTf("bert.encoder.layer.3.output.LayerNorm.bias", V, Architecture.BERT))
                .isEqualTo(new MappedName("bert/encoder/layer_._3/output/LayerNorm/beta", false));
        // transformers names BERT's heads mlm___cls and nsp___cls in TF (read back as cls)
        assertThat(Tf2Names.toTf("cls.predictions.transform.LayerNorm.weight", V, Architecture.BERT))
                .isEqualTo(new MappedName("mlm___cls/predictions/transform/LayerNorm/gamma", false));
        assertThat(Tf2Names.toTf("cls.predictions.bias", V, Architecture.BERT))
                .isEqualTo(new MappedName("mlm___cls/predictions/bias", false));
        assertThat(Tf2Names.toTf("cls.seq_relationship.weight", M, Architecture.BERT))
                .isEqualTo(new MappedName("nsp___cls/seq_relationship/kernel", true));
        assertThat(Tf2Names.toTf("h.1.mlp.c_fc.weight", M, Architecture.GPT2))
                .isEqualTo(new MappedName("transformer/h_._1/mlp/c_fc/weight", false));
        // GPT-2's heads are Linear layers (Dense in TF), not Conv1D: transposed kernels
        assertThat(Tf2Names.toTf("score.weight", M, Architecture.GPT2))
                .isEqualTo(new MappedName("score/kernel", true));
        assertThat(Tf2Names.toTf("multiple_choice_head.summary.weight", M, Architecture.GPT2))
                .isEqualTo(new MappedName("multiple_choice_head/summary/kernel", true));
        assertThat(Tf2Names.toTf("transformer.h.0.crossattention.q_attn.weight", M, Architecture.GPT2))
                .isEqualTo(new MappedName("transformer/h_._0/crossattention/q_attn/weight", false));
        assertThat(Tf2Names.toTf("h.1.ln_2.weight", V, Architecture.GPT2))
                .isEqualTo(new MappedName("transformer/h_._1/ln_2/gamma", false));
        assertThat(Tf2Names.toTf("distilbert.transformer.layer.0.sa_layer_norm.weight", V, Architecture.DISTILBERT))
                .isEqualTo(new MappedName("distilbert/transformer/layer_._0/sa_layer_norm/gamma", false));
        assertThat(Tf2Names.toTf("encoder.block.0.layer.1.DenseReluDense.wi.weight", M, Architecture.T5))
                .isEqualTo(new MappedName("encoder/block_._0/layer_._1/DenseReluDense/wi/kernel", true));
        assertThat(Tf2Names.toTf("encoder.block.0.layer.0.layer_norm.weight", V, Architecture.T5))
                .isEqualTo(new MappedName("encoder/block_._0/layer_._0/layer_norm/weight", false));
    }

    @Test
    void everyArchitectureRoundTripsItsNames() {
        Map<Architecture, List<String>> names = Map.of(
                Architecture.BERT, List.of("bert.encoder.layer.0.attention.self.query.weight", "cls.predictions.bias",
                        "bert.embeddings.LayerNorm.weight", "bert.embeddings.word_embeddings.weight"),
                Architecture.ROBERTA, List.of("roberta.encoder.layer.1.output.dense.weight", "lm_head.dense.bias"),
                Architecture.ALBERT, List.of("albert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight",
                        "albert.encoder.albert_layer_groups.0.albert_layers.0.full_layer_layer_norm.weight"),
                Architecture.ELECTRA, List.of("electra.embeddings_project.weight", "electra.embeddings.LayerNorm.bias"),
                Architecture.DISTILBERT, List.of("distilbert.transformer.layer.5.ffn.lin1.weight"),
                Architecture.GPT2, List.of("transformer.h.11.attn.c_proj.weight", "transformer.ln_f.bias", "score.weight"),
                Architecture.T5, List.of("shared.weight", "decoder.block.2.layer.1.EncDecAttention.o.weight"));
        names.forEach((arch, list) -> {
            for (String pt : list) {
                long[] shape = pt.endsWith("weight") && !pt.contains("Norm") && !pt.contains("norm") ? M : V;
                MappedName tf = Tf2Names.toTf(pt, shape, arch);
                long[] tfShape = tf.transpose() ? new long[] {shape[1], shape[0]} : shape;
                MappedName back = Tf2Names.toPt(arch.tfScope() + "/" + tf.name() + ":0", tfShape);
                assertThat(back.name()).as(arch.id() + " " + pt + " via " + tf.name()).isEqualTo(pt);
                assertThat(back.transpose()).isEqualTo(tf.transpose());
            }
        });
    }

    @Test
    void bertWithGoogleTf1NamesIsMappedAsBertTf1() {
        // config.json beside Google's bert_model.ckpt says model_type bert; its names are TF1 names all the same
        List<String> tf1 = List.of("bert/encoder/layer_0/attention/self/query/kernel", "global_step",
                "bert/encoder/layer_0/attention/self/query/kernel/adam_m");
        assertThat(NameMapping.forArchitecture("bert", tf1, false).architecture()).isEqualTo("bert-tf1");
        assertThat(NameMapping.forArchitecture("bert", List.of("tf_bert_model/bert/encoder/layer_._0/attention/self/"
                + "query/kernel:0"), false).architecture()).isEqualTo("bert");
        assertThat(NameMapping.forArchitecture("bert", List.of("bert.encoder.layer.0.attention.self.query.weight"),
                false).architecture()).isEqualTo("bert");
    }

    @Test
    void googleBertTf1NamesMapBothWays() {
        assertThat(GoogleBertNames.toPt("bert/encoder/layer_0/attention/self/query/kernel"))
                .isEqualTo(new MappedName("bert.encoder.layer.0.attention.self.query.weight", true));
        assertThat(GoogleBertNames.toPt("bert/embeddings/word_embeddings"))
                .isEqualTo(new MappedName("bert.embeddings.word_embeddings.weight", false));
        assertThat(GoogleBertNames.toPt("cls/predictions/output_bias"))
                .isEqualTo(new MappedName("cls.predictions.bias", false));
        assertThat(GoogleBertNames.toPt("cls/seq_relationship/output_weights"))
                .isEqualTo(new MappedName("cls.seq_relationship.weight", false));
        assertThat(GoogleBertNames.toPt("bert/encoder/layer_0/output/LayerNorm/gamma"))
                .isEqualTo(new MappedName("bert.encoder.layer.0.output.LayerNorm.weight", false));
        assertThat(GoogleBertNames.toPt("bert/encoder/layer_0/output/dense/kernel/adam_m")).isNull();
        assertThat(GoogleBertNames.toPt("global_step")).isNull();
        for (String tf : List.of("bert/encoder/layer_10/attention/output/dense/kernel", "bert/embeddings/word_embeddings",
                "cls/predictions/output_bias", "cls/seq_relationship/output_weights", "cls/seq_relationship/output_bias",
                "bert/pooler/dense/bias", "bert/embeddings/LayerNorm/beta", "cls/predictions/transform/dense/kernel")) {
            MappedName pt = GoogleBertNames.toPt(tf);
            long[] shape = tf.endsWith("bias") || tf.endsWith("beta") ? V : M;
            assertThat(GoogleBertNames.toTf(pt.name(), shape)).as(tf)
                    .isEqualTo(new MappedName(tf, pt.transpose()));
        }
    }

    @Test
    void detectsArchitectureAndRejectsUnmappedNames() {
        assertThat(NameMapping.forArchitecture(null, List.of("bert/encoder/layer_0/attention/self/query/kernel"), false)
                .architecture()).isEqualTo("bert-tf1");
        assertThat(NameMapping.forArchitecture(null, List.of("h.0.attn.c_attn.weight"), false).architecture())
                .isEqualTo("gpt2");
        assertThat(NameMapping.forArchitecture(null, List.of("distilbert.transformer.layer.0.ffn.lin1.weight"), false)
                .architecture()).isEqualTo("distilbert");
        assertThat(NameMapping.forArchitecture("xlm-roberta", List.of(), false).architecture()).isEqualTo("roberta");
        assertThatThrownBy(() -> NameMapping.forArchitecture("llama9", List.of(), false))
                .hasMessageContaining("no name mapping for architecture 'llama9'");
        List<TensorInfo> clash = List.of(new TensorInfo("a/kernel", DType.F32, M), new TensorInfo("a/weight", DType.F32, M));
        NameMapping strict = NameMapping.forArchitecture("bert", List.of(), false);
        assertThatThrownBy(() -> strict.toPt(clash)).isInstanceOf(UnmappedNamesException.class)
                .hasMessageContaining("a/weight -> a.weight (duplicate: a/kernel maps there too)").hasMessageContaining("--allow-unmapped");
        assertThat(NameMapping.forArchitecture("bert", List.of(), true).toPt(clash)).hasSize(2);
    }

    @Test
    void shapesAreCheckedAgainstConfig() throws Exception {
        var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"vocab_size\": 30, \"hidden_size\": 8, \"max_position_embeddings\": 12}");
        List<TensorInfo> good = List.of(new TensorInfo("bert.embeddings.word_embeddings.weight", DType.F32, new long[] {30, 8}),
                new TensorInfo("bert.embeddings.position_embeddings.weight", DType.F32, new long[] {12, 8}),
                new TensorInfo("bert.embeddings.LayerNorm.weight", DType.F32, new long[] {8}));
        ConfigShapes.check(good, config);
        List<TensorInfo> lying = List.of(new TensorInfo("wte.weight", DType.F32, new long[] {31, 8}),
                new TensorInfo("ln_f.bias", DType.F32, new long[] {8, 1}));
        assertThatThrownBy(() -> ConfigShapes.check(lying, config))
                .isInstanceOf(dev.hubkit.converters.FormatException.class)
                .hasMessageContaining("wte.weight has shape [31, 8], config says [30, 8]")
                .hasMessageContaining("ln_f.bias has shape [8, 1], expected rank 1");
    }
}
