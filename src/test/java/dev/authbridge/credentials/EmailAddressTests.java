package dev.authbridge.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailAddressTests {

	static Stream<Arguments> normalised() {
		return Stream.of(arguments(named("as it is", "ada@example.com"), "ada@example.com"),
				arguments(named("surrounding spaces", "  ada@example.com \t"), "ada@example.com"),
				arguments(named("surrounding newline", "ada@example.com\n"), "ada@example.com"),
				arguments(named("upper case", "Ada.Lovelace@Example.COM"), "ada.lovelace@example.com"),
				arguments(named("non-ASCII upper case", "ÉLODIE@EXAMPLE.FR"), "élodie@example.fr"),
				arguments(named("decomposed accent (NFD) becomes NFC", "rene\u0301@example.fr"),
						"ren\u00e9@example.fr"),
				arguments(named("plus tag and subdomain kept", "ada+bridge@mail.example.co.uk"),
						"ada+bridge@mail.example.co.uk"),
				arguments(named("254 characters", longAddress(254)), longAddress(254)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("normalised")
	void normaliseWhenPlausibleThenTrimmedNfcLowerCase(String raw, String expected) {
		assertThat(EmailAddress.normalise(raw)).contains(expected);
	}

	@Test
	void normaliseWhenComposedAndDecomposedThenSameAddress() {
		assertThat(EmailAddress.normalise("Ren\u00e9@example.fr"))
			.isEqualTo(EmailAddress.normalise("RENE\u0301@EXAMPLE.FR"));
	}

	static Stream<Arguments> rejected() {
		return Stream.of(arguments(named("null", null)), arguments(named("empty", "")),
				arguments(named("blank", "   ")), arguments(named("no @", "ada.example.com")),
				arguments(named("two @", "ada@lovelace@example.com")),
				arguments(named("nothing before @", "@example.com")), arguments(named("nothing after @", "ada@")),
				arguments(named("domain without a dot", "ada@localhost")),
				arguments(named("domain ending with a dot", "ada@example.")),
				arguments(named("domain starting with a dot", "ada@.example.com")),
				arguments(named("empty domain label", "ada@example..com")),
				arguments(named("space inside", "ada lovelace@example.com")),
				arguments(named("tab inside", "ada\t@example.com")),
				arguments(named("no-break space inside", "ada\u00a0lovelace@example.com")),
				arguments(named("em space inside", "ada@exam\u2003ple.com")),
				arguments(named("NUL inside", "ada\u0000@example.com")),
				arguments(named("DEL inside", "ada@exam\u007fple.com")),
				arguments(named("C1 control inside", "ada\u0085x@example.com")),
				arguments(named("local part over 64", "a".repeat(65) + "@example.com")),
				arguments(named("255 characters", longAddress(255))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejected")
	void normaliseWhenImplausibleThenEmpty(String raw) {
		assertThat(EmailAddress.normalise(raw)).isEmpty();
	}

	/**
	 * An address of exactly {@code length} characters: a 64-character local part and a
	 * dotted domain.
	 */
	static String longAddress(int length) {
		String local = "a".repeat(64) + "@";
		StringBuilder domain = new StringBuilder();
		while (local.length() + domain.length() < length - 4) {
			domain.append(domain.length() % 60 == 59 ? '.' : 'b');
		}
		String address = local + domain + ".com";
		assertThat(address).hasSize(length);
		return address;
	}

}
