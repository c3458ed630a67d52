package dev.authbridge.config;

import dev.authbridge.redact.Redacted;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The PostgreSQL the optional features use, bound from the environment
 * ({@code application.yaml} maps each variable).
 *
 * @param url {@code DATABASE_URL}: {@code postgres://user:password@host:5432/db} or
 * {@code r2dbc:postgresql://…}; empty turns accounts, roles and sign-out-everywhere off
 * @param poolSize {@code AUTH_DATABASE_POOL_SIZE}: the most connections one instance
 * opens
 * @param timeout {@code AUTH_DATABASE_TIMEOUT}: the longest wait for a connection or a
 * statement
 */
@ConfigurationProperties("database")
public record DatabaseProperties(String url, @DefaultValue("10") int poolSize,
		@DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) Duration timeout) {

	@Override
	public String toString() {
		return Redacted.toString(this, "url");
	}

}
