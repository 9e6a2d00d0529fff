package dev.hubkit.cli.quickstart;

import dev.hubkit.tokenizers.AutoTokenizer;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import java.io.PrintWriter;
import java.util.Arrays;

/** Step: tokenizes a sentence with the model's tokenizer.json and decodes it back. */
public final class TokenizeStep implements QuickstartStep {

    static final String SENTENCE = "Hubkit brings the hub to the JVM.";

    @Override
    public String title() {
        return "Tokenize a sentence";
    }

    @Override
    public void run(QuickstartContext context) {
        PrintWriter out = context.out();
        Tokenizer tokenizer = AutoTokenizer.fromPretrained(context.requireModelDir().toString());
        out.println("      $ echo '" + SENTENCE + "' | hubkit tokenize -t " + context.requireModelDir());
        Encoding encoding = tokenizer.encode(SENTENCE);
        out.println("      tokens " + Arrays.toString(encoding.tokens()));
        out.println("      ids    " + Arrays.toString(encoding.ids()));
        out.println("      decode \"" + tokenizer.decode(encoding.ids(), true) + "\"");
    }
}
