package dev.authbridge.db;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The {@code database} component of readiness: UP when the schema is in place and PostgreSQL answers a query; DOWN
 * with the reason otherwise. Never the URL or any credential.
 */
public final class DatabaseHealth implements ReactiveHealthIndicator {

	private final Database database;

	public DatabaseHealth(Database database) {
		this.database = database;
	}

	@Override
	public Mono<Health> health() {
		if (!this.database.ready()) {
			return Mono.just(Health.down().withDetail("reason", "schema auth not in place yet: PostgreSQL unreachable")
				.build());
		}
		return this.database.ping()
			.map(ok -> Health.up().build())
			.onErrorResume(ex -> Mono.just(Health.down().withDetail("reason", ex.getMessage()).build()));
	}

}
