package dev.hubkit.tokenizers.sentencepiece;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.sentencepiece.proto.SentencePieceModelProtos.ModelProto;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a {@code .model} file (a serialized ModelProto) and reports corrupt input precisely. */
final class ModelFileReader {
    /** Larger than any real SentencePiece model (the biggest are a few tens of MB). */
    static final long MAX_MODEL_BYTES = 1L << 30;

    private ModelFileReader() {
    }

    static ModelProto read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException("SentencePiece model " + file + " does not exist or is not a regular file."
                    + " Pass the path of a .model file (e.g. tokenizer.model or spiece.model).");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new TokenizerException("SentencePiece model " + file + " is empty (0 bytes);"
                        + " the download was probably interrupted. Fetch the file again.");
            }
            if (size > MAX_MODEL_BYTES) {
                throw new TokenizerException("SentencePiece model " + file + " is " + size + " bytes, more than the "
                        + MAX_MODEL_BYTES + " bytes any real model has; it is not a SentencePiece model.");
            }
            CodedInputStream in = CodedInputStream.newInstance(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
            in.setSizeLimit((int) size + 1);
            try {
                ModelProto proto = ModelProto.parseFrom(in);
                return proto;
            } catch (InvalidProtocolBufferException e) {
                throw new TokenizerException("SentencePiece model " + file + " is not a valid ModelProto protobuf"
                        + " (error near byte " + in.getTotalBytesRead() + " of " + size + ": " + e.getMessage()
                        + "). The file is truncated or not a SentencePiece .model file; download it again.", e);
            }
        } catch (NoSuchFileException e) {
            throw new TokenizerException("SentencePiece model " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read SentencePiece model " + file + ": " + e.getMessage(), e);
        }
    }
}
