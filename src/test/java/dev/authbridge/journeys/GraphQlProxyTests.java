package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.db.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The same-origin GraphQL proxy over real HTTP: browsers signed in through GitHub's
 * stand-in or with e-mail + password (accounts and epochs in real PostgreSQL) post
 * GraphQL to {@code /v1/graphql}, and the {@code HasuraStandIn} behind it, which verifies
 * bearer tokens as Hasura does, says what it received.
 */
@FlowTest
@ExtendWith(OutputCaptureExtension.class)
class GraphQlProxyTests extends HasuraFlowTest {

	static final String DATABASE = TestPostgres.freshDatabase();

	static final String QUERY = "{\"query\":\"query { __typename }\"}";

	@DynamicPropertySource
	static void proxy(DynamicPropertyRegistry registry) {
		registry.add("AUTH_HASURA_PROXY", () -> "true");
		registry.add("AUTH_HASURA_PROXY_TIMEOUT", () -> "1s");
		registry.add("AUTH_HASURA_PROXY_MAX_BODY", () -> "64KB");
		registry.add("AUTH_CORS_ORIGINS", () -> BridgeTest.SPA);
		registry.add("DATABASE_URL", () -> DATABASE);
		registry.add("AUTH_ADMIN_SECRET", () -> Accounts.ADMIN_SECRET);
	}

	@Test
	void proxyWhenSignedInThenHasuraGetsFreshBearerForThatUser(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");

		EntityExchangeResult<String> answer = post(cookie(browser)).bodyValue(QUERY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult();

		assertThat(answer.getResponseBody()).isEqualTo("{\"data\":{\"__typename\":\"query_root\"}}");
		String authorization = upstream("authorization");
		assertThat(authorization).startsWith("Bearer ");
		SignedJWT token = SignedJWT.parse(authorization.substring("Bearer ".length()));
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(OCTOCAT);
		assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now());
		assertThat(this.hasura.lastHeaders()).doesNotContainKey("cookie");
	}

	@Test
	void proxyWhenSignedOutThenForwardedWithoutAuthorization() {
		post(null).bodyValue(QUERY).exchange().expectStatus().isOk();

		assertThat(this.hasura.lastHeaders()).containsKey("content-type").doesNotContainKey("authorization");
	}

	@Test
	void proxyWhenCookieForgedThenForwardedAsSignedOut() {
		post("not-a-session").bodyValue(QUERY).exchange().expectStatus().isOk();

		assertThat(this.hasura.lastHeaders()).doesNotContainKey("authorization").doesNotContainKey("cookie");
	}

	@Test
	void proxyWhenClientSendsCredentialsAndSessionVariablesThenOnlyRoleForwarded(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");

		post(cookie(browser)).header("x-hasura-admin-secret", "stand-in-admin-secret")
			.header("Authorization", "Bearer client-chosen")
			.header("x-hasura-user-id", "someone-else")
			.header("x-hasura-role", "user")
			.header("X-Forwarded-For", "203.0.113.9")
			.bodyValue(QUERY)
			.exchange()
			.expectStatus()
			.isOk();

		Map<String, List<String>> received = this.hasura.lastHeaders();
		assertThat(received).doesNotContainKeys("x-hasura-admin-secret", "x-hasura-user-id", "cookie",
				"x-forwarded-for");
		assertThat(received.get("x-hasura-role")).containsExactly("user");
		assertThat(received.get("authorization")).hasSize(1);
		assertThat(SignedJWT.parse(upstream("authorization").substring(7)).getJWTClaimsSet().getSubject())
			.isEqualTo(OCTOCAT);
	}

	@Test
	void proxyWhenFormPostedThen415AndNothingForwarded() {
		this.client()
			.post()
			.uri("/v1/graphql")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("query=query%20%7B%20__typename%20%7D")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unsupported_media_type");
		this.client().post().uri("/v1/graphql").bodyValue("x").exchange().expectStatus().isEqualTo(415);

		assertThat(this.hasura.lastHeaders()).isEmpty();
	}

	@Test
	void proxyWhenForeignOriginThen403AndNothingForwarded() {
		post(null).header("Origin", "https://evil.example")
			.bodyValue(QUERY)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist("Access-Control-Allow-Origin")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("origin_not_allowed");

		assertThat(this.hasura.lastHeaders()).isEmpty();
	}

	@Test
	void proxyWhenOwnOriginThenForwarded() {
		post(null).header("Origin", BridgeTest.URL).bodyValue(QUERY).exchange().expectStatus().isOk();
	}

	@Test
	void proxyWhenAllowedCorsOriginThenAnswerWithCorsHeadersAndPreflightAllowsRole() {
		this.client()
			.options()
			.uri("/v1/graphql")
			.header("Origin", BridgeTest.SPA)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type, x-hasura-role")
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", BridgeTest.SPA)
			.expectHeader()
			.valueEquals("Access-Control-Allow-Credentials", "true");

		post(null).header("Origin", BridgeTest.SPA)
			.bodyValue(QUERY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", BridgeTest.SPA)
			.expectHeader()
			.valueEquals("Access-Control-Allow-Credentials", "true");
	}

	@Test
	void proxyWhenBodyOverLimitThen413WithOrWithoutContentLength() {
		String large = "{\"query\":\"" + "x".repeat(100 * 1024) + "\"}";
		post(null).bodyValue(large)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("payload_too_large");
		post(null).body(Flux.range(0, 100).map(i -> "x".repeat(1024)), String.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413);

		assertThat(this.hasura.lastHeaders()).isEmpty();
	}

	@Test
	void proxyWhenHasuraSlowerThanTimeoutThen504GraphQlShaped() {
		this.hasura.delay(Duration.ofSeconds(3));

		post(null).bodyValue(QUERY)
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("hasura_unavailable")
			.jsonPath("$.errors[0].message")
			.isNotEmpty();
	}

	@Test
	void proxyWhenSignedOutEverywhereThenOldCookieForwardedAsSignedOut(Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		Browser otherDevice = new Browser(this.port);
		Accounts.signIn(otherDevice, "ada@example.com", Accounts.PASSWORD, true);
		String oldCookie = cookie(otherDevice);
		post(oldCookie).bodyValue(QUERY).exchange().expectStatus().isOk();
		assertThat(this.hasura.lastHeaders()).containsKey("authorization");

		browser.submit("/api/auth/signout",
				Map.of("csrfToken", browser.csrfToken(), "all", "true", "callbackUrl", BridgeTest.URL + "/bye"));

		post(oldCookie).bodyValue(QUERY).exchange().expectStatus().isOk();
		assertThat(this.hasura.lastHeaders()).doesNotContainKey("authorization");
	}

	@Test
	void proxyWhenSameSessionPostsAgainLaterThenHasuraGetsTheSameToken(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");
		post(cookie(browser)).bodyValue(QUERY).exchange().expectStatus().isOk();
		String first = upstream("authorization");
		// past the second of the first token's iat: a token signed now would differ
		Thread.sleep(1100);

		post(cookie(browser)).bodyValue(QUERY).exchange().expectStatus().isOk();

		assertThat(upstream("authorization")).isEqualTo(first);
	}

	@Test
	void proxyWhenBodyStreamedWithoutLengthThenSameAnswerAsWithLength() {
		EntityExchangeResult<String> withLength = post(null).header("Origin", BridgeTest.SPA)
			.bodyValue(QUERY)
			.exchange()
			.expectBody(String.class)
			.returnResult();
		EntityExchangeResult<String> streamed = post(null).header("Origin", BridgeTest.SPA)
			.body(Flux.just(QUERY.substring(0, 10), QUERY.substring(10)), String.class)
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(streamed.getStatus()).isEqualTo(withLength.getStatus());
		assertThat(streamed.getResponseBody()).isEqualTo(withLength.getResponseBody()).startsWith("{\"");
		assertThat(comparable(streamed.getResponseHeaders())).isEqualTo(comparable(withLength.getResponseHeaders()))
			.containsEntry("access-control-allow-origin", List.of(BridgeTest.SPA))
			.containsEntry("x-content-type-options", List.of("nosniff"))
			.containsKey("cache-control");
		assertThat(withLength.getResponseHeaders().getFirst("X-Request-Id")).isNotBlank();
	}

	@Test
	void proxyWhenClientLeavesMidRequestThenNothingLoggedAsErrorAndNoConnectionToHasuraHeld(CapturedOutput output)
			throws Exception {
		this.hasura.delay(Duration.ofMillis(300));
		String head = "POST /v1/graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
		List<String> requests = List.of(
				// whole, then gone while Hasura answers: through the server's own route
				head + "Content-Length: " + QUERY.length() + "\r\n\r\n" + QUERY,
				// gone within the body
				head + "Content-Length: " + (QUERY.length() + 50) + "\r\n\r\n" + QUERY,
				// chunked, so through WebFlux: whole, then gone while Hasura answers
				head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(QUERY.length()) + "\r\n" + QUERY
						+ "\r\n0\r\n\r\n",
				// chunked and gone within the body
				head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(QUERY.length() + 50) + "\r\n"
						+ QUERY);
		for (String request : requests) {
			RawHttp.abandon(this.port, request, Duration.ofMillis(100));
		}

		Instant deadline = Instant.now().plusSeconds(5);
		while (Prometheus.sample(this.port, "authbridge_graphql_upstream_connections") > 0
				&& Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
		}
		assertThat(Prometheus.sample(this.port, "authbridge_graphql_upstream_connections")).isZero();
		// Hasura's late answers have come and gone
		post(null).bodyValue(QUERY).exchange().expectStatus().isOk();
		assertThat(output.getAll()).doesNotContain(" ERROR ")
			.doesNotContain("onErrorDropped")
			.doesNotContain("observed an error")
			.doesNotContain("Hasura did not answer a proxied");
	}

	/** An answer's headers but those that differ from one answer to the next. */
	private static Map<String, List<String>> comparable(HttpHeaders headers) {
		Map<String, List<String>> kept = new TreeMap<>();
		headers.forEach((name, values) -> kept.put(name.toLowerCase(Locale.ROOT), values));
		kept.keySet().removeAll(List.of("date", "content-length", "transfer-encoding", "x-request-id"));
		return kept;
	}

	private WebTestClient.RequestBodySpec post(String sessionCookie) {
		WebTestClient.RequestBodySpec request = client().post()
			.uri("/v1/graphql")
			.contentType(MediaType.APPLICATION_JSON);
		return sessionCookie == null ? request : request.cookie(SESSION_COOKIE, sessionCookie);
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	private String upstream(String header) {
		List<String> values = this.hasura.lastHeaders().get(header);
		return values == null ? null : values.get(0);
	}

	private static String cookie(Browser browser) {
		return browser.cookies().get(SESSION_COOKIE);
	}

}
