package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every answer carries an {@code X-Request-Id}: the caller's when it is a short safe
 * token, else a fresh one.
 */
@BridgeTest
class RequestIdsTests {

	private static final String FRESH = "[0-9a-f]{16}";

	@Autowired
	WebTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "/api/auth/session", "/api/auth/nope", "/actuator/health" })
	void requestWhenNoIdThenFreshIdInResponse(String path) {
		String first = requestId(path, null);
		String second = requestId(path, null);

		assertThat(first).matches(FRESH);
		assertThat(second).matches(FRESH).isNotEqualTo(first);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "f47ac10b-58cc-4372-a567-0e02b2c3d479", "Root-1-67891233.abcdef_012",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void requestWhenSafeIdThenEchoed(String id) {
		assertThat(requestId("/api/auth/session", id)).isEqualTo(id);
	}

	@ParameterizedTest
	@ValueSource(strings = { "has space", "a\u00e9b", "x;y", "<script>", "reason=forged",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void requestWhenUnsafeIdThenReplacedByFreshOne(String id) {
		assertThat(requestId("/api/auth/session", id)).matches(FRESH);
	}

	private String requestId(String path, String incoming) {
		return this.client.get().uri(path).headers(headers -> {
			if (incoming != null) {
				headers.set(RequestIds.HEADER, incoming);
			}
		}).exchange().returnResult(byte[].class).getResponseHeaders().getFirst(RequestIds.HEADER);
	}

}
