package dev.authbridge.hasura;

import dev.authbridge.hasura.HasuraGateway.Probe;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Does Hasura accept the bridge's access tokens? Once the server is ready, and then every
 * {@code interval} until it does, a token for a probe user is signed exactly as SPAs get
 * theirs and sent to Hasura with {@code query { __typename }}. The answer is logged in
 * plain words (once per change) and is the {@code hasura} health component in readiness:
 * UNKNOWN before the first answer, UP when accepted, DOWN with the reason otherwise. A
 * key, namespace or format mismatch between the two {@code HASURA_GRAPHQL_JWT_SECRET}s,
 * or a {@code jwk_url} by which Hasura does not reach {@code /api/auth/jwks}, shows here
 * at startup rather than as every SPA request failing.
 */
public final class HasuraSelfCheck implements ReactiveHealthIndicator, AutoCloseable {

	private static final Log logger = LogFactory.getLog(HasuraSelfCheck.class);

	/** Hasura's {@code extensions.code}s for a token it could not verify or read. */
	private static final List<String> JWT_CODES = List.of("invalid-jwt", "jwt-invalid-claims",
			"jwt-missing-role-claims", "invalid-headers");

	static final String HINT = "give Hasura the HASURA_GRAPHQL_JWT_SECRET that `java -jar authbridge.jar "
			+ "hasura-jwt-config` prints, or set the same value on both";

	private final HasuraGateway gateway;

	private final AccessTokens tokens;

	private final SessionUser probeUser;

	private final Duration interval;

	private final AtomicReference<Health> health = new AtomicReference<>(
			Health.unknown().withDetail("reason", "not checked yet").build());

	private volatile Disposable checks;

	public HasuraSelfCheck(HasuraGateway gateway, AccessTokens tokens, HasuraRoles roles, Duration interval) {
		this.gateway = gateway;
		this.tokens = tokens;
		this.probeUser = new SessionUser("authbridge|self-check", "AuthBridge self-check", null, null, "authbridge",
				new HasuraRoles(roles.defaultRole(), List.of()));
		this.interval = interval;
	}

	/**
	 * Starts checking in the background: now, then every interval until Hasura accepts
	 * the token.
	 */
	public void start() {
		this.checks = Flux.interval(Duration.ZERO, this.interval)
			.concatMap(tick -> check())
			.takeUntil(health -> Status.UP.equals(health.getStatus()))
			.subscribe();
	}

	/**
	 * One probe; with rotating keys, once the first attempt to load them is over, and
	 * DOWN without asking Hasura while they are still missing.
	 */
	Mono<Health> check() {
		return this.tokens.whenReady()
			.then(Mono.fromSupplier(() -> this.tokens.issue(this.probeUser, Instant.MAX).token()))
			.flatMap(this.gateway::probe)
			.map(HasuraSelfCheck::health)
			.onErrorResume(KeysUnavailableException.class,
					ex -> Mono.just(Health.down()
						.withDetail("reason", "no token to probe Hasura with: " + ex.getMessage() + " from PostgreSQL")
						.build()))
			.doOnNext(this::record);
	}

	@Override
	public Mono<Health> health() {
		return Mono.just(this.health.get());
	}

	@Override
	public void close() {
		Disposable running = this.checks;
		if (running != null) {
			running.dispose();
		}
	}

	private void record(Health next) {
		Health previous = this.health.getAndSet(next);
		if (Objects.equals(previous, next)) {
			return;
		}
		if (Status.UP.equals(next.getStatus())) {
			logger.info("Hasura accepts the bridge's access tokens");
		}
		else {
			logger.warn("Hasura does not accept the bridge's access tokens yet (checking again every "
					+ this.interval.toSeconds() + " s): " + next.getDetails().get("reason"));
		}
	}

	static Health health(Probe probe) {
		if (probe.accepted()) {
			return Health.up().build();
		}
		String reason;
		if (probe.codes() == null) {
			reason = "Hasura did not answer: " + probe.detail();
		}
		else if (JWT_CODES.stream().anyMatch(probe.codes()::contains)) {
			reason = "Hasura refused the token (" + probe.codes() + ": " + probe.detail() + "). Hasura's "
					+ "HASURA_GRAPHQL_JWT_SECRET and the bridge's differ in key, claims namespace or claims format, or "
					+ "its jwk_url does not reach this bridge's /api/auth/jwks: " + HINT;
		}
		else if (probe.codes().contains("access-denied")) {
			reason = "Hasura ignored the token (access-denied: " + probe.detail() + "), so it does not run in JWT "
					+ "mode: " + HINT;
		}
		else {
			reason = "Hasura refused the probe query (" + probe.codes() + ": " + probe.detail() + ")";
		}
		return Health.down().withDetail("reason", reason).build();
	}

}
