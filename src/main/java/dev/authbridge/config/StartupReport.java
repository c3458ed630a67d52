package dev.authbridge.config;

import dev.authbridge.redirect.AuthUrl;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What an operator should know about the settings a start runs with, logged once when
 * they are validated: the warnings for a try-out setup (random secret, development
 * sign-in, no Hasura), for a risky one (trusted proxy over http), for provider colours
 * people with low vision cannot read, where mail goes (or that password reset is off for
 * want of a mail server), and the public URL with the enabled providers.
 */
final class StartupReport {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	/** WCAG 1.4.3's minimum contrast for normal text. */
	private static final double MIN_CONTRAST = 4.5;

	private StartupReport() {
	}

	static void log(BridgeSettings settings, Set<String> providers) {
		if (settings.ephemeralSecret()) {
			logger.warn("\n\n  AUTH_SECRET is not set: using a random secret for this local run only.\n"
					+ "  Sessions end when the process stops, and other instances cannot read them.\n"
					+ "  Set AUTH_SECRET (openssl rand -base64 32) for anything beyond a try-out.\n");
		}
		settings.devIdp()
			.ifPresent(idp -> logger.warn("\n\n  Development sign-in is on at " + idp.issuer() + ": a development "
					+ "OIDC provider where anyone signs in as whoever they type.\n"
					+ "  It answers only connections from this machine and never runs on https or behind a trusted "
					+ "proxy. Configure a real provider (e.g. AUTH_GITHUB_ID) or set AUTH_DEV_PROVIDER=false to turn "
					+ "it off.\n"));
		if (settings.trustHost() && !settings.url().secure()) {
			logger.warn("AUTH_TRUST_HOST is true but AUTH_URL (" + settings.url().home() + ") is http: cookies follow "
					+ "AUTH_URL's scheme, so they are not Secure. Behind a TLS-terminating proxy, set AUTH_URL to the "
					+ "public https URL.");
		}
		if (settings.hasura().isEmpty()) {
			logger.warn("HASURA_GRAPHQL_ENDPOINT is not set: no shadow users are upserted, and sessions carry the "
					+ "provider's ids with the configured roles. Set HASURA_GRAPHQL_ENDPOINT and "
					+ "HASURA_GRAPHQL_ADMIN_SECRET to sync users to Hasura.");
		}
		settings.providers()
			.enabled()
			.stream()
			.filter(provider -> provider.style().contrast() < MIN_CONTRAST)
			.forEach(provider -> logger.warn(provider.source() + ": the style's text and bg have a contrast of "
					+ String.format(Locale.ROOT, "%.1f", provider.style().contrast())
					+ ":1, below the 4.5:1 that people with low vision need (WCAG 1.4.3); choose darker or lighter "
					+ "colours"));
		logger.info("Public URL " + settings.url().home() + "; providers enabled: "
				+ (providers.isEmpty() ? "none" : String.join(", ", providers)));
		if (settings.hasuraJwt().jwkUrl() != null) {
			settings.accessTokenKey()
				.ifPresent(key -> logger.info("Hasura's jwk_url: access tokens are signed with AUTH_JWT_PRIVATE_KEY ("
						+ key + "), keys from configuration, no automatic rotation; for rotating keys set "
						+ "DATABASE_URL and unset AUTH_JWT_PRIVATE_KEY"));
			settings.keyRotation()
				.ifPresent(policy -> logger.info("Hasura's jwk_url: access tokens are signed with generated "
						+ policy.algorithm() + " keys kept in PostgreSQL, a new one every "
						+ policy.rotation().toSeconds() + " s, published " + policy.publicationDelay().toSeconds()
						+ " s before it signs and kept " + policy.retention().toSeconds() + " s after"));
		}
		if (settings.devOutbox()) {
			logger.info("AUTH_EMAIL_SERVER is not set: mails (password reset) stay in the development outbox at "
					+ settings.url().origin() + "/dev-outbox, for this machine only");
		}
		else if (settings.credentials() && !settings.passwordReset()) {
			logger.info("AUTH_EMAIL_SERVER is not set: password reset is off. Set AUTH_EMAIL_SERVER and "
					+ "AUTH_EMAIL_FROM to let people who forgot their password choose a new one.");
		}
		settings.graphQlProxy()
			.ifPresent(proxy -> logger.info("GraphQL proxy: POST and WebSocket " + settings.url().origin()
					+ AuthUrl.GRAPHQL + " forwards to " + proxy.upstream().endpoint()
					+ " as the session cookie's user, at most " + proxy.maxSockets() + " WebSockets"));
	}

}
