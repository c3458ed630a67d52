package dev.authbridge.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;

import dev.authbridge.user.SignInFailure;
import dev.authbridge.seal.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowCookieSealerTests {

	static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	static final byte[] KEY = key(7);

	static final FlowCookieSealer SEALER = new FlowCookieSealer(KEY, at(NOW));

	static final String RANDOM = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	static final FlowState GITHUB = new FlowState("github", RANDOM, RANDOM.toLowerCase(), null,
			"https://app.example.test/api/auth/callback/github", "https://app.example.test/dashboard");

	static final FlowState AUTH0 = new FlowState("auth0", RANDOM, RANDOM.toLowerCase(), RANDOM.toUpperCase(),
			"https://app.example.test/api/auth/callback/auth0", "https://app.example.test/");

	static Stream<FlowState> flows() {
		return Stream.of(GITHUB, AUTH0);
	}

	@ParameterizedTest
	@MethodSource("flows")
	void unsealWhenSealedHereThenSameFlow(FlowState flow) throws SignInFailure {
		assertThat(SEALER.unseal(SEALER.seal(flow))).isEqualTo(flow);
	}

	@Test
	void unsealWhenSealedByAnotherInstanceWithinLifetimeThenSameFlow() throws SignInFailure {
		FlowCookieSealer later = new FlowCookieSealer(KEY.clone(),
				at(NOW.plus(FlowCookieSealer.LIFETIME).minusSeconds(1)));

		assertThat(later.unseal(SEALER.seal(AUTH0))).isEqualTo(AUTH0);
	}

	@Test
	void sealWhenOidcFlowThenWellUnderACookiesFourKibibytes() {
		assertThat(SEALER.seal(AUTH0)).hasSizeLessThan(640);
	}

	@Test
	void unsealWhenLifetimeOverThenStateExpired() {
		FlowCookieSealer later = new FlowCookieSealer(KEY, at(NOW.plus(FlowCookieSealer.LIFETIME)));

		assertThat(failure(later, SEALER.seal(GITHUB)).reason().code()).isEqualTo("state_expired");
	}

	static Stream<Arguments> invalidCookies() {
		return Stream.of(invalid("tampered", cookie -> {
			String[] parts = cookie.split("\\.");
			parts[3] = (parts[3].charAt(0) == 'A' ? "B" : "A") + parts[3].substring(1);
			return String.join(".", parts);
		}), invalid("sealed under another secret", cookie -> new FlowCookieSealer(key(8), at(NOW)).seal(GITHUB)),
				invalid("sealed under the flow key for another use",
						cookie -> new Sealer(KEY, at(NOW)).seal("code", claims(GITHUB), Duration.ofMinutes(1))),
				invalid("without the code verifier", cookie -> sealedFlowClaims(claims -> claims.remove("v"))),
				invalid("without the provider", cookie -> sealedFlowClaims(claims -> claims.remove("p"))),
				invalid("state a number", cookie -> sealedFlowClaims(claims -> claims.put("s", 42))),
				invalid("nonce a number", cookie -> sealedFlowClaims(claims -> claims.put("n", 42))),
				invalid("a signed JWT", cookie -> "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"),
				invalid("oversized", cookie -> cookie + "A".repeat(Sealer.MAX_LENGTH)), invalid("empty", cookie -> ""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCookies")
	void unsealWhenNotASealedFlowThenStateCookieInvalid(UnaryOperator<String> change) {
		SignInFailure failure = failure(SEALER, change.apply(SEALER.seal(GITHUB)));

		assertThat(failure.error().code()).isEqualTo("OAuthCallback");
		assertThat(failure.reason().code()).isEqualTo("state_cookie_invalid");
	}

	private static Arguments invalid(String name, UnaryOperator<String> change) {
		return Arguments.of(named(name, change));
	}

	private static SignInFailure failure(FlowCookieSealer sealer, String cookie) {
		SignInFailure failure = catchThrowableOfType(SignInFailure.class, () -> sealer.unseal(cookie));
		assertThat(failure).as("refused").isNotNull();
		return failure;
	}

	/**
	 * The claims of {@link #GITHUB} as the flow cookie names them, changed, and sealed
	 * under the flow key.
	 */
	private static String sealedFlowClaims(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = claims(GITHUB);
		change.accept(claims);
		return new Sealer(KEY, at(NOW)).seal(FlowCookieSealer.USE, claims, FlowCookieSealer.LIFETIME);
	}

	private static Map<String, Object> claims(FlowState flow) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("p", flow.provider());
		claims.put("s", flow.state());
		claims.put("v", flow.codeVerifier());
		claims.put("r", flow.redirectUri());
		claims.put("c", flow.callbackUrl());
		return claims;
	}

	private static Clock at(Instant instant) {
		return Clock.fixed(instant, ZoneOffset.UTC);
	}

	private static byte[] key(int seed) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) seed);
		return key;
	}

}
