package dev.authbridge.config;

import dev.authbridge.redact.Redacted;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Hasura's side: its own variable names where one exists, so one {@code .env} feeds
 * Hasura and the bridge.
 *
 * @param graphqlEndpoint {@code HASURA_GRAPHQL_ENDPOINT}
 * @param adminSecret {@code HASURA_GRAPHQL_ADMIN_SECRET}
 * @param jwtSecret {@code HASURA_GRAPHQL_JWT_SECRET}, in Hasura's JSON format
 * @param defaultRole {@code AUTH_HASURA_DEFAULT_ROLE}: {@code x-hasura-default-role}
 * @param allowedRoles {@code AUTH_HASURA_ALLOWED_ROLES}: more
 * {@code x-hasura-allowed-roles}
 * @param timeout {@code AUTH_HASURA_TIMEOUT}: the longest wait for Hasura's answer to the
 * upsert
 * @param upsertDocument {@code AUTH_HASURA_UPSERT_DOCUMENT}: a {@code .graphql} file
 * replacing the built-in upsert
 * @param anonymousRole {@code AUTH_HASURA_ANONYMOUS_ROLE}: the role the auth webhook
 * gives a client without valid credentials; empty: it answers 401
 * @param webhookMaxAge {@code AUTH_HASURA_WEBHOOK_MAX_AGE}: how long Hasura may keep the
 * auth webhook's answer
 * @param proxy {@code AUTH_HASURA_PROXY}: whether {@code POST /v1/graphql} forwards to
 * Hasura as the session cookie's user
 * @param proxyMaxBody {@code AUTH_HASURA_PROXY_MAX_BODY}: the largest GraphQL request the
 * proxy takes
 * @param proxyMaxSockets {@code AUTH_HASURA_PROXY_MAX_SOCKETS}: the most WebSockets the
 * proxy holds at once, {@code null} for as many as the heap holds
 * @param proxyTimeout {@code AUTH_HASURA_PROXY_TIMEOUT}: the longest the proxy waits for
 * Hasura's answer
 */
@ConfigurationProperties("hasura")
public record HasuraProperties(String graphqlEndpoint, String adminSecret, String jwtSecret,
		@DefaultValue("user") String defaultRole, @DefaultValue List<String> allowedRoles,
		@DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) Duration timeout, String upsertDocument,
		String anonymousRole, @DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) Duration webhookMaxAge,
		@DefaultValue("false") boolean proxy, @DefaultValue("1MB") DataSize proxyMaxBody,
		@DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) Duration proxyTimeout, Integer proxyMaxSockets) {

	@Override
	public String toString() {
		return Redacted.toString(this, "adminSecret", "jwtSecret");
	}

}
