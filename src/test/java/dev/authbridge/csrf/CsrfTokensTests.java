package dev.authbridge.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrfTokensTests {

	static final CsrfTokens TOKENS = new CsrfTokens("csrf-key-for-tests".getBytes(StandardCharsets.UTF_8));

	static final CsrfTokens OTHER_KEY = new CsrfTokens("another-csrf-key".getBytes(StandardCharsets.UTF_8));

	@Test
	void newCookieValueThenHexTokenBarHexMac() {
		assertThat(TOKENS.newCookieValue()).matches("[0-9a-f]{64}\\|[0-9a-f]{64}");
	}

	@Test
	void newCookieValueWhenCalledTwiceThenDifferentTokens() {
		assertThat(TOKENS.newCookieValue()).isNotEqualTo(TOKENS.newCookieValue());
	}

	@Test
	void tokenOfWhenMintedHereThenTokenPart() {
		String cookie = TOKENS.newCookieValue();
		assertThat(TOKENS.tokenOf(cookie)).contains(cookie.substring(0, 64));
	}

	static Stream<Arguments> invalidCookies() {
		return Stream.of(invalid("MAC tampered", cookie -> cookie.substring(0, 127) + flip(cookie.charAt(127))),
				invalid("token tampered", cookie -> flip(cookie.charAt(0)) + cookie.substring(1)),
				invalid("minted with another key", cookie -> OTHER_KEY.newCookieValue()),
				invalid("MAC of another key", cookie -> {
					String other = OTHER_KEY.newCookieValue();
					return other.substring(0, 64) + "|" + cookie.substring(65);
				}), invalid("no bar", cookie -> cookie.replace("|", "")),
				invalid("bar elsewhere",
						cookie -> cookie.substring(0, 63) + "|" + cookie.substring(63, 64) + cookie.substring(65)),
				invalid("MAC missing", cookie -> cookie.substring(0, 65)),
				invalid("token only", cookie -> cookie.substring(0, 64)),
				invalid("MAC upper-case", cookie -> cookie.substring(0, 65) + cookie.substring(65).toUpperCase()),
				invalid("empty", cookie -> ""), invalid("null", cookie -> null),
				invalid("oversized", cookie -> cookie + "0".repeat(4096)),
				invalid("one character too many", cookie -> cookie + "0"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCookies")
	void tokenOfWhenNotMintedWithThisKeyThenEmpty(UnaryOperator<String> change) {
		String cookie = TOKENS.newCookieValue();
		assertThat(TOKENS.tokenOf(cookie)).isPresent();
		assertThat(TOKENS.tokenOf(change.apply(cookie))).isEmpty();
	}

	@Test
	void matchesWhenTokenOfCookieThenTrue() {
		String cookie = TOKENS.newCookieValue();
		assertThat(TOKENS.matches(cookie, cookie.substring(0, 64))).isTrue();
	}

	@Test
	void matchesWhenWrongTokenThenFalse() {
		String cookie = TOKENS.newCookieValue();
		assertThat(TOKENS.matches(cookie, flip(cookie.charAt(0)) + cookie.substring(1, 64))).isFalse();
		assertThat(TOKENS.matches(cookie, cookie)).isFalse();
		assertThat(TOKENS.matches(cookie, "")).isFalse();
	}

	@Test
	void matchesWhenTokenOfAnotherCookieThenFalse() {
		String cookie = TOKENS.newCookieValue();
		String other = TOKENS.newCookieValue();
		assertThat(TOKENS.matches(cookie, other.substring(0, 64))).isFalse();
	}

	@Test
	void matchesWhenNothingSubmittedThenFalse() {
		assertThat(TOKENS.matches(TOKENS.newCookieValue(), null)).isFalse();
	}

	@Test
	void matchesWhenCookieInvalidThenFalseEvenForItsOwnToken() {
		String forged = OTHER_KEY.newCookieValue();
		assertThat(TOKENS.matches(forged, forged.substring(0, 64))).isFalse();
		assertThat(TOKENS.matches(null, forged.substring(0, 64))).isFalse();
	}

	static Arguments invalid(String name, UnaryOperator<String> change) {
		return arguments(named(name, change));
	}

	static String flip(char hex) {
		return hex == '0' ? "1" : "0";
	}

}
