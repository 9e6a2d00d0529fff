package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names of no known architecture with allowUnmapped: the one warning goes to a caller that collects warnings. */
class GenericNamesWarningTest {

    @Test
    void aCollectingCallerGetsTheWarningAndTheBertRow() {
        List<String> warnings = new ArrayList<>();
        NameMapping m = NameMapping.forArchitecture(null, List.of("dense/kernel", "dense/bias"), true, warnings::add);
        assertThat(m.architecture()).isEqualTo("bert");
        assertThat(warnings).containsExactly(NameMapping.GENERIC_NAMES_WARNING);
    }

    /**
     * Without a collecting caller the warning is not logged (the CLI shows each warning once, only when the command
     * succeeds) but kept in the mapping, for the caller to show.
     */
    @Test
    void withoutACollectingCallerTheWarningIsReturnedNotLogged() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        NameMapping m;
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            m = NameMapping.forArchitecture(null, List.of("dense/kernel", "dense/bias"), true);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(m.architecture()).isEqualTo("bert");
        assertThat(m.warnings()).containsExactly(NameMapping.GENERIC_NAMES_WARNING);
        assertThat(m.withoutModelScope().warnings()).containsExactly(NameMapping.GENERIC_NAMES_WARNING);
        List<String> collected = new ArrayList<>();
        assertThat(NameMapping.forArchitecture(null, List.of("dense/kernel"), true, collected::add).warnings())
                .containsExactly(NameMapping.GENERIC_NAMES_WARNING);
        assertThat(collected).containsExactly(NameMapping.GENERIC_NAMES_WARNING);
        assertThat(NameMapping.forArchitecture("bert", List.of("dense/kernel"), true).warnings()).isEmpty();
    }

    @Test
    void theWordingIsUnchanged() {
        assertThat(NameMapping.GENERIC_NAMES_WARNING).isEqualTo("cannot tell the architecture from the tensor names;"
                + " they follow the generic TF2 naming convention (as for bert), names that fit nothing keep their"
                + " own; pass --arch to choose an architecture");
    }

    @Test
    void aKnownArchitectureWarnsNothing() {
        List<String> warnings = new ArrayList<>();
        NameMapping.forArchitecture("gpt2", List.of(), true, warnings::add);
        assertThat(warnings).isEmpty();
    }
}
