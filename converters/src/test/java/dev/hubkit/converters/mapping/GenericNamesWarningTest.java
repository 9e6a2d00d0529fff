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
