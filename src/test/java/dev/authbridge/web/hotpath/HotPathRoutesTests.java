package dev.authbridge.web.hotpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import dev.authbridge.web.ResponseHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The routes Reactor Netty answers ahead of WebFlux give the answer WebFlux gives: the same status, body and headers
 * (security headers, no-store, CORS, cookies), for every kind of {@code /session} and {@code /csrf} request. The
 * server's port reaches {@link HotPathRoutes}; the context's {@link HttpHandler} is the whole WebFlux stack without it.
 */
@BridgeTest
class HotPathRoutesTests {

	/** Differ per answer by design (a fresh id, a new CSRF token, a length that follows it). */
	static final List<String> PER_ANSWER = List.of("x-request-id", "content-length", "set-cookie");

	@Autowired
	WebTestClient server;

	@Autowired
	HttpHandler webFlux;

	static Stream<Arguments> requests() {
		String fresh = TestSessions.issuedAt(Instant.now().minus(Duration.ofHours(1)), TestSessions.OCTOCAT);
		String due = TestSessions.issuedAt(Instant.now().minus(Duration.ofDays(2)), TestSessions.OCTOCAT);
		String session = "authbridge.session-token";
		return Stream.of(Arguments.of("session signed out", "/api/auth/session", null, null, null),
				Arguments.of("session signed in", "/api/auth/session", session, fresh, null),
				Arguments.of("session rolled", "/api/auth/session", session, due, null),
				Arguments.of("session bad cookie", "/api/auth/session", session, "x.y.z", null),
				Arguments.of("session with query", "/api/auth/session?x=1", session, fresh, null),
				Arguments.of("session allowed origin", "/api/auth/session", session, fresh, BridgeTest.SPA),
				Arguments.of("session other origin", "/api/auth/session", null, null, "https://evil.example"),
				Arguments.of("csrf first visit", "/api/auth/csrf", null, null, null),
				Arguments.of("csrf forged cookie", "/api/auth/csrf", "authbridge.csrf-token", "a|b", BridgeTest.SPA));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void getWhenAnsweredAheadOfWebFluxThenSameAnswerAsWebFlux(String name, String uri, String cookie, String value,
			String origin) {
		EntityExchangeResult<String> hot = get(this.server, uri, cookie, value, origin);
		EntityExchangeResult<String> flux = get(WebTestClient.bindToServer(new HttpHandlerConnector(this.webFlux))
			.baseUrl(BridgeTest.URL)
			.build(), uri, cookie, value, origin);

		assertThat(hot.getStatus()).isEqualTo(flux.getStatus());
		assertThat(comparable(hot.getResponseHeaders())).isEqualTo(comparable(flux.getResponseHeaders()));
		assertThat(cookies(hot)).isEqualTo(cookies(flux));
		assertThat(shape(hot.getResponseBody())).isEqualTo(shape(flux.getResponseBody()));
	}

	@ParameterizedTest(name = "{0} {1} {2} trusted={3}: {4}")
	@CsvSource(delimiter = '|', value = { "GET | /api/auth/session | | false | true",
			"GET | /api/auth/session?x=1 | | false | true", "GET | /api/auth/sessions | | false | false",
			"GET | /api/auth/session/ | | false | false", "GET | /api/auth/session;x | | false | false",
			"GET | /api/auth/%73ession | | false | false", "HEAD | /api/auth/session | | false | false",
			"POST | /api/auth/session | | false | false", "GET | /api/auth/session | X-Forwarded-Proto | false | true",
			"GET | /api/auth/session | X-Forwarded-Proto | true | false",
			"GET | /api/auth/session | Forwarded | true | false", "GET | /api/auth/session | X-Forwarded-Ssl | true | false" })
	void answersWhenRequestThenOnlyPlainHttpGetOfThePath(String method, String uri, String forwarded,
			boolean forwardedApplied, boolean answered) {
		HttpServerRequest request = mock(HttpServerRequest.class);
		given(request.method()).willReturn(io.netty.handler.codec.http.HttpMethod.valueOf(method));
		given(request.uri()).willReturn(uri);
		given(request.scheme()).willReturn("http");
		DefaultHttpHeaders headers = new DefaultHttpHeaders();
		if (forwarded != null) {
			headers.set(forwarded, "https");
		}
		given(request.requestHeaders()).willReturn(headers);
		HotPathRoutes routes = new HotPathRoutes(null, null, "s", "c", new ResponseHeaders("", Set.of()),
				forwardedApplied);

		assertThat(routes.answers(request, HotPathRoutes.SESSION)).isEqualTo(answered);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https", "wss" })
	void answersWhenNotPlainHttpThenLeftToWebFlux(String scheme) {
		HttpServerRequest request = mock(HttpServerRequest.class);
		given(request.method()).willReturn(io.netty.handler.codec.http.HttpMethod.GET);
		given(request.uri()).willReturn(HotPathRoutes.SESSION);
		given(request.scheme()).willReturn(scheme);
		given(request.requestHeaders()).willReturn(new DefaultHttpHeaders());
		HotPathRoutes routes = new HotPathRoutes(null, null, "s", "c", new ResponseHeaders("", Set.of()), false);

		assertThat(routes.answers(request, HotPathRoutes.SESSION)).isFalse();
	}

	private static EntityExchangeResult<String> get(WebTestClient client, String uri, String cookie, String value,
			String origin) {
		return client.get().uri(uri).cookies(cookies -> {
			if (cookie != null) {
				cookies.add(cookie, value);
			}
		}).headers(headers -> {
			if (origin != null) {
				headers.set(HttpHeaders.ORIGIN, origin);
			}
		}).exchange().expectBody(String.class).returnResult();
	}

	private static Map<String, List<String>> comparable(HttpHeaders headers) {
		Map<String, List<String>> out = new TreeMap<>();
		headers.forEach((name, values) -> {
			if (!PER_ANSWER.contains(name.toLowerCase(Locale.ROOT))) {
				out.put(name.toLowerCase(Locale.ROOT), values);
			}
		});
		return out;
	}

	/** Each Set-Cookie without its value and date, attributes in lower case: what the browser is told to keep. */
	private static List<String> cookies(EntityExchangeResult<String> result) {
		return result.getResponseHeaders()
			.getOrDefault(HttpHeaders.SET_COOKIE, List.of())
			.stream()
			.map(cookie -> Stream.of(cookie.split(";"))
				.map(String::trim)
				.map(part -> part.toLowerCase(Locale.ROOT))
				.filter(part -> !part.startsWith("expires="))
				.map(part -> part.contains("token=") ? part.substring(0, part.indexOf('=')) : part)
				.sorted()
				.toList()
				.toString())
			.toList();
	}

	/** The body with token values blanked: same keys, same user, same expiry format. */
	private static String shape(String body) {
		return body == null ? "" : body.replaceAll("\"(csrfToken|accessToken)\":\"[^\"]*\"", "\"$1\":\"…\"")
			.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z", "<time>");
	}

}
