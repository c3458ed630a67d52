package dev.authbridge.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlPolicyTests {

	static final AuthUrl BASE = AuthUrl.parse("https://app.example.com");

	static final String HOME = "https://app.example.com/";

	static final CallbackUrlPolicy POLICY = new CallbackUrlPolicy(Set.of("https://spa.example.com"));

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/dashboard?x=1                           | https://app.example.com/dashboard?x=1
			/                                        | https://app.example.com/
			/a/b#section                             | https://app.example.com/a/b#section
			https://app.example.com/dashboard        | https://app.example.com/dashboard
			https://app.example.com:443/dashboard    | https://app.example.com:443/dashboard
			HTTPS://APP.EXAMPLE.COM/x                | HTTPS://APP.EXAMPLE.COM/x
			https://spa.example.com/after?y=2        | https://spa.example.com/after?y=2
			https://spa.example.com                  | https://spa.example.com
			""")
	void resolveWhenRelativeOrAllowedOriginThenHonoured(String candidate, String resolved) {
		assertThat(POLICY.resolve(candidate, BASE)).isEqualTo(resolved);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "//evil.com", "//evil.com/path", "/\\evil.com", "\\\\evil.com", "\\/evil.com",
			"https://evil.com", "https://evil.com/dashboard", "https://app.example.com@evil.com",
			"https://evil.com@app.example.com", "https://user:pw@app.example.com/", "javascript:alert(1)",
			"JavaScript:alert(1)", "data:text/html,x", "/\t/evil.com", "/\n/evil.com", "/ /evil.com", "/\u007f/x",
			"http://app.example.com:8443", "http://app.example.com/", "https://app.example.com:8443/",
			"https://app.example.com.evil.com", "https://spa.example.com.evil.com", "http://spa.example.com",
			"ftp://app.example.com/", "dashboard", "https:app.example.com", "https:/evil.com", "/<script>",
			"https://evil.com\\@app.example.com" })
	void resolveWhenElsewhereOrAmbiguousThenHome(String candidate) {
		assertThat(POLICY.resolve(candidate, BASE)).isEqualTo(HOME);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "\t" })
	void resolveWhenMissingThenHome(String candidate) {
		assertThat(POLICY.resolve(candidate, BASE)).isEqualTo(HOME);
	}

	@Test
	void resolveWhenLongerThan2048ThenHome() {
		assertThat(POLICY.resolve("/" + "a".repeat(2999), BASE)).isEqualTo(HOME);
		assertThat(POLICY.resolve("/" + "a".repeat(2047), BASE))
			.isEqualTo("https://app.example.com/" + "a".repeat(2047));
	}

	@Test
	void resolveWhenBaseHasPathThenHomeUnderPath() {
		AuthUrl base = AuthUrl.parse("https://example.com/auth");
		assertThat(POLICY.resolve("https://evil.com", base)).isEqualTo("https://example.com/auth/");
		assertThat(POLICY.resolve("/dashboard", base)).isEqualTo("https://example.com/dashboard");
	}

	@Test
	void resolveWhenNoAllowlistThenOnlyOwnOrigin() {
		CallbackUrlPolicy policy = new CallbackUrlPolicy(Set.of());
		assertThat(policy.resolve("https://spa.example.com/after", BASE)).isEqualTo(HOME);
		assertThat(policy.resolve("https://app.example.com/after", BASE)).isEqualTo("https://app.example.com/after");
	}

}
