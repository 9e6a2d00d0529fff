package dev.hubkit.tokenizers.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.Padding;
import dev.hubkit.tokenizers.Truncation;
import dev.hubkit.tokenizers.added.AddedToken;
import dev.hubkit.tokenizers.decoders.Decoder;
import dev.hubkit.tokenizers.models.Model;
import dev.hubkit.tokenizers.normalizers.Normalizer;
import dev.hubkit.tokenizers.pretokenizers.PreTokenizer;
import dev.hubkit.tokenizers.processors.PostProcessor;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything read from a tokenizer.json. Optional stages are null.
 *
 * @param addedTokenIds the id each added token has in the file
 * @param treeSource gives the JSON as read (to write it back); may parse it again on each call
 */
public record TokenizerParts(Normalizer normalizer, PreTokenizer preTokenizer, Model model,
                             PostProcessor postProcessor, Decoder decoder, List<AddedToken> addedTokens,
                             List<Integer> addedTokenIds, Truncation truncation, Padding padding,
                             Supplier<ObjectNode> treeSource) {

    /** Parts whose JSON tree is already at hand. */
    public TokenizerParts(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
                          Decoder decoder, List<AddedToken> addedTokens, List<Integer> addedTokenIds,
                          Truncation truncation, Padding padding, ObjectNode tree) {
        this(normalizer, preTokenizer, model, postProcessor, decoder, addedTokens, addedTokenIds, truncation, padding,
                () -> tree);
    }

    /** The JSON as read. */
    public ObjectNode tree() {
        return treeSource.get();
    }
}
