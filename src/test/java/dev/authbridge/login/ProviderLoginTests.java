package dev.authbridge.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.authbridge.S256;
import dev.authbridge.journeys.GithubStandIn;
import dev.authbridge.journeys.GithubStandIn.Account;
import dev.authbridge.login.ProviderLogin.Finished;
import dev.authbridge.login.ProviderLogin.Start;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.provider.ProviderStyle;
import dev.authbridge.provider.profile.ProfileMappers;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.UserProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.test.StepVerifier;

/**
 * Both legs of a provider sign-in without a bridge around them: what
 * {@link ProviderLogin#start} sends the browser to, and every check
 * {@link ProviderLogin#finish} makes on the callback before and after redeeming the code,
 * against a GitHub stand-in of its own.
 */
class ProviderLoginTests {

	static final String AUTH_URL = "http://app.example.test";

	static final String CALLBACK_URL = AUTH_URL + "/dashboard";

	static final GithubStandIn github = new GithubStandIn();

	static final FlowCookieSealer sealer = new FlowCookieSealer(new byte[32], Clock.systemUTC());

	static final ProviderLogin login = providerLogin();

	@BeforeEach
	void resetGithub() {
		github.reset();
	}

	@AfterAll
	static void stopGithub() {
		github.close();
	}

	@Test
	void startThenAuthorizationUrlCarriesStateAndS256ChallengeOfTheSealedFlow() throws SignInFailure {
		Start start = start(Map.of());
		FlowState flow = sealer.unseal(start.sealedFlow());
		MultiValueMap<String, String> query = query(start);

		assertThat(start.authorizationUrl()).startsWith(github.baseUrl() + "/login/oauth/authorize?");
		assertThat(flow).isEqualTo(new FlowState("github", flow.state(), flow.codeVerifier(), null,
				AUTH_URL + "/api/auth/callback/github", CALLBACK_URL));
		assertThat(query.toSingleValueMap()).containsEntry("response_type", "code")
			.containsEntry("client_id", GithubStandIn.CLIENT_ID)
			.containsEntry("redirect_uri", AUTH_URL + "/api/auth/callback/github")
			.containsEntry("state", flow.state())
			.containsEntry("code_challenge", S256.of(flow.codeVerifier()))
			.containsEntry("code_challenge_method", "S256")
			.doesNotContainKey("nonce");
	}

	@Test
	void startWhenCalledTwiceThenFreshStateAndVerifier() throws SignInFailure {
		FlowState first = sealer.unseal(start(Map.of()).sealedFlow());
		FlowState second = sealer.unseal(start(Map.of()).sealedFlow());

		assertThat(second.state()).isNotEqualTo(first.state());
		assertThat(second.codeVerifier()).isNotEqualTo(first.codeVerifier()).isNotEqualTo(second.state());
	}

	@Test
	void startWhenCallerSetsProtectedParametersThenOnlyTheOthersPass() throws SignInFailure {
		Map<String, String> extra = new LinkedHashMap<>();
		ProviderLogin.PROTECTED_PARAMETERS.forEach(name -> extra.put(name, "evil"));
		extra.put("callbackUrl", "https://evil.example");
		extra.put("login", "monalisa");
		Start start = start(extra);
		MultiValueMap<String, String> query = query(start);

		assertThat(query.get("state")).containsExactly(sealer.unseal(start.sealedFlow()).state());
		assertThat(query.toSingleValueMap()).containsEntry("login", "monalisa")
			.doesNotContainKeys("callbackUrl", "request", "request_uri", "nonce")
			.doesNotContainValue("evil");
	}

	@Test
	void startWhenProviderUnknownThenOAuthSigninUnknownProvider() {
		StepVerifier.create(login.start("gitlab", AUTH_URL + "/api/auth/callback/gitlab", CALLBACK_URL, Map.of()))
			.expectErrorSatisfies(error -> assertFailure(error, "OAuthSignin", "unknown_provider"))
			.verify();
	}

	@Test
	void finishWhenCallbackMatchesTheFlowThenProfileAndCallbackUrl() {
		Start start = start(Map.of());

		StepVerifier.create(login.finish("github", start.sealedFlow(), approved(start)))
			.expectNext(new Finished(new UserProfile("github", "583231", "The Octocat", "octocat@github.com",
					"https://avatars.githubusercontent.com/u/583231?v=4"), CALLBACK_URL))
			.verifyComplete();
	}

	@Test
	void finishThenCodeRedeemedWithTheFlowsVerifierAndRedirectUri() throws SignInFailure {
		Start start = start(Map.of());
		FlowState flow = sealer.unseal(start.sealedFlow());

		login.finish("github", start.sealedFlow(), approved(start)).block();

		assertThat(github.tokenRequests()).singleElement()
			.satisfies(request -> assertThat(request.form()).containsEntry("code", Account.OCTOCAT.code)
				.containsEntry("code_verifier", flow.codeVerifier())
				.containsEntry("redirect_uri", flow.redirectUri()));
	}

	/**
	 * The checks of the callback against the flow (RFC 6749 §10.12), each refusing before
	 * any code is redeemed.
	 */
	static Stream<Arguments> refusedCallbacks() {
		return Stream.of(refused("user denied", "AccessDenied", "access_denied", (flow, parameters) -> {
			parameters.put("error", "access_denied");
			return flow;
		}), refused("provider error", "OAuthCallback", "provider_error", (flow, parameters) -> {
			parameters.put("error", "server_error");
			return flow;
		}), refused("no flow cookie", "OAuthCallback", "state_cookie_missing", (flow, parameters) -> null),
				refused("flow cookie not sealed here", "OAuthCallback", "state_cookie_invalid",
						(flow, parameters) -> resealed(flow,
								new FlowCookieSealer(Arrays.copyOf(new byte[] { 1 }, 32), Clock.systemUTC()))),
				refused("flow expired", "OAuthCallback", "state_expired", (flow, parameters) -> resealed(flow,
						new FlowCookieSealer(new byte[32],
								Clock.offset(Clock.systemUTC(), FlowCookieSealer.LIFETIME.negated().minusSeconds(1))))),
				refused("flow started for another provider", "OAuthCallback", "provider_mismatch",
						(flow, parameters) -> {
							FlowState github = flowIn(flow);
							return sealer.seal(new FlowState("auth0", github.state(), github.codeVerifier(), null,
									github.redirectUri(), github.callbackUrl()));
						}),
				refused("state missing", "OAuthCallback", "state_mismatch", (flow, parameters) -> {
					parameters.remove("state");
					return flow;
				}), refused("state of another flow", "OAuthCallback", "state_mismatch", (flow, parameters) -> {
					parameters.put("state", parameters.get("state") + "x");
					return flow;
				}), refused("code missing", "OAuthCallback", "code_missing", (flow, parameters) -> {
					parameters.remove("code");
					return flow;
				}), refused("code empty", "OAuthCallback", "code_missing", (flow, parameters) -> {
					parameters.put("code", "");
					return flow;
				}));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedCallbacks")
	void finishWhenCallbackDoesNotMatchTheFlowThenRefusedBeforeRedeemingTheCode(Callback callback, String code,
			String reason) {
		Start start = start(Map.of());
		Map<String, String> parameters = new HashMap<>(approved(start));
		String cookie = callback.change(start.sealedFlow(), parameters);

		StepVerifier.create(login.finish("github", cookie, parameters))
			.expectErrorSatisfies(error -> assertFailure(error, code, reason))
			.verify();
		assertThat(github.tokenRequests()).isEmpty();
	}

	/**
	 * What goes wrong at the provider once the callback passed its checks, and the reason
	 * it is given.
	 */
	static Stream<Arguments> upstreamFailures() {
		return Stream.of(
				fault("code unknown to GitHub", "token_exchange_failed",
						parameters -> parameters.put("code", "0000aaaa1111bbbb2222")),
				fault("token endpoint down", "token_exchange_failed", parameters -> github.tokenEndpointFails(502)),
				fault("user API down", "userinfo_failed", parameters -> github.apiFails("/user", 502)),
				fault("e-mail API down", "userinfo_failed", parameters -> {
					github.apiFails("/user/emails", 502);
					parameters.put("code", Account.MONALISA.code);
				}));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("upstreamFailures")
	void finishWhenProviderFailsThenReasonNamesTheStep(Consumer<Map<String, String>> fault, String reason) {
		Start start = start(Map.of());
		Map<String, String> parameters = new HashMap<>(approved(start));
		fault.accept(parameters);

		StepVerifier.create(login.finish("github", start.sealedFlow(), parameters))
			.expectErrorSatisfies(error -> assertFailure(error, "OAuthCallback", reason))
			.verify();
	}

	/**
	 * Changes an approved callback: its parameters in place, and returns the flow cookie
	 * to send with it.
	 */
	@FunctionalInterface
	interface Callback {

		String change(String sealedFlow, Map<String, String> parameters);

	}

	private static Arguments refused(String name, String code, String reason, Callback callback) {
		return arguments(named(name, callback), code, reason);
	}

	/**
	 * A fault of the stand-in, set up now, or a change to the approved callback's
	 * parameters.
	 */
	private static Arguments fault(String name, String reason, Consumer<Map<String, String>> fault) {
		return arguments(named(name, fault), reason);
	}

	/** The flow of {@code sealedFlow}, sealed again by {@code other}. */
	private static String resealed(String sealedFlow, FlowCookieSealer other) {
		return other.seal(flowIn(sealedFlow));
	}

	private static FlowState flowIn(String sealedFlow) {
		try {
			return sealer.unseal(sealedFlow);
		}
		catch (SignInFailure ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Start start(Map<String, String> extra) {
		return login.start("github", AUTH_URL + "/api/auth/callback/github", CALLBACK_URL, extra).block();
	}

	/** The callback GitHub sends once octocat approved: its code and the flow's state. */
	private static Map<String, String> approved(Start start) {
		return Map.of("code", Account.OCTOCAT.code, "state", query(start).getFirst("state"));
	}

	private static MultiValueMap<String, String> query(Start start) {
		return UriComponentsBuilder.fromUriString(start.authorizationUrl()).build().getQueryParams();
	}

	private static void assertFailure(Throwable error, String code, String reason) {
		assertThat(error).isInstanceOfSatisfying(SignInFailure.class, failure -> {
			assertThat(failure.error().code()).isEqualTo(code);
			assertThat(failure.reason().code()).isEqualTo(reason);
		});
	}

	private static ProviderLogin providerLogin() {
		ProviderRegistry providers = new ProviderRegistry(List.of(new ProviderDefinition("github", "GitHub",
				ProviderType.OAUTH, GithubStandIn.CLIENT_ID, GithubStandIn.CLIENT_SECRET, "client_secret_basic", null,
				github.baseUrl() + "/login/oauth/authorize", github.baseUrl() + "/login/oauth/access_token",
				github.apiUrl() + "/user", List.of("read:user", "user:email"), "github", ProviderStyle.DEFAULT,
				"providers/github.yaml")));
		WebClient web = WebClient.create();
		return new ProviderLogin(new ProviderClients(providers, AuthUrl.parse(AUTH_URL), web, Duration.ofSeconds(1)),
				providers, new ProfileMappers(web), sealer, web);
	}

}
