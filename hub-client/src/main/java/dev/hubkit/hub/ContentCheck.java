package dev.hubkit.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a downloaded body is checked against the etag its blob is named by, besides its size.
 * huggingface_hub names a blob by the normalised {@code X-Linked-Etag} (the sha256 of a large-storage
 * file) or else the {@code ETag} (the git blob id of a regular file); a repo listing carries the same
 * two ids ({@code lfs.oid}/{@code lfs.sha256} and {@code oid}/{@code blobId}).
 */
enum ContentCheck {
    /** Size only: the etag is a {@code HEAD} answer's {@code ETag}, not checked (as huggingface_hub does). */
    SIZE(null),
    /** The etag is the sha256 of the content (large-file storage). */
    SHA256("sha256"),
    /**
     * The etag is the git blob id of the content, {@code sha1("blob {size}\0" + content)}: what a
     * listing's {@code oid} says about a regular file. Checked because the blob is named after the
     * listing instead of the server's answer for the file itself.
     */
    GIT_BLOB_SHA1("git blob id");

    private final String label;
    /** A fresh digest to clone: cloning skips the provider lookup of {@code getInstance} per file. */
    private final MessageDigest prototype;

    ContentCheck(String label) {
        this.label = label;
        this.prototype = label == null ? null : digest(label.equals("sha256") ? "SHA-256" : "SHA-1");
    }

    /** The check an etag from a {@code HEAD} answer gets (the sha256 check where it is one). */
    static ContentCheck forHeadEtag(String etag) {
        return FileMetadata.isSha256(etag) ? SHA256 : SIZE;
    }

    /** Whether a body is hashed at all. */
    boolean hashes() {
        return this != SIZE;
    }

    /** What the hash is called in messages. */
    String label() {
        return label;
    }

    /** A digest ready for the first byte of a body of {@code size} bytes, or null for {@link #SIZE}. */
    MessageDigest start(long size) {
        if (prototype == null) {
            return null;
        }
        MessageDigest d;
        try {
            d = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            d = digest(prototype.getAlgorithm());
        }
        return this == GIT_BLOB_SHA1 ? restart(d, size) : d;
    }

    /** Resets {@code digest} to the state of {@link #start(long)}; returns it. */
    MessageDigest restart(MessageDigest digest, long size) {
        if (digest == null) {
            return null;
        }
        digest.reset();
        if (this == GIT_BLOB_SHA1) {
            digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        return digest;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no " + algorithm, e);
        }
    }
}
