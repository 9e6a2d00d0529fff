package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --max-shard-size} as transformers' {@code save_pretrained} reads it, through huggingface_hub's
 * {@code parse_size_to_int} (values printed by huggingface_hub 1.x), plus hubkit's byte counts and binary units.
 */
class ShardSizeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5GB|5000000000", "500MB|500000000", "5gb|5000000000", "5Gb|5000000000", "10kb|10000", "10KB|10000",
        "1.5KB|1500", "1.1GB|1100000000", "0.1KB|100", "' 5GB'|5000000000", "'5 GB'|5000000000", "+3KB|3000",
        "007KB|7000", "1_000MB|1000000000", "1e3KB|1000000", ".5MB|500000", "5.MB|5000000", "2TB|2000000000000",
        "5tb|5000000000000", "' 5 gb '|5000000000", "1e-3KB|1"})
    void readsWhatHuggingfaceHubReadsAsItReadsIt(String size, long bytes) {
        assertThat(ConvertOptions.parseSize(size)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"4096|4096", "1_024|1024", "5GiB|5368709120", "5gib|5368709120",
        "10KiB|10240", "7MiB|7340032", "1.5KiB|1536", "1TiB|1099511627776"})
    void alsoTakesByteCountsAndPowersOfTwo(String size, long bytes) {
        assertThat(ConvertOptions.parseSize(size)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"5 G B", "GB", "5XB", "lots", "1000B", "5d GB", "0x10KB", "1,5KB",
        "inf GB", "nan GB", "5PB"})
    void refusesWhatHuggingfaceHubRefuses(String size) {
        assertThatThrownBy(() -> ConvertOptions.parseSize(size)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("bad size '" + size + "'").hasMessageContaining("TB, GB, MB or KB");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0", "0GB", "-5GB", "-1", "0.0009KB", "-5KB"})
    void refusesSizesBelowOneByte(String size) {
        assertThatThrownBy(() -> ConvertOptions.parseSize(size)).isInstanceOf(FormatException.class)
                .hasMessageContaining("at least one byte");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"99999999999TB", "1e30GB", "9223372036854775808", "9000000000GiB"})
    void saysWhenASizeIsTooLarge(String size) {
        assertThatThrownBy(() -> ConvertOptions.parseSize(size)).isInstanceOf(FormatException.class)
                .hasMessageContaining("is too large: the limit is 9223372036854775807 bytes");
    }
}
