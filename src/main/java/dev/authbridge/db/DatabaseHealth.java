package dev.authbridge.db;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * The {@code database} component of readiness. OUT_OF_SERVICE until the schema is first
 * in place: a new instance is not ready while a sign-up sent to it could not be served.
 * Then UP while PostgreSQL answers a query, and {@link #DEGRADED} with the reason when it
 * stops answering: without PostgreSQL only accounts, granted roles and sign-out
 * everywhere stop (they answer 503), while OAuth sign-in and {@code /api/auth/session}
 * keep working, so a load balancer must keep sending traffic to an instance that was
 * ready; {@code application.yaml} ranks DEGRADED below UP for the readiness answer. The
 * reason never holds the URL or a credential.
 */
public final class DatabaseHealth implements ReactiveHealthIndicator {

	/** Some features are unavailable; the instance still serves. */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final Database database;

	public DatabaseHealth(Database database) {
		this.database = database;
	}

	@Override
	public Mono<Health> health() {
		if (!this.database.ready()) {
			return Mono.just(Health.outOfService()
				.withDetail("reason", "schema auth not in place yet: migrating, or PostgreSQL unreachable")
				.build());
		}
		return this.database.ping()
			.map(ok -> Health.up().build())
			.onErrorResume(ex -> Mono.just(degraded(ex.getMessage())));
	}

	private static Health degraded(String reason) {
		return Health.status(DEGRADED)
			.withDetail("reason", reason + "; accounts, granted roles and sign-out everywhere answer 503")
			.build();
	}

}
