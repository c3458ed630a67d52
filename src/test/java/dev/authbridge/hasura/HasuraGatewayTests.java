package dev.authbridge.hasura;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.authbridge.FreePort;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/**
 * The gateway's answers to each way Hasura can fail, against a WireMock stand-in for
 * Hasura's HTTP endpoint (the GraphQL semantics are covered end to end with
 * {@link HasuraStandIn}).
 */
class HasuraGatewayTests {

	private static final String UPSERT = "mutation upsertUser($user: users_insert_input!) { "
			+ "insert_users_one(object: $user) { id } }";

	private final WireMockServer hasura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@BeforeEach
	void start() {
		this.hasura.start();
	}

	@AfterEach
	void stop() {
		this.hasura.stop();
	}

	@Test
	void upsertUserWhenHasuraAnswersThenObjectOfTheRootFieldAndAdminSecretSent() {
		this.hasura
			.stubFor(post("/v1/graphql").willReturn(json("{\"data\":{\"insert_users_one\":{\"id\":\"github|1\"}}}")));

		StepVerifier.create(gateway(this.hasura.baseUrl()).upsertUser(Map.of("id", "github|1")))
			.expectNext(Map.of("id", "github|1"))
			.verifyComplete();
		this.hasura.verify(
				postRequestedFor(urlEqualTo("/v1/graphql")).withHeader("x-hasura-admin-secret", equalTo("admin-secret"))
					.withRequestBody(matchingJsonPath("$.variables.user.id", equalTo("github|1"))));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					errors array         | 200 | {"errors":[{"message":"x","extensions":{"path":"$","code":"validation-failed"}}]} | hasura_rejected
					no object            | 200 | {"data":{"insert_users_one":null}}                                            | hasura_rejected
					HTTP 400             | 400 | {"error":"bad request"}                                                        | hasura_rejected
					HTTP 500             | 500 | {"error":"boom"}                                                               | hasura_unavailable
					HTTP 503             | 503 | {}                                                                             | hasura_unavailable
					""")
	void upsertUserWhenHasuraFailsThenReason(String name, int status, String body, String reason) {
		this.hasura.stubFor(post("/v1/graphql").willReturn(json(body).withStatus(status)));

		StepVerifier.create(gateway(this.hasura.baseUrl()).upsertUser(Map.of("id", "github|1")))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(SignInFailure.class,
					failure -> assertThat(failure.reason().code()).isEqualTo(reason)))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void upsertUserWhenSlowerThanTimeoutThenUnavailableAndNotRetried() {
		this.hasura.stubFor(post("/v1/graphql").willReturn(json("{\"data\":{}}").withFixedDelay(4000)));

		StepVerifier.create(gateway(this.hasura.baseUrl()).upsertUser(Map.of("id", "github|1")))
			.expectErrorMatches(
					ex -> ex instanceof SignInFailure failure && failure.reason() == Reason.HASURA_UNAVAILABLE)
			.verify(Duration.ofSeconds(10));
		this.hasura.verify(1, postRequestedFor(urlEqualTo("/v1/graphql")));
	}

	@Test
	void upsertUserWhenNothingListensThenUnavailable() throws Exception {
		int closed = FreePort.next();
		StepVerifier.create(gateway("http://127.0.0.1:" + closed).upsertUser(Map.of("id", "github|1")))
			.expectErrorMatches(
					ex -> ex instanceof SignInFailure failure && failure.reason() == Reason.HASURA_UNAVAILABLE)
			.verify(Duration.ofSeconds(10));
	}

	/**
	 * With a 2 s timeout: a first call on a busy machine (cold client, cold stand-in) can
	 * take more than 1 s.
	 */
	private static HasuraGateway gateway(String baseUrl) {
		return new HasuraGateway(WebClient.builder(), new HasuraConnection(URI.create(baseUrl + "/v1/graphql"),
				"admin-secret", Duration.ofSeconds(2), UPSERT));
	}

	private static ResponseDefinitionBuilder json(String body) {
		return aResponse().withHeader("Content-Type", "application/json").withBody(body);
	}

}
