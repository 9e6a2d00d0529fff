package dev.hubkit.tokenizers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece-style tokenizer.json files (Llama-2-like BPE with byte fallback, T5-like Unigram with Metaspace),
 * with vocabularies trained here by a small BPE trainer on a fixed corpus.
 */
final class SentencePieceFixtures {
    static final String CORPUS = String.join(" ",
            "the quick brown fox jumps over the lazy dog while the other dogs are sleeping in the sun",
            "tokenizers split text into tokens and the tokens are mapped to ids for the model",
            "a unigram language model keeps the most likely segmentation of every sentence",
            "byte pair encoding merges the most frequent pair of symbols again and again",
            "hello world hello there this is another sentence with some repeated words words words",
            "international information interesting internal intern interview into");

    private SentencePieceFixtures() {
    }

    /** Trains {@code n} BPE merges over the corpus words (each prefixed with U+2581). */
    static List<String[]> trainMerges(int n) {
        Map<List<String>, Integer> words = new LinkedHashMap<>();
        for (String w : CORPUS.split(" ")) {
            List<String> sym = new ArrayList<>();
            String x = "\u2581" + w;
            x.codePoints().forEach(cp -> sym.add(new String(Character.toChars(cp))));
            words.merge(sym, 1, Integer::sum);
        }
        List<String[]> merges = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Map.Entry<List<String>, Integer> e : words.entrySet()) {
                List<String> s = e.getKey();
                for (int i = 0; i + 1 < s.size(); i++) {
                    counts.merge(s.get(i) + "\u0000" + s.get(i + 1), e.getValue(), Integer::sum);
                }
            }
            String best = null;
            int bestCount = 1;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split("\u0000");
            merges.add(pair);
            Map<List<String>, Integer> next = new LinkedHashMap<>();
            for (Map.Entry<List<String>, Integer> e : words.entrySet()) {
                List<String> s = new ArrayList<>(e.getKey());
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(pair[0]) && s.get(i + 1).equals(pair[1])) {
                        s.set(i, pair[0] + pair[1]);
                        s.remove(i + 1);
                    }
                }
                next.merge(s, e.getValue(), Integer::sum);
            }
            words = next;
        }
        return merges;
    }

    static List<String> alphabet() {
        List<String> a = new ArrayList<>();
        ("\u2581" + CORPUS.replace(" ", "")).codePoints().distinct().sorted()
                .forEach(cp -> a.add(new String(Character.toChars(cp))));
        return a;
    }

    private static ObjectNode special(ObjectMapper m, int id, String content) {
        ObjectNode t = m.createObjectNode();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
        return t;
    }

    /** Llama-2-like: Prepend+Replace normalizer, BPE with byte_fallback, BOS template, Replace/ByteFallback decoders. */
    static String llama2Style() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens").add(special(m, 0, "<unk>")).add(special(m, 1, "<s>")).add(special(m, 2, "</s>"));
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "Sequence");
        ArrayNode ns = norm.putArray("normalizers");
        ns.addObject().put("type", "Prepend").put("prepend", "\u2581");
        ObjectNode rep = ns.addObject();
        rep.put("type", "Replace");
        rep.putObject("pattern").put("String", " ");
        rep.put("content", "\u2581");
        root.putNull("pre_tokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode st = post.putObject("special_tokens").putObject("<s>");
        st.put("id", "<s>");
        st.putArray("ids").add(1);
        st.putArray("tokens").add("<s>");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "Sequence");
        ArrayNode ds = dec.putArray("decoders");
        ObjectNode d1 = ds.addObject();
        d1.put("type", "Replace");
        d1.putObject("pattern").put("String", "\u2581");
        d1.put("content", " ");
        ds.addObject().put("type", "ByteFallback");
        ds.addObject().put("type", "Fuse");
        ds.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        vocab.put("<unk>", 0);
        vocab.put("<s>", 1);
        vocab.put("</s>", 2);
        int id = 3;
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format("<0x%02X>", b), id++);
        }
        for (String a : alphabet()) {
            if (!vocab.has(a)) {
                vocab.put(a, id++);
            }
        }
        ArrayNode merges = model.putArray("merges");
        for (String[] mg : trainMerges(120)) {
            if (!vocab.has(mg[0] + mg[1])) {
                vocab.put(mg[0] + mg[1], id++);
            }
            merges.add(mg[0] + " " + mg[1]);
        }
        return m.writeValueAsString(root);
    }

    /** T5/ALBERT-like Unigram with Metaspace pre-tokenizer and decoder. */
    static String unigramMetaspace(String prependScheme, boolean byteFallback) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens").add(special(m, 0, "<pad>")).add(special(m, 1, "</s>")).add(special(m, 2, "<unk>"));
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "Sequence");
        ArrayNode ns = norm.putArray("normalizers");
        ns.addObject().put("type", "NFKC");
        ObjectNode rep = ns.addObject();
        rep.put("type", "Replace");
        rep.putObject("pattern").put("Regex", " {2,}");
        rep.put("content", " ");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Metaspace");
        pre.put("replacement", "\u2581");
        pre.put("prepend_scheme", prependScheme);
        pre.put("split", true);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        post.putArray("single").addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        post.withArray("single").addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ObjectNode st = post.putObject("special_tokens").putObject("</s>");
        st.put("id", "</s>");
        st.putArray("ids").add(1);
        st.putArray("tokens").add("</s>");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "Metaspace");
        dec.put("replacement", "\u2581");
        dec.put("prepend_scheme", prependScheme);
        dec.put("split", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", 2);
        model.put("byte_fallback", byteFallback);
        ArrayNode vocab = model.putArray("vocab");
        vocab.addArray().add("<pad>").add(0.0);
        vocab.addArray().add("</s>").add(0.0);
        vocab.addArray().add("<unk>").add(0.0);
        Map<String, Double> scores = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (String a : alphabet()) {
            scores.put(a, -6.0 - (a.codePointAt(0) % 7) * 0.25);
            order.add(a);
        }
        int k = 0;
        for (String[] mg : trainMerges(150)) {
            String t = mg[0] + mg[1];
            if (!scores.containsKey(t)) {
                scores.put(t, -3.0 - k * 0.02 - t.length() * 0.1);
                order.add(t);
            }
            k++;
        }
        for (String t : order) {
            vocab.addArray().add(t).add(scores.get(t));
        }
        if (byteFallback) {
            for (int b = 0; b < 256; b++) {
                vocab.addArray().add(String.format("<0x%02X>", b)).add(-20.0);
            }
        }
        return m.writeValueAsString(root);
    }
}
