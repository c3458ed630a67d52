package dev.authbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderStyleTests {

	/** Ratios as WebAIM's contrast checker gives them. */
	@ParameterizedTest(name = "{0} on {1} = {2}")
	@CsvSource({ "#000, #fff, 21", "#FFFFFF, #000000, 21", "#777, #777, 1", "#777777, #ffffff, 4.48",
			"#24292f, #fff, 14.65", "#eb5424, #fff, 3.6", "#eb5424, #000, 5.83", "#0072c6, #fff, 4.97" })
	void contrastWhenColoursThenWcagRatio(String background, String text, double ratio) {
		assertThat(new ProviderStyle(background, text).contrast()).isCloseTo(ratio, within(0.01));
	}

	@ParameterizedTest
	@ValueSource(strings = { "black", "#12", "#1234", "#12345", "#1234567", "#ggg", "#fff;", "#fff }", "url(x)", "" })
	void newWhenNotHexColourThenRejected(String colour) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ProviderStyle(colour, "#fff"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ProviderStyle("#fff", colour));
	}

}
