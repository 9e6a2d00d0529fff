package dev.hubkit.tokenizers;

import dev.hubkit.core.HubkitException;

/** Raised for malformed or unsupported tokenizer files and invalid tokenizer use. */
public class TokenizerException extends HubkitException {
    private static final long serialVersionUID = 1L;

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
