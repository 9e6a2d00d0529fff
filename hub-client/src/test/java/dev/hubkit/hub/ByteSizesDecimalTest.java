package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ByteSizes#formatDecimal} against huggingface_hub 2.0's {@code _format_size} (values it printed). */
class ByteSizesDecimalTest {

    @Test
    void printsAsFormatSize() {
        Map<Long, String> python = Map.ofEntries(Map.entry(0L, "0.0"), Map.entry(8L, "8.0"),
                Map.entry(999L, "999.0"), Map.entry(1000L, "1.0K"), Map.entry(1250L, "1.2K"),
                Map.entry(1350L, "1.4K"), Map.entry(1050L, "1.1K"), Map.entry(1150L, "1.1K"),
                Map.entry(11534336L, "11.5M"), Map.entry(2097452L, "2.1M"), Map.entry(999950L, "1000.0K"),
                Map.entry(999949L, "999.9K"), Map.entry(-5L, "-5.0"));
        python.forEach((n, s) -> assertThat(ByteSizes.formatDecimal(n)).as("%d", n).isEqualTo(s));
    }
}
