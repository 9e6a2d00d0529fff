package dev.hubkit.tokenizers.json;

import dev.hubkit.tokenizers.models.MergeList;
import dev.hubkit.tokenizers.models.Vocab;

/**
 * {@code model.vocab} and {@code model.merges} of a tokenizer.json parsed straight from its UTF-8 bytes by
 * {@link ModelSectionScanner}, and the rest of the document: the same bytes with those two values replaced by
 * {@code {}} and {@code []} (small, for Jackson).
 *
 * @param vocab  the entries of {@code model.vocab} in file order, or null when it was not a JSON object
 * @param merges the pairs of {@code model.merges}, or null when it was not a JSON array
 * @param rest   the document without the two values
 */
record ModelSections(Vocab.Entries vocab, MergeList merges, byte[] rest) {
}
