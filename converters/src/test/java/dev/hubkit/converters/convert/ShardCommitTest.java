package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharded output put in place over an earlier checkpoint of the same file names. */
class ShardCommitTest {
    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";
    private static final String INDEX = "model.safetensors.index.json";
    private static final List<String> NAMES = List.of(SHARD1, SHARD2, INDEX);

    @TempDir
    Path root;
    Path dir;
    Path temp;

    /** Stops a commit where a crash or Ctrl-C would: nothing after it runs, no undo either. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeEach
    void checkpoints() throws IOException {
        dir = Files.createDirectories(root.resolve("out"));
        temp = Files.createDirectories(dir.resolve(".hubkit-convert-1"));
        for (String n : NAMES) {
            Files.writeString(dir.resolve(n), "earlier " + n);
            Files.writeString(temp.resolve(n), "new " + n);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aCommitCutShortNeverLeavesTheEarlierIndexOverANewShard() throws IOException {
        assertThatThrownBy(() -> ShardCommit.commit(temp, dir, NAMES, new ConversionWarnings(), () -> { }, (from, to) -> {
            if (from.equals(temp.resolve(SHARD2))) {
                throw new Crash();
            }
            move(from, to);
        })).isInstanceOf(Crash.class);
        assertThat(dir.resolve(SHARD1)).hasContent("new " + SHARD1);
        // no index: a reader cannot take the new first shard and the earlier second one for one checkpoint
        assertThat(dir.resolve(INDEX)).doesNotExist();
        // the earlier checkpoint is whole in the folder set aside, to be moved back by hand
        try (Stream<Path> s = Files.list(dir)) {
            Path aside = s.filter(p -> p.getFileName().toString().startsWith(".hubkit-earlier-")).findFirst()
                    .orElseThrow();
            for (String n : NAMES) {
                assertThat(aside.resolve(n)).hasContent("earlier " + n);
            }
        }
    }

    @Test
    void aFailedCommitPutsEveryEarlierFileBackAndLeavesNoNewOne() {
        assertThatThrownBy(() -> ShardCommit.commit(temp, dir, NAMES, new ConversionWarnings(), () -> { }, (from, to) -> {
            if (from.equals(temp.resolve(INDEX))) {
                throw new IOException("disk gone");
            }
            move(from, to);
        })).isInstanceOf(IOException.class).hasMessage("disk gone");
        for (String n : NAMES) {
            assertThat(dir.resolve(n)).hasContent("earlier " + n);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(SHARD1, SHARD2, INDEX, ".hubkit-convert-1");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCheckThatFailsOnceTheFilesAreInPlacePutsTheEarlierCheckpointBack() throws IOException {
        assertThatThrownBy(() -> ShardCommit.commit(temp, dir, NAMES, new ConversionWarnings(), () -> {
            assertThat(dir.resolve(INDEX)).hasContent("new " + INDEX); // the check reads the files in place
            throw new FormatException(dir.resolve(INDEX), "verification failed: tensor 'w' differs");
        })).isInstanceOf(FormatException.class).hasMessageContaining("verification failed");
        for (String n : NAMES) {
            assertThat(dir.resolve(n)).hasContent("earlier " + n);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(SHARD1, SHARD2, INDEX, ".hubkit-convert-1");
        }
    }

    @Test
    void aFolderSetAsideByACommitCutShortIsNamedAndKept() throws IOException {
        Path stale = Files.createDirectories(dir.resolve(".hubkit-earlier-7"));
        Files.writeString(stale.resolve(INDEX), "older");
        ConversionWarnings warnings = new ConversionWarnings();
        ShardCommit.commit(temp, dir, NAMES, warnings);
        assertThat(warnings.messages()).singleElement().asString().startsWith(stale + " holds files of a checkpoint");
        assertThat(stale.resolve(INDEX)).hasContent("older");
    }

    @Test
    void aCommitReplacesTheEarlierFilesAndKeepsNoneAside() throws IOException {
        List<Path> placed = ShardCommit.commit(temp, dir, NAMES, new ConversionWarnings());
        assertThat(placed).containsExactly(dir.resolve(SHARD1), dir.resolve(SHARD2), dir.resolve(INDEX));
        for (String n : NAMES) {
            assertThat(dir.resolve(n)).hasContent("new " + n);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(SHARD1, SHARD2, INDEX, ".hubkit-convert-1");
        }
    }
}
