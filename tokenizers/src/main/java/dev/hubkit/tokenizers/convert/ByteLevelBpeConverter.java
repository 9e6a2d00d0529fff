package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.TokenizerException;
import java.nio.file.Path;

/**
 * vocab.json + merges.txt to a byte-level BPE tokenizer.json, as transformers' GPT2Converter and
 * RobertaConverter (add_prefix_space, add_bos_token, RoBERTa's {@code <s> A </s>} template).
 */
final class ByteLevelBpeConverter {
    private ByteLevelBpeConverter() {
    }

    static ObjectNode convert(SlowFiles files, boolean roberta) {
        Path vocabFile = files.file(SlowFiles.Kind.VOCAB_JSON).orElseThrow(() -> new TokenizerException(
                files.source() + " has no vocab.json, which a " + (roberta ? "RoBERTa" : "GPT-2") + " tokenizer needs."));
        Path mergesFile = files.file(SlowFiles.Kind.MERGES_TXT).orElseThrow(() -> new TokenizerException(
                files.source() + " has vocab.json but no merges.txt beside it; byte-level BPE needs both."));
        Gpt2Files bpe = Gpt2Files.read(vocabFile, mergesFile);
        boolean addPrefixSpace = files.bool("add_prefix_space", false);

        ObjectNode model = JsonParts.type("BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                .put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        bpe.vocab().forEach(v::put);
        ArrayNode merges = model.putArray("merges");
        for (String[] m : bpe.merges()) {
            merges.addArray().add(m[0]).add(m[1]);
        }
        int size = bpe.vocab().values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        AddedTokens added = new AddedTokens(t -> bpe.vocab().getOrDefault(t, -1), size);
        ObjectNode post;
        if (roberta) {
            String bos = files.specialToken("bos_token", "<s>");
            String eos = files.specialToken("eos_token", "</s>");
            String sep = files.specialToken("sep_token", "</s>");
            String cls = files.specialToken("cls_token", "<s>");
            String unk = files.specialToken("unk_token", "<unk>");
            String pad = files.specialToken("pad_token", "<pad>");
            String mask = files.specialToken("mask_token", "<mask>");
            for (String s : new String[] {bos, pad, eos, unk, sep, cls}) {
                added.special(s);
            }
            added.add(mask, true, true, false, false);
            added.fromConfig(files);
            post = JsonParts.type("RobertaProcessing");
            post.putArray("sep").add(sep).add(requireId(added, sep, vocabFile));
            post.putArray("cls").add(cls).add(requireId(added, cls, vocabFile));
            post.put("trim_offsets", files.bool("trim_offsets", true)).put("add_prefix_space", addPrefixSpace);
        } else {
            String bos = files.specialToken("bos_token", "<|endoftext|>");
            String eos = files.specialToken("eos_token", "<|endoftext|>");
            String unk = files.specialToken("unk_token", "<|endoftext|>");
            for (String s : new String[] {bos, eos, unk, files.specialToken("pad_token", null)}) {
                added.special(s);
            }
            added.fromConfig(files);
            if (files.bool("add_bos_token", false) && bos != null) {
                post = JsonParts.template(new String[] {bos + ":0", "$A:0"}, new String[] {bos + ":0", "$A:0", "$B:1"},
                        JsonParts.specials(bos, requireId(added, bos, vocabFile), null, 0));
            } else {
                post = JsonParts.byteLevel(true, false);
            }
        }
        return JsonParts.root(added, null, JsonParts.byteLevel(addPrefixSpace, true), post,
                JsonParts.byteLevel(true, true), model);
    }

    private static int requireId(AddedTokens added, String token, Path vocabFile) {
        int id = added.idOf(token);
        if (id < 0) {
            throw new TokenizerException("vocab.json " + vocabFile + " has no token '" + token + "', which the"
                    + " post-processor needs.");
        }
        return id;
    }
}
