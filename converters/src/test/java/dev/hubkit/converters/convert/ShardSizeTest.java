package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --max-shard-size} as transformers' {@code convert_file_size_to_int} reads it (values from transformers 5). */
class ShardSizeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5GB|5000000000", "500MB|500000000", "5GiB|5368709120", "5gib|5368709120", "5Gb|625000000", "5gb|625000000",
        "5gB|5000000000", "10KB|10000", "10Kb|1250", "10KiB|10240", "7MiB|7340032", "1_000MB|1000000000",
        "' 5GB'|5000000000", "'5 GB'|5000000000", "+3KB|3000", "007KB|7000", "9Gb|1125000000", "4096|4096"})
    void acceptsWhatTransformersAccepts(String size, long bytes) {
        assertThat(ConvertOptions.parseSize(size)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.5GB", "5TB", "1000B", "5 G B", "GB", "5XB", "lots", "1e30GB"})
    void refusesWhatTransformersRefuses(String size) {
        assertThatThrownBy(() -> ConvertOptions.parseSize(size)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("bad size '" + size + "'").hasMessageContaining("GiB");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0", "0GB", "-5GB", "-1", "0Kb"})
    void refusesSizesBelowOneByte(String size) {
        assertThatThrownBy(() -> ConvertOptions.parseSize(size)).isInstanceOf(FormatException.class)
                .hasMessageContaining("at least one byte");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"99999999999PB", "99999999999GB", "9223372036854775808", "9000000000GiB"})
    void saysWhenASizeIsTooLarge(String size) {
        assertThatThrownBy(() -> ConvertOptions.parseSize(size)).isInstanceOf(FormatException.class)
                .hasMessageContaining("is too large: the limit is 9223372036854775807 bytes");
    }
}
