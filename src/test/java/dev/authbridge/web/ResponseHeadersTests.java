package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The headers every answer carries, as each path is handed them: in order, with each name
 * written once.
 */
class ResponseHeadersTests {

	static final String SPA = "http://spa.example.test:5173";

	final ResponseHeaders headers = new ResponseHeaders("default-src 'self'", Set.of(SPA));

	@Test
	void securityWhenPlainHttpThenSpringSecuritysDefaultsWithThePolicyAndNoHsts() {
		List<Map.Entry<String, String>> written = new ArrayList<>();

		this.headers.security(false, written, ResponseHeadersTests::add);

		assertThat(written).containsExactly(entry("X-Content-Type-Options", "nosniff"),
				entry("X-Frame-Options", "DENY"), entry("X-XSS-Protection", "0"),
				entry("Content-Security-Policy", "default-src 'self'"), entry("Referrer-Policy", "no-referrer"));
	}

	@Test
	void securityWhenHttpsThenStrictTransportSecurityWhereSpringSecurityWritesIt() {
		List<Map.Entry<String, String>> written = new ArrayList<>();

		this.headers.security(true, written, ResponseHeadersTests::add);

		assertThat(written).containsExactly(entry("X-Content-Type-Options", "nosniff"),
				entry("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains"),
				entry("X-Frame-Options", "DENY"), entry("X-XSS-Protection", "0"),
				entry("Content-Security-Policy", "default-src 'self'"), entry("Referrer-Policy", "no-referrer"));
	}

	@Test
	void noStoreWhenWrittenThenNextAuthsThreeHeaders() {
		List<Map.Entry<String, String>> written = new ArrayList<>();

		ResponseHeaders.noStore(written, ResponseHeadersTests::add);

		assertThat(written).containsExactly(entry("Cache-Control", "private, no-cache, no-store"),
				entry("Pragma", "no-cache"), entry("Expires", "0"));
	}

	@Test
	void corsWhenAllowedOriginThenEchoedWithCredentialsAndVary() {
		List<Map.Entry<String, String>> written = new ArrayList<>();

		boolean allowed = this.headers.cors(SPA, written, ResponseHeadersTests::add);

		assertThat(allowed).isTrue();
		assertThat(written).containsExactly(entry("Access-Control-Allow-Origin", SPA),
				entry("Access-Control-Allow-Credentials", "true"), entry("Vary", "Origin"));
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "https://evil.example", "http://spa.example.test", "HTTP://SPA.EXAMPLE.TEST:5173", "*" })
	void corsWhenOtherOrNoOriginThenNothingWritten(String origin) {
		List<Map.Entry<String, String>> written = new ArrayList<>();

		boolean allowed = this.headers.cors(origin, written, ResponseHeadersTests::add);

		assertThat(allowed).isFalse();
		assertThat(written).isEmpty();
	}

	private static void add(List<Map.Entry<String, String>> headers, String name, String value) {
		headers.add(Map.entry(name, value));
	}

}
