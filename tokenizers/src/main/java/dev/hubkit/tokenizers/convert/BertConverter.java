package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.TokenizerException;
import java.nio.file.Path;
import java.util.Map;

/** vocab.txt + tokenizer_config.json to a BERT WordPiece tokenizer.json, as transformers' BertConverter. */
final class BertConverter {
    private BertConverter() {
    }

    static ObjectNode convert(SlowFiles files) {
        Path vocabFile = files.file(SlowFiles.Kind.VOCAB_TXT).orElseThrow(() -> new TokenizerException(
                files.source() + " has no vocab.txt, which a BERT tokenizer needs."));
        Map<String, Integer> vocab = VocabTxt.read(vocabFile);
        String unk = files.specialToken("unk_token", "[UNK]");
        String cls = files.specialToken("cls_token", "[CLS]");
        String sep = files.specialToken("sep_token", "[SEP]");
        String pad = files.specialToken("pad_token", "[PAD]");
        String mask = files.specialToken("mask_token", "[MASK]");
        for (String[] t : new String[][] {{"unk_token", unk}, {"cls_token", cls}, {"sep_token", sep}}) {
            if (t[1] == null || !vocab.containsKey(t[1])) {
                throw new TokenizerException("vocab.txt " + vocabFile + " has no " + t[0] + " '" + t[1] + "'; set "
                        + t[0] + " in tokenizer_config.json to a token of the vocabulary.");
            }
        }
        boolean lower = files.bool("do_lower_case", true);
        ObjectNode normalizer = JsonParts.type("BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", files.bool("tokenize_chinese_chars", true));
        Boolean strip = files.boolOrNull("strip_accents");
        if (strip == null) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", strip);
        }
        normalizer.put("lowercase", lower);

        ObjectNode model = JsonParts.type("WordPiece").put("unk_token", unk).put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);

        AddedTokens added = new AddedTokens(t -> vocab.getOrDefault(t, -1), vocab.size());
        for (String s : new String[] {pad, unk, cls, sep, mask}) {
            added.special(s);
        }
        added.fromConfig(files);
        ObjectNode post = JsonParts.template(new String[] {cls + ":0", "$A:0", sep + ":0"},
                new String[] {cls + ":0", "$A:0", sep + ":0", "$B:1", sep + ":1"},
                JsonParts.specials(cls, added.idOf(cls), sep, added.idOf(sep)));
        ObjectNode decoder = JsonParts.type("WordPiece").put("prefix", "##").put("cleanup", true);
        return JsonParts.root(added, normalizer, JsonParts.type("BertPreTokenizer"), post, decoder, model);
    }
}
