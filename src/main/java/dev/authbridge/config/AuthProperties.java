package dev.authbridge.config;

import dev.authbridge.redact.Redacted;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code AUTH_*} environment, bound once at startup ({@code application.yaml} maps
 * each variable to its key). Durations are seconds, as in NextAuth's options, or with a
 * unit: {@code 30d}, {@code 24h}, {@code 15m}.
 *
 * @param url {@code AUTH_URL}: the bridge's public base URL
 * @param secret {@code AUTH_SECRET}: signs sessions and CSRF tokens, at least 32
 * characters
 * @param trustHost {@code AUTH_TRUST_HOST}: take the public origin from
 * {@code X-Forwarded-*} headers
 * @param trustedProxies {@code AUTH_TRUSTED_PROXIES}: with {@code trustHost}, the address
 * ranges of the proxies whose {@code X-Forwarded-For} entries are believed
 * @param redirectAllowlist {@code AUTH_REDIRECT_ALLOWLIST}: other origins a callbackUrl
 * may point to
 * @param corsOrigins {@code AUTH_CORS_ORIGINS}: origins whose scripts may call
 * {@code /api/auth} with credentials
 * @param providersDir {@code AUTH_PROVIDERS_DIR}: folders with more {@code <id>.yaml}
 * provider files
 * @param session session lifetimes
 * @param accessToken access token lifetime
 * @param providerTimeout {@code AUTH_PROVIDER_TIMEOUT}: the longest wait for an answer
 * from a provider
 * @param connections how long a client's connection may stall
 * @param devProvider {@code AUTH_DEV_PROVIDER}: {@code auto}, {@code true} or
 * {@code false}, the built-in development sign-in
 * @param pages the operator's own sign-in, sign-out and error pages
 * @param jwt the access token's key pair and its JWK Set
 */
@ConfigurationProperties("auth")
public record AuthProperties(String url, String secret, boolean trustHost, @DefaultValue( {
		"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
		"fc00::/7" }) List<String> trustedProxies, @DefaultValue List<String> redirectAllowlist,
		@DefaultValue List<String> corsOrigins, @DefaultValue List<String> providersDir, @DefaultValue Session session,
		@DefaultValue AccessToken accessToken,
		@DefaultValue("10s") @DurationUnit(ChronoUnit.SECONDS) Duration providerTimeout,
		@DefaultValue Connections connections, @DefaultValue("auto") String devProvider, @DefaultValue Pages pages,
		@DefaultValue Jwt jwt){

	@Override
	public String toString() {
		return Redacted.toString(this, "secret");
	}

	/**
	 * @param maxAge {@code AUTH_SESSION_MAX_AGE}: how long a session lives without use
	 * @param updateAge {@code AUTH_SESSION_UPDATE_AGE}: how old a session gets before it
	 * is re-issued
	 */
	public record Session(@DefaultValue("30d") @DurationUnit(ChronoUnit.SECONDS) Duration maxAge,
			@DefaultValue("24h") @DurationUnit(ChronoUnit.SECONDS) Duration updateAge) {
	}

	/**
	 * NextAuth's {@code pages}: a path or absolute URL replacing one of the bridge's
	 * pages, empty for the bridge's own.
	 *
	 * @param signin {@code AUTH_PAGES_SIGNIN}
	 * @param signout {@code AUTH_PAGES_SIGNOUT}
	 * @param error {@code AUTH_PAGES_ERROR}
	 * @param verifyRequest {@code AUTH_PAGES_VERIFY_REQUEST}: the "check your e-mail"
	 * page after a sign-in link was asked for
	 */
	public record Pages(@DefaultValue("") String signin, @DefaultValue("") String signout,
			@DefaultValue("") String error, @DefaultValue("") String verifyRequest) {
	}

	/**
	 * @param idleTimeout {@code AUTH_IDLE_TIMEOUT}: how long a connection may wait for a
	 * request's whole head, from its opening or the end of the last answer (keep-alive),
	 * before the server closes it
	 * @param requestReadTimeout {@code AUTH_REQUEST_READ_TIMEOUT}: how long a request's
	 * body may stop coming (no byte read) once its head has arrived, before the server
	 * closes the connection
	 */
	public record Connections(@DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) Duration idleTimeout,
			@DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) Duration requestReadTimeout) {
	}

	/**
	 * @param privateKey {@code AUTH_JWT_PRIVATE_KEY}: the PEM private key access tokens
	 * are signed with when {@code HASURA_GRAPHQL_JWT_SECRET} has an asymmetric type
	 * @param jwksMaxAge {@code AUTH_JWKS_MAX_AGE}: how long clients (Hasura) may keep
	 * {@code /api/auth/jwks}
	 * @param algorithm {@code AUTH_JWT_ALGORITHM}: what the keys generated for Hasura's
	 * {@code jwk_url} are for, RS256, ES256 or EdDSA
	 * @param rotation {@code AUTH_JWT_ROTATION}: how often a new generated key is made
	 */
	public record Jwt(String privateKey, @DefaultValue("5m") @DurationUnit(ChronoUnit.SECONDS) Duration jwksMaxAge,
			@DefaultValue("RS256") String algorithm,
			@DefaultValue("30d") @DurationUnit(ChronoUnit.SECONDS) Duration rotation) {

		@Override
		public String toString() {
			return Redacted.toString(this, "privateKey");
		}

	}

	/**
	 * @param maxAge {@code AUTH_ACCESS_TOKEN_MAX_AGE}: lifetime of the token Hasura
	 * verifies
	 */
	public record AccessToken(@DefaultValue("15m") @DurationUnit(ChronoUnit.SECONDS) Duration maxAge) {
	}

}
