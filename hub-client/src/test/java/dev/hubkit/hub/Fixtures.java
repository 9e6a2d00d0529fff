package dev.hubkit.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Builds served repo folders for tests. */
final class Fixtures {

    static final String TOKENIZER_JSON = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
            + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"post_processor\":null,\"decoder\":null,"
            + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0,\"hello\":1,\"world\":2,\"hub\":3},"
            + "\"unk_token\":\"[UNK]\"}}";

    private Fixtures() {
    }

    /** {@code root/acme/tiny} with config.json, sub/notes.txt and a random big.bin of {@code bigSize} bytes. */
    static Path tinyRepo(Path root, int bigSize) throws IOException {
        Path repo = root.resolve("acme/tiny");
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("config.json"), "{\"model_type\":\"bert\",\"hidden_size\":8}\n");
        Files.writeString(repo.resolve("sub/notes.txt"), "hello hub\n");
        Files.writeString(repo.resolve("tokenizer.json"), TOKENIZER_JSON);
        Files.write(repo.resolve("big.bin"), random(bigSize, 42));
        return repo;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String gitSha1(byte[] b) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md.digest(b));
    }
}
