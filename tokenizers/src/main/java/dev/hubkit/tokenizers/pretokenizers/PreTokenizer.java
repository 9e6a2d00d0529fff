package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.PreTokenizedString;

/** Second pipeline stage: cuts the normalized text into words. */
public sealed interface PreTokenizer
        permits BertPreTokenizer, ByteLevelPreTokenizer, Whitespace, WhitespaceSplit, Metaspace, Split, Punctuation,
        Digits, UnicodeScripts, CharDelimiterSplit, FixedLength, PreTokenizerSequence {

    /** Splits every not-yet-tokenized piece. */
    void preTokenize(PreTokenizedString s);
}
