package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading huggingface_hub 2.0's {@code trees/<commit>.json}: what is used, what is left out. */
class TreeListingTest {

    private static final String COMMIT = "a".repeat(40);
    private static final String OID = "1".repeat(40);
    private static final String SHA = "2".repeat(64);

    @TempDir
    Path repo;

    @Test
    void readsPlainAndLargeEntriesAndLeavesOutMalformedOnes() throws Exception {
        write("""
                {"format_version": 1, "files": {
                 "config.json": {"size": 7, "blob_id": "%1$s"},
                 "nulled.json": {"size": 7, "blob_id": "%1$s", "lfs_sha256": null},
                 "big.bin": {"size": 3000, "blob_id": "%1$s", "lfs_sha256": "%2$s", "lfs_size": 3000, "xet_hash": "x"},
                 "no-oid.bin": {"size": 3},
                 "bad-sha.bin": {"size": 3000, "blob_id": "%1$s", "lfs_sha256": "nothex", "lfs_size": 3000},
                 "sizes-differ.bin": {"size": 3000, "blob_id": "%1$s", "lfs_sha256": "%2$s", "lfs_size": 2999},
                 "text-size.bin": {"size": "7", "blob_id": "%1$s"}
                }}""".formatted(OID, SHA));
        var listing = TreeListing.read(repo, COMMIT);
        assertThat(listing).containsOnlyKeys("config.json", "nulled.json", "big.bin");
        assertThat(listing.get("config.json")).isEqualTo(new TreeListing.Entry(7, OID, null));
        assertThat(listing.get("nulled.json").isLfs()).isFalse();
        assertThat(listing.get("big.bin")).isEqualTo(new TreeListing.Entry(3000, OID, SHA));
    }

    @Test
    void unusableListingsAreEmpty() throws Exception {
        assertThat(TreeListing.read(repo, COMMIT)).isEmpty();
        for (String text : new String[]{"not json", "[]", "{\"format_version\": 2, \"files\": {}}",
                "{\"format_version\": 1, \"files\": []}"}) {
            write(text);
            assertThat(TreeListing.read(repo, COMMIT)).as(text).isEmpty();
        }
    }

    private void write(String text) throws Exception {
        Files.createDirectories(repo.resolve("trees"));
        Files.writeString(TreeListing.path(repo, COMMIT), text);
    }
}
