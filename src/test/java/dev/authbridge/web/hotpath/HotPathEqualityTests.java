package dev.authbridge.web.hotpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.AuthBridgeApplication;
import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The routes Reactor Netty answers ahead of WebFlux ({@link HotPathRoutes}) give the
 * answer WebFlux gives, in each kind of deployment: two bridges with the same settings,
 * one as it starts by default and one with {@code AUTHBRIDGE_HOT_PATH=false}, get the
 * same {@code /session} and {@code /csrf} requests, and answer with the same status, the
 * same headers (every name, and every value but those that differ per answer by design),
 * the same cookies (values aside) and the same body (token values aside).
 */
class HotPathEqualityTests {

	/**
	 * Their values differ per answer by design: a fresh id, a length that follows the
	 * tokens.
	 */
	static final Set<String> PER_ANSWER = Set.of("x-request-id", "content-length", "date");

	static final String OTHER = "https://evil.example";

	/**
	 * The two bridges of the deployment under test, started for its first case and
	 * stopped after its last.
	 */
	private static Twins twins;

	@AfterAll
	static void stop() {
		if (twins != null) {
			twins.close();
		}
	}

	static Stream<Arguments> requests() {
		String fresh = TestSessions.issuedAt(Instant.now().minus(Duration.ofHours(1)), TestSessions.OCTOCAT);
		String due = TestSessions.issuedAt(Instant.now().minus(Duration.ofDays(2)), TestSessions.OCTOCAT);
		List<Request> requests = List.of(new Request("session signed out", "/api/auth/session", null, null),
				new Request("session signed in", "/api/auth/session", fresh, null),
				new Request("session rolled", "/api/auth/session", due, null),
				new Request("session signed in, address proved", "/api/auth/session",
						TestSessions.issuedAt(Instant.now(), TestSessions.VERIFIED), null),
				new Request("session bad cookie", "/api/auth/session", "x.y.z", null),
				new Request("session with query", "/api/auth/session?x=1", fresh, null),
				new Request("session signed out, allowed origin", "/api/auth/session", null, BridgeTest.SPA),
				new Request("session signed in, allowed origin", "/api/auth/session", fresh, BridgeTest.SPA),
				new Request("session signed in, other origin", "/api/auth/session", fresh, OTHER),
				new Request("csrf first visit", "/api/auth/csrf", null, null),
				new Request("csrf first visit, allowed origin", "/api/auth/csrf", null, BridgeTest.SPA),
				new Request("csrf forged cookie, other origin", "/api/auth/csrf", "a|b", OTHER));
		return Stream.of(Deployment.values())
			.flatMap(deployment -> requests.stream().map(request -> Arguments.of(deployment, request)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("requests")
	void getWhenAnsweredAheadOfWebFluxThenSameAnswerAsWebFlux(Deployment deployment, Request request) {
		Twins bridges = twins(deployment);

		EntityExchangeResult<String> hot = get(bridges.hotPath(), deployment, request);
		EntityExchangeResult<String> flux = get(bridges.webFlux(), deployment, request);

		assertThat(hot.getStatus()).isEqualTo(flux.getStatus());
		assertThat(comparable(hot.getResponseHeaders())).isEqualTo(comparable(flux.getResponseHeaders()));
		assertThat(cookies(hot)).isEqualTo(cookies(flux));
		assertThat(shape(hot.getResponseBody())).isEqualTo(shape(flux.getResponseBody()));
	}

	private static synchronized Twins twins(Deployment deployment) {
		if (twins == null || !twins.properties().equals(deployment.properties)) {
			stop();
			twins = Twins.start(deployment.properties);
		}
		return twins;
	}

	private static EntityExchangeResult<String> get(WebTestClient client, Deployment deployment, Request request) {
		boolean session = request.uri().startsWith("/api/auth/session");
		return client.get().uri(request.uri()).cookies(cookies -> {
			if (request.cookie() != null) {
				cookies.add(session ? deployment.sessionCookie : deployment.csrfCookie, request.cookie());
			}
		}).headers(headers -> {
			// the same Host for both bridges, on their different ports
			headers.set(HttpHeaders.HOST, "bridge.example.test");
			deployment.headers.forEach(headers::set);
			if (request.origin() != null) {
				headers.set(HttpHeaders.ORIGIN, request.origin());
			}
		}).exchange().expectBody(String.class).returnResult();
	}

	/**
	 * Every header by lower-case name but Set-Cookie ({@link #cookies}), with per-answer
	 * values blanked.
	 */
	private static Map<String, List<String>> comparable(HttpHeaders headers) {
		Map<String, List<String>> out = new TreeMap<>();
		headers.forEach((name, values) -> {
			String key = name.toLowerCase(Locale.ROOT);
			if (!key.equals("set-cookie")) {
				out.put(key, PER_ANSWER.contains(key) ? values.stream().map(value -> "…").toList() : values);
			}
		});
		return out;
	}

	/**
	 * Each Set-Cookie without its value and date, attributes in lower case: what the
	 * browser is told to keep.
	 */
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

	/**
	 * A kind of deployment: the bridge's settings and what its proxy adds to every
	 * request.
	 */
	enum Deployment {

		HTTP("plain http", List.of("AUTH_URL=" + BridgeTest.URL), Map.of(), false),

		CORS("CORS origins", List.of("AUTH_URL=" + BridgeTest.URL, "AUTH_CORS_ORIGINS=" + BridgeTest.SPA), Map.of(),
				false),

		TRUSTED_PROXY("trusted proxy, https forwarded",
				List.of("AUTH_URL=http://internal:3000", "AUTH_TRUST_HOST=true"),
				Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "auth.example.com"), false),

		TRUSTED_PROXY_BYPASSED("trusted proxy, request without forwarded headers",
				List.of("AUTH_URL=http://internal:3000", "AUTH_TRUST_HOST=true"), Map.of(), false),

		HTTPS("https AUTH_URL", List.of("AUTH_URL=https://auth.example.test"), Map.of(), true);

		final String description;

		final List<String> properties;

		final Map<String, String> headers;

		final String sessionCookie;

		final String csrfCookie;

		Deployment(String description, List<String> settings, Map<String, String> headers, boolean https) {
			this.description = description;
			List<String> properties = new ArrayList<>(settings);
			properties
				.addAll(List.of("AUTH_SECRET=" + BridgeTest.SECRET, "AUTH_GITHUB_ID=id", "AUTH_GITHUB_SECRET=secret"));
			this.properties = List.copyOf(properties);
			this.headers = headers;
			this.sessionCookie = (https ? "__Secure-" : "") + "authbridge.session-token";
			this.csrfCookie = (https ? "__Host-" : "") + "authbridge.csrf-token";
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

	/**
	 * {@code origin} {@code null}: no Origin header; {@code cookie}: the session or CSRF
	 * cookie's value, or none.
	 */
	record Request(String name, String uri, String cookie, String origin) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * A bridge that answers ahead of WebFlux and one that leaves every request to
	 * WebFlux, with the same settings.
	 */
	record Twins(List<String> properties, ConfigurableApplicationContext hot,
			ConfigurableApplicationContext flux) implements AutoCloseable {

		static Twins start(List<String> properties) {
			List<String> off = new ArrayList<>(properties);
			off.add("authbridge.hot-path=false");
			Twins twins = new Twins(properties, run(properties), run(off));
			assertThat(twins.hot().getBeanNamesForType(HotPathRoutes.class)).hasSize(1);
			assertThat(twins.flux().getBeanNamesForType(HotPathRoutes.class)).isEmpty();
			return twins;
		}

		/**
		 * A random port as an argument: it outranks application.yaml's
		 * {@code ${PORT:3000}}, a default would not.
		 */
		private static ConfigurableApplicationContext run(List<String> properties) {
			return new SpringApplicationBuilder(AuthBridgeApplication.class)
				.properties(properties.toArray(String[]::new))
				.run("--server.port=0");
		}

		WebTestClient hotPath() {
			return client(this.hot);
		}

		WebTestClient webFlux() {
			return client(this.flux);
		}

		private static WebTestClient client(ConfigurableApplicationContext context) {
			return WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
				.build();
		}

		@Override
		public void close() {
			this.hot.close();
			this.flux.close();
		}

	}

}
