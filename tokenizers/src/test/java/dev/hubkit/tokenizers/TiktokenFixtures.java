package dev.hubkit.tokenizers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds real byte-level BPE tokenizer.json files from jtokkit's tiktoken rank files. */
final class TiktokenFixtures {
    static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private TiktokenFixtures() {
    }

    record Ranks(List<byte[]> tokens) {
    }

    static Ranks load(String name) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = TiktokenFixtures.class.getClassLoader()
                .getResourceAsStream("com/knuddels/jtokkit/" + name + ".tiktoken");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(" ");
                int rank = Integer.parseInt(parts[1]);
                while (out.size() <= rank) {
                    out.add(null);
                }
                out.set(rank, Base64.getDecoder().decode(parts[0]));
            }
        }
        return new Ranks(out);
    }

    private static String key(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Derives (left, right) for every multi-byte token by running BPE with lower ranks only. */
    static List<String[]> merges(Ranks ranks) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < ranks.tokens().size(); i++) {
            byte[] t = ranks.tokens().get(i);
            if (t != null) {
                rank.put(key(t, 0, t.length), i);
            }
        }
        List<String[]> merges = new ArrayList<>();
        for (int r = 0; r < ranks.tokens().size(); r++) {
            byte[] t = ranks.tokens().get(r);
            if (t == null || t.length < 2) {
                continue;
            }
            List<int[]> parts = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                parts.add(new int[] {i, i + 1});
            }
            while (parts.size() > 2) {
                int best = -1;
                int bestRank = Integer.MAX_VALUE;
                for (int i = 0; i + 1 < parts.size(); i++) {
                    Integer pr = rank.get(key(t, parts.get(i)[0], parts.get(i + 1)[1]));
                    if (pr != null && pr < r && pr < bestRank) {
                        bestRank = pr;
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                parts.get(best)[1] = parts.get(best + 1)[1];
                parts.remove(best + 1);
            }
            if (parts.size() != 2) {
                continue;
            }
            merges.add(new String[] {bl(t, parts.get(0)[0], parts.get(0)[1]), bl(t, parts.get(1)[0], parts.get(1)[1])});
        }
        return merges;
    }

    private static String bl(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(ByteLevelAlphabet.charOf(b[i]));
        }
        return sb.toString();
    }

    static ObjectNode bpeModel(ObjectMapper m, Ranks ranks, boolean ignoreMerges, boolean pairMerges) {
        ObjectNode model = m.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", ignoreMerges);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < ranks.tokens().size(); i++) {
            byte[] t = ranks.tokens().get(i);
            if (t != null) {
                vocab.put(bl(t, 0, t.length), i);
            }
        }
        ArrayNode merges = model.putArray("merges");
        for (String[] mg : merges(ranks)) {
            if (pairMerges) {
                merges.addArray().add(mg[0]).add(mg[1]);
            } else {
                merges.add(mg[0] + " " + mg[1]);
            }
        }
        return model;
    }

    private static ObjectNode added(ObjectMapper m, int id, String content) {
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

    /** GPT-2 (r50k_base) with the GPT-2 byte-level pipeline. */
    static String gpt2() throws IOException {
        ObjectMapper m = new ObjectMapper();
        Ranks ranks = load("r50k_base");
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens").add(added(m, ranks.tokens().size(), "<|endoftext|>"));
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", true);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "ByteLevel");
        post.put("add_prefix_space", true);
        post.put("trim_offsets", false);
        post.put("use_regex", true);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", true);
        dec.put("trim_offsets", true);
        dec.put("use_regex", true);
        root.set("model", bpeModel(m, ranks, false, false));
        return m.writeValueAsString(root);
    }

    /** cl100k_base vocabulary with the Llama-3 pipeline (Split regex + ByteLevel, BOS template, ignore_merges). */
    static String llama3Style() throws IOException {
        ObjectMapper m = new ObjectMapper();
        Ranks ranks = load("cl100k_base");
        int bos = ranks.tokens().size();
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens").add(added(m, bos, "<|begin_of_text|>")).add(added(m, bos + 1, "<|end_of_text|>"));
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode pres = pre.putArray("pretokenizers");
        ObjectNode split = pres.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", LLAMA3_REGEX);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        ObjectNode bl = pres.addObject();
        bl.put("type", "ByteLevel");
        bl.put("add_prefix_space", false);
        bl.put("trim_offsets", true);
        bl.put("use_regex", false);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "Sequence");
        ArrayNode procs = post.putArray("processors");
        ObjectNode p1 = procs.addObject();
        p1.put("type", "ByteLevel");
        p1.put("add_prefix_space", true);
        p1.put("trim_offsets", false);
        p1.put("use_regex", true);
        ObjectNode p2 = procs.addObject();
        p2.put("type", "TemplateProcessing");
        ArrayNode single = p2.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = p2.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode st = p2.putObject("special_tokens").putObject("<|begin_of_text|>");
        st.put("id", "<|begin_of_text|>");
        st.putArray("ids").add(bos);
        st.putArray("tokens").add("<|begin_of_text|>");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", true);
        dec.put("trim_offsets", true);
        dec.put("use_regex", true);
        root.set("model", bpeModel(m, ranks, true, true));
        return m.writeValueAsString(root);
    }
}
