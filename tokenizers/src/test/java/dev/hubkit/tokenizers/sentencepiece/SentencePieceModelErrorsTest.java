package dev.hubkit.tokenizers.sentencepiece;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.sentencepiece.proto.SentencePieceModelProtos.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt, truncated and inconsistent model files fail with precise messages. */
class SentencePieceModelErrorsTest {
    @TempDir
    Path tmp;

    private byte[] modelBytes(String name) throws IOException {
        SentencePieceParityTest.loadModel(tmp.resolve(name + "-dir"), name);
        return Files.readAllBytes(tmp.resolve(name + "-dir").resolve(name + ".model"));
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("nope.model");
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void emptyFile() throws IOException {
        Path p = write("empty.model", new byte[0]);
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("empty");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] full = modelBytes("bpe-identity");
        for (int cut : new int[] {1, 7, full.length / 3, full.length - 1}) {
            Path p = write("cut" + cut + ".model", Arrays.copyOf(full, cut));
            assertThatThrownBy(() -> SentencePieceModel.load(p)).as("cut at " + cut)
                    .isInstanceOf(TokenizerException.class).hasMessageContaining(p.toString());
        }
        Path p = write("cut-mid.model", Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("not a valid ModelProto").hasMessageContaining("near byte");
    }

    @Test
    void garbageFile() throws IOException {
        Path p = write("junk.model", "this is not a protobuf at all, just text\n".repeat(10).getBytes());
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(p.toString());
    }

    @Test
    void duplicatePiece() throws IOException {
        ModelProto proto = ModelProto.parseFrom(modelBytes("bpe-identity"));
        ModelProto.Builder b = proto.toBuilder();
        b.setPieces(10, b.getPieces(10).toBuilder().setPiece(b.getPieces(9).getPiece()));
        Path p = write("dup.model", b.build().toByteArray());
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("piece #10")
                .hasMessageContaining("already defined as piece #9");
    }

    @Test
    void noUnknownPiece() throws IOException {
        ModelProto.Builder b = ModelProto.parseFrom(modelBytes("bpe-identity")).toBuilder();
        b.setPieces(0, b.getPieces(0).toBuilder().setType(ModelProto.SentencePiece.Type.CONTROL));
        Path p = write("nounk.model", b.build().toByteArray());
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("no UNKNOWN piece");
    }

    @Test
    void missingBytePieces() throws IOException {
        ModelProto.Builder b = ModelProto.parseFrom(modelBytes("unigram-identity-bytes-digits")).toBuilder();
        int byteIdx = -1;
        for (int i = 0; i < b.getPiecesCount(); i++) {
            if (b.getPieces(i).getType() == ModelProto.SentencePiece.Type.BYTE) {
                byteIdx = i;
                break;
            }
        }
        b.setPieces(byteIdx, b.getPieces(byteIdx).toBuilder().setType(ModelProto.SentencePiece.Type.NORMAL));
        Path p = write("nobytes.model", b.build().toByteArray());
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("byte_fallback").hasMessageContaining("<0x00>");
    }

    @Test
    void corruptCharsmap() throws IOException {
        ModelProto.Builder b = ModelProto.parseFrom(modelBytes("unigram-nfkc")).toBuilder();
        byte[] map = b.getNormalizerSpec().getPrecompiledCharsmap().toByteArray();
        map[3] = 0x7f; // absurd trie size
        b.setNormalizerSpec(b.getNormalizerSpec().toBuilder()
                .setPrecompiledCharsmap(com.google.protobuf.ByteString.copyFrom(map)));
        Path p = write("badmap.model", b.build().toByteArray());
        assertThatThrownBy(() -> SentencePieceModel.load(p)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("precompiled_charsmap").hasMessageContaining(p.toString());
    }

    @Test
    void badIdsAndSampling() throws IOException {
        SentencePieceModel m = SentencePieceParityTest.loadModel(tmp, "unigram-nfkc");
        assertThatThrownBy(() -> m.decodeIds(new int[] {1, m.size()})).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> m.idToPiece(-1)).isInstanceOf(TokenizerException.class);
        assertThatThrownBy(() -> m.sampleEncodeIds("x", 5, 0.1f)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("not supported");
    }

    @Test
    void vocabularyAccessors() throws IOException {
        SentencePieceModel m = SentencePieceParityTest.loadModel(tmp, "char-identity");
        assertThat(m.modelType()).isEqualTo(ModelType.CHAR);
        assertThat(m.unkId()).isZero();
        assertThat(m.idToPiece(m.unkId())).isEqualTo("[UNK]");
        assertThat(m.bosId()).isEqualTo(-1);
        assertThat(m.padId()).isEqualTo(3);
        assertThat(m.type(3)).isEqualTo(PieceType.CONTROL);
        assertThat(m.pieceToId("<mask>")).isNotEqualTo(m.unkId());
        assertThat(m.type(m.pieceToId("<mask>"))).isEqualTo(PieceType.USER_DEFINED);
        assertThat(m.pieceToId("no such piece")).isEqualTo(m.unkId());
        assertThat(m.trainerSpec().userDefinedSymbols()).contains("<mask>", "[SEP]");
        assertThat(m.normalizerSpec().name()).isEqualTo("identity");
        assertThat(m.normalizerSpec().precompiledCharsmap()).isEmpty();
        SentencePieceModel n = SentencePieceParityTest.loadModel(tmp, "bpe-nfkc-cf-bytes");
        assertThat(n.normalizerSpec().name()).isEqualTo("nmt_nfkc_cf");
        assertThat(n.normalizerSpec().precompiledCharsmap().length).isGreaterThan(100_000);
        assertThat(n.trainerSpec().byteFallback()).isTrue();
        assertThat(n.trainerSpec().splitDigits()).isTrue();
        assertThat(n.type(n.pieceToId("<0x41>"))).isEqualTo(PieceType.BYTE);
        assertThat(n.decodePieces(n.encodePieces("Ｈｅｌｌｏ World"))).isEqualTo("hello world");
    }
}
