package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hf download}'s reading of FILES, {@code --include/--exclude} and {@code hf://} URIs. */
class FileSelectionAndHfUriTest {

    @Test
    void oneFileIsASingleDownloadSeveralArePatterns() {
        FileSelection one = FileSelection.of(List.of("a.txt"), List.of(), List.of());
        assertThat(one.singleFile()).isEqualTo("a.txt");
        assertThat(one.warnings()).isEmpty();
        FileSelection two = FileSelection.of(List.of("*.json", "a.txt"), List.of("x"), List.of("y"));
        assertThat(two.singleFile()).isNull();
        assertThat(two.allow()).containsExactly("*.json", "a.txt");
        assertThat(two.ignore()).isEmpty();
        assertThat(two.warnings()).containsExactly(
                "UserWarning: Ignoring `--include` since filenames have been explicitly set.",
                "UserWarning: Ignoring `--exclude` since filenames have been explicitly set.");
        FileSelection none = FileSelection.of(List.of(), List.of("*.json"), List.of("big*"));
        assertThat(none.singleFile()).isNull();
        assertThat(none.allow()).containsExactly("*.json");
        assertThat(none.ignore()).containsExactly("big*");
    }

    @Test
    void aNameEndingInSlashIsAFolder() {
        FileSelection folder = FileSelection.of(List.of("sub//"), List.of(), List.of());
        assertThat(folder.singleFile()).isNull();
        assertThat(folder.allow()).containsExactly("sub/**");
        assertThat(FileSelection.of(List.of("a.txt", "sub/"), List.of(), List.of()).allow())
                .containsExactly("a.txt", "sub/**");
        assertThatThrownBy(() -> FileSelection.of(List.of("sub/"), List.of("*.json"), List.of()))
                .hasMessage("Cannot combine subfolder argument ('sub/') with `--include`. "
                        + "Please use `--include \"sub/*\"` instead.");
        assertThatThrownBy(() -> FileSelection.of(List.of("sub/"), List.of(), List.of("*.json")))
                .hasMessage("Cannot combine subfolder argument ('sub/') with `--exclude`. "
                        + "Please use `--include \"sub/*\"` with `--exclude` instead.");
    }

    @Test
    void hfUrisParseAsParseHfUri() {
        assertThat(HfUri.parse("hf://org/repo")).isEqualTo(new HfUri(RepoRef.model("org/repo"), null, ""));
        assertThat(HfUri.parse("hf://datasets/org/ds/")).isEqualTo(new HfUri(RepoRef.dataset("org/ds"), null, ""));
        assertThat(HfUri.parse("hf://spaces/org/sp@v1/a/b.txt"))
                .isEqualTo(new HfUri(new RepoRef(RepoType.SPACE, "org/sp"), "v1", "a/b.txt"));
        assertThat(HfUri.parse("hf://org/repo@main/sub/")).isEqualTo(new HfUri(RepoRef.model("org/repo"), "main", "sub"));
        assertThat(HfUri.parse("hf://org/repo@refs/pr/3/x.bin"))
                .isEqualTo(new HfUri(RepoRef.model("org/repo"), "refs/pr/3", "x.bin"));
        assertThat(HfUri.parse("hf://org/repo@refs%2Fpr%2F3")).isEqualTo(new HfUri(RepoRef.model("org/repo"),
                "refs/pr/3", ""));
        assertThat(HfUri.parse("hf://org/repo/dir/file@1.txt"))
                .isEqualTo(new HfUri(RepoRef.model("org/repo"), null, "dir/file@1.txt"));
        assertThat(HfUri.parse("hf://org/repo@a+b")).extracting(HfUri::revision).isEqualTo("a+b");
        assertThatThrownBy(() -> HfUri.parse("hf://org")).hasMessage(
                "Invalid HF URI: hf://org. Repository id must be 'namespace/name', got 'org'. ");
        assertThatThrownBy(() -> HfUri.parse("hf://dataset/org/ds")).hasMessageContaining(
                "Type prefix must be plural, got 'dataset/'. Did you mean 'datasets/'?");
        assertThatThrownBy(() -> HfUri.parse("hf://org/repo@")).hasMessageContaining("Empty revision after '@'.");
        assertThatThrownBy(() -> HfUri.parse("hf://datasets")).hasMessageContaining("Missing identifier after 'datasets'");
        assertThatThrownBy(() -> HfUri.parse("hf://org/repo/a//b")).hasMessageContaining("empty segments");
    }
}
