package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.decoders.BpeDecoder;
import dev.hubkit.tokenizers.decoders.ByteFallback;
import dev.hubkit.tokenizers.decoders.ByteLevelDecoder;
import dev.hubkit.tokenizers.decoders.Ctc;
import dev.hubkit.tokenizers.decoders.DecoderSequence;
import dev.hubkit.tokenizers.decoders.Fuse;
import dev.hubkit.tokenizers.decoders.MetaspaceDecoder;
import dev.hubkit.tokenizers.decoders.ReplaceDecoder;
import dev.hubkit.tokenizers.decoders.StripDecoder;
import dev.hubkit.tokenizers.decoders.WordPieceDecoder;
import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.Patterns;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoder behaviors, with expectations from the Rust library's tests. */
class DecodersTest {

    @Test
    void wordPiece() {
        assertThat(new WordPieceDecoder("##", true).decode(List.of("hello", "##s", ",", "i", "do", "not", "know", "."))
        ).isEqualTo("hellos, i do not know."); // cleanup runs per token, so " do not" never forms
        assertThat(new WordPieceDecoder("##", false).decode(List.of("a", "##b", "."))).isEqualTo("ab .");
    }

    @Test
    void byteLevel() {
        String hello = ByteLevelAlphabet.encode(" héllo");
        assertThat(hello).isEqualTo("Ġh\u00c3\u00a9llo");
        assertThat(new ByteLevelDecoder().decode(List.of("Hello", hello))).isEqualTo("Hello héllo");
        // a lone byte of a multi-byte char decodes to U+FFFD
        assertThat(new ByteLevelDecoder().decode(List.of("\u00c3"))).isEqualTo("\uFFFD");
    }

    @Test
    void metaspaceAndSentencePieceChain() {
        assertThat(new MetaspaceDecoder(0x2581, true).decode(List.of("\u2581Hey", "\u2581friend!"))).isEqualTo(
                "Hey friend!");
        assertThat(new MetaspaceDecoder(0x2581, false).decode(List.of("\u2581Hey", "\u2581friend!"))).isEqualTo(
                " Hey friend!");
        DecoderSequence llama = new DecoderSequence(List.of(new ReplaceDecoder(Patterns.literal("\u2581"), " "),
                new ByteFallback(), new Fuse(), new StripDecoder(' ', 1, 0)));
        assertThat(llama.decode(List.of("\u2581Hi", "<0xE2>", "<0x82>", "<0xAC>", "\u2581you"))).isEqualTo("Hi€ you");
        assertThat(new ByteFallback().decodeChain(List.of("<0xE2>", "<0x82>", "x"))).containsExactly("\uFFFD",
                "\uFFFD", "x");
    }

    @Test
    void bpeAndCtc() {
        assertThat(new BpeDecoder("</w>").decode(List.of("hel", "lo</w>", "world</w>"))).isEqualTo("hello world");
        assertThat(new Ctc("<pad>", "|", true).decode(List.of("<pad>", "h", "h", "e", "<pad>", "l", "l", "<pad>", "l",
                "o", "|", "w", "o", "r", "l", "d"))).isEqualTo("hello world");
    }
}
