package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The launcher's class-data-sharing training run must succeed, or the launcher never makes its archive. */
class CdsTrainingTest {

    @Test
    void theTrainingCommandsAllSucceed() {
        assertThatCode(() -> CdsTraining.main(new String[0])).doesNotThrowAnyException();
    }
}
