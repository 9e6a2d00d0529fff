/**
 * Model configuration files: {@code config.json} ({@link dev.hubkit.core.config.ModelConfig},
 * {@link dev.hubkit.core.config.AutoConfig}), {@code generation_config.json},
 * {@code tokenizer_config.json} and {@code special_tokens_map.json}. Files are read with their key
 * order and number spelling kept, and written back the way transformers writes them.
 */
package dev.hubkit.core.config;
