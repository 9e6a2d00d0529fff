package dev.hubkit.tokenizers.processors;

import dev.hubkit.tokenizers.Encoding;
import java.util.List;

/** Chains post-processors. */
public record ProcessorSequence(List<PostProcessor> processors) implements PostProcessor {
    public ProcessorSequence {
        processors = List.copyOf(processors);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (PostProcessor p : processors) {
            n += p.addedTokens(isPair);
        }
        return n;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> e = encodings;
        for (PostProcessor p : processors) {
            e = p.processEncodings(e, addSpecialTokens);
        }
        return e;
    }
}
