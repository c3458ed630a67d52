package dev.authbridge.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client passes as {@code callbackUrl}, {@link CallbackUrlPolicy#resolve}
 * answers, and with a URL a browser would open on {@code AUTH_URL}'s origin or an
 * allowlisted one: never another host, never user info, never a backslash or control
 * character a browser could reinterpret.
 */
class CallbackUrlPolicyPropertyTests {

	private static final AuthUrl BASE = CallbackUrlPolicyTests.BASE;

	private static final Set<String> ALLOWED = Set.of("https://app.example.com", "https://spa.example.com");

	@Property(tries = 10000)
	void resolveWhenAnyCandidateThenUrlOnOwnOrAllowedOrigin(@ForAll("candidates") String candidate) {
		String resolved = CallbackUrlPolicyTests.POLICY.resolve(candidate, BASE);

		assertThat(resolved).doesNotContain("\\").doesNotStartWith("//");
		assertThat(resolved.chars()).noneMatch(c -> c < 0x21 || c == 0x7f);
		URI uri = URI.create(resolved);
		assertThat(uri.getRawUserInfo()).isNull();
		assertThat(AuthUrl.origin(uri)).isIn(ALLOWED);
	}

	@Provide
	Arbitrary<String> candidates() {
		Arbitrary<String> prefix = Arbitraries.of("", "/", "//", "///", "/\\", "\\\\", "\\/", "http:", "https:",
				"https://", "HTTPS://", "http://", "https:/", "https:\\\\", "javascript:", "data:", "\t/", "/\t/", " /",
				"%2F%2F", "/%2F", "/%5C");
		Arbitrary<String> host = Arbitraries.of("", "app.example.com", "APP.example.com", "spa.example.com", "evil.com",
				"app.example.com@evil.com", "evil.com@app.example.com", "user:pw@app.example.com",
				"app.example.com.evil.com", "\u0430pp.example.com", "app.example.com%40evil.com", "[::1]",
				"app.example.com\u3002evil.com", "evil.com#@app.example.com", "xn--pp-8kc.example.com");
		Arbitrary<String> port = Arbitraries.of("", ":443", ":8443", ":", ":0", ":99999", ":-1");
		Arbitrary<String> rest = Arbitraries.strings()
			.withChars("/\\@?#:.%-_~ \t\n\r\u0000\u007f\u00e9\u202e\ud83d\ude00ab1")
			.ofMaxLength(30);
		Arbitrary<String> urlish = Combinators.combine(prefix, host, port, rest).as((p, h, o, r) -> p + h + o + r);
		return Arbitraries.oneOf(urlish, urlish, Arbitraries.strings().ofMaxLength(100));
	}

}
