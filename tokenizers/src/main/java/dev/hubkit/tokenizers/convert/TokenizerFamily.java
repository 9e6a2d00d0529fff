package dev.hubkit.tokenizers.convert;

import java.util.Locale;
import java.util.Optional;

/** The slow-tokenizer families hubkit converts to tokenizer.json, as transformers' converters name them. */
public enum TokenizerFamily {
    /** WordPiece from {@code vocab.txt} (BertTokenizer). */
    BERT("bert"),
    /** Byte-level BPE from {@code vocab.json} + {@code merges.txt} (GPT2Tokenizer). */
    GPT2("gpt2"),
    /** GPT-2's files with RoBERTa's {@code <s> A </s>} post-processing (RobertaTokenizer). */
    ROBERTA("roberta"),
    /** SentencePiece Unigram with {@code </s>} appended and {@code <extra_id_N>} tokens (T5Tokenizer). */
    T5("t5"),
    /** SentencePiece with ALBERT's normalization and {@code [CLS] A [SEP]} (AlbertTokenizer). */
    ALBERT("albert"),
    /** SentencePiece with fairseq's id layout and {@code <mask>} (XLMRobertaTokenizer). */
    XLM_ROBERTA("xlm-roberta"),
    /** SentencePiece BPE with byte fallback and BOS (LlamaTokenizer; legacy or not per tokenizer_config). */
    LLAMA("llama"),
    /** SentencePiece BPE with byte fallback, Gemma's whitespace handling and BOS (GemmaTokenizer). */
    GEMMA("gemma"),
    /** Any other SentencePiece {@code .model}: transformers' generic SpmConverter layout. */
    SENTENCEPIECE("sentencepiece"),
    /** A tiktoken rank file ({@code *.tiktoken}), as transformers' TikTokenConverter writes it. */
    TIKTOKEN("tiktoken");

    private final String cliName;

    TokenizerFamily(String cliName) {
        this.cliName = cliName;
    }

    /** The name used by {@code hubkit tokenizer convert --type}. */
    public String cliName() {
        return cliName;
    }

    /** Parses a {@code --type} value (case-insensitive; {@code xlm_roberta} and {@code xlmroberta} also work). */
    public static Optional<TokenizerFamily> fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (TokenizerFamily f : values()) {
            if (f.cliName.equals(n) || f.cliName.replace("-", "").equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The family of a transformers tokenizer class ({@code BertTokenizer}, {@code LlamaTokenizerFast}, ...). */
    public static Optional<TokenizerFamily> fromTokenizerClass(String tokenizerClass) {
        String c = tokenizerClass.endsWith("Fast")
                ? tokenizerClass.substring(0, tokenizerClass.length() - 4) : tokenizerClass;
        return Optional.ofNullable(switch (c) {
            case "BertTokenizer", "DistilBertTokenizer", "ElectraTokenizer", "MobileBertTokenizer",
                    "LayoutLMTokenizer", "SqueezeBertTokenizer" -> BERT;
            case "GPT2Tokenizer", "CodeGenTokenizer", "GPTNeoXTokenizer" -> GPT2;
            case "RobertaTokenizer", "LongformerTokenizer", "BartTokenizer" -> ROBERTA;
            case "T5Tokenizer", "MT5Tokenizer" -> T5;
            case "AlbertTokenizer" -> ALBERT;
            case "XLMRobertaTokenizer" -> XLM_ROBERTA;
            case "LlamaTokenizer", "CodeLlamaTokenizer" -> LLAMA;
            case "GemmaTokenizer" -> GEMMA;
            default -> null;
        });
    }

    /** The family of a config.json {@code model_type}. */
    public static Optional<TokenizerFamily> fromModelType(String modelType) {
        return Optional.ofNullable(switch (modelType.toLowerCase(Locale.ROOT)) {
            case "bert", "distilbert", "electra", "mobilebert", "squeezebert" -> BERT;
            case "gpt2", "codegen", "gpt_neox" -> GPT2;
            case "roberta", "longformer", "bart" -> ROBERTA;
            case "t5", "mt5" -> T5;
            case "albert" -> ALBERT;
            case "xlm-roberta", "xlm_roberta" -> XLM_ROBERTA;
            case "llama", "mistral" -> LLAMA;
            case "gemma", "gemma2" -> GEMMA;
            default -> null;
        });
    }
}
