package dev.authbridge.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CSRF cookie's parser takes any string without throwing and accepts only values this
 * key minted.
 */
class CsrfTokensPropertyTests {

	private static final CsrfTokens TOKENS = new CsrfTokens("csrf-key".getBytes(StandardCharsets.UTF_8));

	private static final String MINTED = TOKENS.newCookieValue();

	@Property(tries = 10000)
	void tokenOfWhenNotMintedThenEmpty(@ForAll("forgeries") String cookieValue) {
		assertThat(TOKENS.tokenOf(cookieValue)).isEmpty();
	}

	@Property(tries = 10000)
	void tokenOfWhenMintedThenItsToken(@ForAll("minted") String cookieValue) {
		assertThat(TOKENS.tokenOf(cookieValue)).hasValue(cookieValue.substring(0, cookieValue.indexOf('|')));
	}

	@Provide
	Arbitrary<String> forgeries() {
		Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64);
		Arbitrary<String> shaped = Combinators.combine(hex, hex).as((token, mac) -> token + "|" + mac);
		Arbitrary<String> reMaced = hex.map(token -> token + MINTED.substring(64));
		Arbitrary<String> edited = Combinators
			.combine(Arbitraries.integers().between(0, MINTED.length() - 1), Arbitraries.chars().all())
			.as((index, c) -> MINTED.substring(0, index) + c + MINTED.substring(index + 1))
			.filter(value -> !value.equals(MINTED));
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), shaped, reMaced, edited);
	}

	@Provide
	Arbitrary<String> minted() {
		return Arbitraries.create(TOKENS::newCookieValue);
	}

}
