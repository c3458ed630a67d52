package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives as a session cookie, {@link SessionTokens#verify} answers with a
 * session or an {@link InvalidTokenException}, never another exception; and no change to
 * a valid token (a flipped bit, a cut, a moved or repeated segment) is accepted.
 */
class SessionTokensPropertyTests {

	private static final String VALID = SessionTokensTests.TOKENS.issue(SessionTokensTests.USER).token();

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	@Property(tries = 10000)
	void verifyWhenArbitraryStringThenOnlyInvalidToken(@ForAll("cookieValues") String token) {
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> SessionTokensTests.TOKENS.verify(token));
	}

	@Property(tries = 10000)
	void verifyWhenValidTokenMutatedThenInvalidToken(@ForAll("mutations") String token) {
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> SessionTokensTests.TOKENS.verify(token));
	}

	@Provide
	Arbitrary<String> cookieValues() {
		Arbitrary<String> segment = Arbitraries.strings().withChars(BASE64URL).ofMaxLength(200);
		Arbitrary<String> jwsShaped = segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts));
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), jwsShaped);
	}

	@Provide
	Arbitrary<String> mutations() {
		int length = VALID.length();
		Arbitrary<String> bitFlips = Combinators
			.combine(Arbitraries.integers().between(0, length - 1), Arbitraries.integers().between(0, 15))
			.as((index, bit) -> VALID.substring(0, index) + (char) (VALID.charAt(index) ^ (1 << bit))
					+ VALID.substring(index + 1));
		Arbitrary<String> truncations = Arbitraries.integers()
			.between(0, length - 1)
			.map(end -> VALID.substring(0, end));
		Arbitrary<String> cuts = Arbitraries.integers().between(1, length - 1).map(start -> VALID.substring(start));
		List<String> segments = Arrays.asList(VALID.split("\\."));
		Arbitrary<String> rearranged = Arbitraries.integers()
			.between(0, 2)
			.list()
			.ofMinSize(1)
			.ofMaxSize(5)
			.map(order -> String.join(".", order.stream().map(segments::get).toList()));
		Arbitrary<String> insertions = Combinators
			.combine(Arbitraries.integers().between(0, length), Arbitraries.chars().with(BASE64URL + ".=+/ "))
			.as((index, c) -> VALID.substring(0, index) + c + VALID.substring(index));
		// base64url's last character of a 32-byte MAC carries 2 unused bits: another one
		// may decode to the same bytes
		Arbitrary<String> lastCharacters = Arbitraries.chars()
			.with(BASE64URL)
			.map(c -> VALID.substring(0, length - 1) + c);
		return Arbitraries.oneOf(bitFlips, truncations, cuts, rearranged, insertions, lastCharacters)
			.filter(token -> !token.equals(VALID));
	}

}
