package dev.hubkit.tokenizers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.tiktoken.TiktokenToTokenizerJson;
import java.io.IOException;
import java.io.InputStream;

/** Real byte-level BPE tokenizer.json files built by {@link TiktokenToTokenizerJson} from jtokkit's rank files. */
final class TiktokenFixtures {
    private TiktokenFixtures() {
    }

    private static ObjectNode convert(String name, TiktokenToTokenizerJson converter) throws IOException {
        String resource = "com/knuddels/jtokkit/" + name + ".tiktoken";
        try (InputStream in = TiktokenFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " not on the test classpath (com.knuddels:jtokkit)");
            }
            return converter.convert(in, resource);
        }
    }

    /** GPT-2 (r50k_base) with the GPT-2 byte-level pipeline. */
    static String gpt2() throws IOException {
        return convert("r50k_base", TiktokenToTokenizerJson.gpt2ByteLevel().mergesAsPairs(false)
                .specialToken("<|endoftext|>", 50256).build()).toString();
    }

    /** cl100k_base vocabulary with the Llama-3 pipeline (Split regex + ByteLevel, BOS template, ignore_merges). */
    static String llama3Style() throws IOException {
        int bos = 100256;
        ObjectNode root = convert("cl100k_base",
                TiktokenToTokenizerJson.splitThenByteLevel(TiktokenToTokenizerJson.CL100K_REGEX)
                        .specialToken("<|begin_of_text|>", bos).specialToken("<|end_of_text|>", bos + 1).build());
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
        return root.toString();
    }
}
