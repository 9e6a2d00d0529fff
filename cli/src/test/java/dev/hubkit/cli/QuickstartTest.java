package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import dev.hubkit.cli.quickstart.BundledModel;
import dev.hubkit.cli.quickstart.Quickstart;
import dev.hubkit.cli.quickstart.QuickstartStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @TempDir
    Path cache;

    @Test
    void runsEveryStepAndShowsTheTinyModelsConfig() throws IOException {
        Result r = CliRunner.run("quickstart", "--cache-dir", cache.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        Path model = cache.resolve("quickstart").resolve("tiny-bert");
        int steps = Quickstart.withDefaultSteps().steps().size();
        for (int i = 1; i <= steps; i++) {
            assertThat(r.out()).contains("[" + i + "/" + steps + "] ");
        }
        for (QuickstartStep step : Quickstart.withDefaultSteps().steps()) {
            assertThat(r.out()).contains(step.title());
        }
        assertThat(r.out()).contains(model.toString(), "bert", "32", "1000");
        assertThat(BundledModel.tinyBert().matches(model)).isTrue();
        try (Stream<Path> siblings = Files.list(model.getParent())) {
            assertThat(siblings).as("no temporary folders left behind").containsExactly(model);
        }
    }

    @Test
    void secondRunReusesTheModelAndRepairsAChangedOne() throws IOException {
        assertThat(CliRunner.run("quickstart", "--cache-dir", cache.toString()).exitCode()).isZero();
        Path model = cache.resolve("quickstart").resolve("tiny-bert");
        Path config = model.resolve("config.json");
        var before = Files.getLastModifiedTime(config);

        assertThat(CliRunner.run("quickstart", "--cache-dir", cache.toString()).exitCode()).isZero();
        assertThat(Files.getLastModifiedTime(config)).as("identical copy reused").isEqualTo(before);

        Files.writeString(config, "{\"model_type\": \"bert\", \"hidden_size\": -1}");
        Files.delete(model.resolve("vocab.txt"));
        Result r = CliRunner.run("quickstart", "--cache-dir", cache.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(BundledModel.tinyBert().matches(model)).isTrue();
    }

    @Test
    void aBrokenCacheFolderIsAUserError() throws IOException {
        Path blocker = cache.resolve("file-not-folder");
        Files.writeString(blocker, "x");
        Result r = CliRunner.run("quickstart", "--cache-dir", blocker.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: ").contains("file-not-folder");
    }
}
