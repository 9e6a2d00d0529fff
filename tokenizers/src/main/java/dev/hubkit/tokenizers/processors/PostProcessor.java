package dev.hubkit.tokenizers.processors;

import dev.hubkit.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;

/** Last encoding stage: adds special tokens, sets type ids, adjusts offsets. */
public sealed interface PostProcessor
        permits TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevelProcessor, ProcessorSequence {

    /** Number of special tokens added for a single sequence or a pair. */
    int addedTokens(boolean isPair);

    /** Processes the encodings of the sequences (one or two), each already tagged with its sequence id. */
    List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens);

    /**
     * Tags each sequence (and its overflowing parts) with its sequence id, gives the sequence's tokens type id
     * 0 or 1, processes, then merges into one encoding (pair may be null).
     */
    default Encoding process(Encoding first, Encoding pair, boolean addSpecialTokens) {
        List<Encoding> in = new ArrayList<>(2);
        in.add(tag(first, 0));
        if (pair != null) {
            in.add(tag(pair, 1));
        }
        return Encoding.merge(processEncodings(in, addSpecialTokens));
    }

    /** Sets the sequence id on an encoding and its overflowing parts, and its type ids to the sequence id. */
    static Encoding tag(Encoding e, int seq) {
        List<Encoding> over = e.overflowing();
        if (!over.isEmpty()) {
            List<Encoding> tagged = new ArrayList<>(over.size());
            for (Encoding o : over) {
                tagged.add(o.withSequenceId(seq));
            }
            over = tagged;
        }
        return e.withSequenceId(seq).withTypeIds(seq).withOverflowing(over);
    }

    /** What happens without a post-processor. */
    static Encoding defaultProcess(Encoding first, Encoding pair) {
        if (pair == null) {
            return first;
        }
        return Encoding.merge(List.of(first.withSequenceId(0), pair.withSequenceId(1)));
    }
}
