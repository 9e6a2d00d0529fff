package dev.hubkit.hub;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Arrays;

/** Run in a forked JVM with HF_ENDPOINT/HF_HOME set: the Rust hf-hub client downloads args[0]'s tokenizer. */
public final class DjlHfHubMain {

    private DjlHfHubMain() {
    }

    public static void main(String[] args) throws Exception {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(args[0])) {
            Encoding e = tok.encode("hello world hub");
            System.out.println("IDS " + Arrays.toString(e.getIds()));
        }
    }
}
