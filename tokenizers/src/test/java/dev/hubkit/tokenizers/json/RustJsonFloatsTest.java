package dev.hubkit.tokenizers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RustJsonFloatsTest {

    /**
     * Unigram scores of a tokenizer trained by the Python tokenizers library (0.23), as written in its
     * tokenizer.json, and as the library printed them back after loading the file (Tokenizer.to_str): its
     * parser rounds twice, so these 17-digit numbers come out one unit in the last place away.
     */
    @ParameterizedTest
    @CsvSource({
            "-7.2098268707636635, -7.209826870763664",
            "-7.3011681570263764, -7.301168157026376",
            "-7.4359956026440885, -7.435995602644088",
            "-7.4429738155590615, -7.442973815559061",
            "-7.4877964548688665, -7.487796454868867"})
    void readsSeventeenDigitNumbersAsTheRustLibraryDoes(String written, String rustRead) {
        double rust = Double.parseDouble(rustRead);
        assertThat(RustJsonFloats.parse(written)).isEqualTo(rust);
        assertThat(Double.parseDouble(written)).isNotEqualTo(rust); // the correctly rounded value differs
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "-2.981784957467246, -2.981784957467246", "1E+2, 100.0", "-1e-3, -0.001",
            "12.5e1, 125.0", "0.0, 0.0", "3, 3.0", "1e400000000000, ", "2.5e-400, 0.0"})
    void readsOrdinaryNumbers(String text, Double expected) {
        if (expected == null) {
            assertThatThrownBy(() -> RustJsonFloats.parse(text)).isInstanceOf(NumberFormatException.class)
                    .hasMessageContaining("out of range");
        } else {
            assertThat(RustJsonFloats.parse(text)).isEqualTo(expected);
        }
    }

    @Test
    void keepsTheSignOfZeroAndRejectsWhatIsNotANumber() {
        assertThat(Double.doubleToRawLongBits(RustJsonFloats.parse("-0.0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        for (String bad : new String[] {"", "-", ".5", "1.", "1e", "1e+", "0x10", "1.5x", "NaN"}) {
            assertThatThrownBy(() -> RustJsonFloats.parse(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void dropsDigitsBeyondTheU64LikeSerde() {
        // serde keeps fraction digits while the significand fits a u64 (20 digits here) and ignores the rest
        assertThat(RustJsonFloats.parse("1.234567890123456789987")).isEqualTo(RustJsonFloats.parse("1.2345678901234567899"));
        // integer digits past the u64 only scale it
        assertThat(RustJsonFloats.parse("123456789012345678901")).isEqualTo(RustJsonFloats.parse("12345678901234567890e1"));
    }
}
