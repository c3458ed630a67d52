package dev.authbridge.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthUrlTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			https://auth.example.com                    | https://auth.example.com    | ''
			https://auth.example.com/                   | https://auth.example.com    | ''
			https://auth.example.com//                  | https://auth.example.com    | ''
			https://example.com/auth                    | https://example.com         | /auth
			https://example.com/auth/                   | https://example.com         | /auth
			https://example.com/api/auth                | https://example.com         | ''
			https://example.com/api/auth/               | https://example.com         | ''
			https://example.com/auth/api/auth           | https://example.com         | /auth
			https://example.com/myapi/auth              | https://example.com         | /myapi/auth
			https://auth.example.com:443                | https://auth.example.com    | ''
			http://auth.example.com:80/                 | http://auth.example.com     | ''
			http://localhost:3000                       | http://localhost:3000       | ''
			https://auth.example.com:8443               | https://auth.example.com:8443 | ''
			HTTPS://Auth.EXAMPLE.com/Auth               | https://auth.example.com    | /Auth
			'  https://auth.example.com  '              | https://auth.example.com    | ''
			""")
	void parseWhenHttpUrlThenOriginAndPath(String value, String origin, String path) {
		AuthUrl url = AuthUrl.parse(value);
		assertThat(url.origin()).isEqualTo(origin);
		assertThat(url.path()).isEqualTo(path);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			auth.example.com                  | absolute http(s) URL
			/api/auth                         | absolute http(s) URL
			''                                | absolute http(s) URL
			ftp://auth.example.com            | absolute http(s) URL
			javascript:alert(1)               | absolute http(s) URL
			https:/auth.example.com           | absolute http(s) URL
			https://user:pw@auth.example.com  | user info
			https://auth.example.com/?next=1  | query
			https://auth.example.com/#top     | fragment
			https://auth.example.com/?        | query
			'https://exa mple.com'            | not a URL
			http://                           | not a URL
			'::::'                            | not a URL
			""")
	void parseWhenNotAPlainHttpUrlThenMessageSaysWhy(String value, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> AuthUrl.parse(value)).withMessageContaining(message);
	}

	@Test
	void actionWhenPathPrefixThenUnderPrefixAndApiAuth() {
		AuthUrl url = AuthUrl.parse("https://example.com/auth");
		assertThat(url.action("callback/github")).isEqualTo("https://example.com/auth/api/auth/callback/github");
		assertThat(url.home()).isEqualTo("https://example.com/auth/");
	}

	@Test
	void homeWhenNoPathThenOriginSlash() {
		assertThat(AuthUrl.parse("https://auth.example.com/api/auth").home()).isEqualTo("https://auth.example.com/");
	}

	@Test
	void secureWhenHttpsThenTrue() {
		assertThat(AuthUrl.parse("https://auth.example.com").secure()).isTrue();
		assertThat(AuthUrl.parse("http://auth.example.com").secure()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "http://localhost:3000, true", "http://127.0.0.1, true", "http://127.8.9.10:3000, true",
			"http://[::1]:3000, true", "http://[0:0:0:0:0:0:0:1], true", "http://[::ffff:127.0.0.1], true",
			"https://localhost, false", "http://auth.example.com, false", "http://localhost.evil.com, false",
			"http://127.example.com, false", "http://127.0.0.1.nip.io, false", "http://[::2], false",
			"http://10.0.0.1, false", "http://0.0.0.0, false" })
	void localWhenPlainHttpOnLoopbackThenTrue(String value, boolean local) {
		assertThat(AuthUrl.parse(value).local()).isEqualTo(local);
	}

	@Test
	void withOriginThenSamePathOnOtherOrigin() {
		AuthUrl url = AuthUrl.parse("https://example.com/auth").withOrigin("https://proxy.example.com");
		assertThat(url.action("session")).isEqualTo("https://proxy.example.com/auth/api/auth/session");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(nullValues = "-", value = { "https://A.example.com:443/x, https://a.example.com",
			"http://a.example.com:80, http://a.example.com", "http://a.example.com:443, http://a.example.com:443",
			"HTTP://a.example.com:8080/, http://a.example.com:8080", "/relative, -", "mailto:a@example.com, -" })
	void originWhenUriThenSchemeHostAndNonDefaultPort(String uri, String origin) {
		assertThat(AuthUrl.origin(URI.create(uri))).isEqualTo(origin);
	}

}
