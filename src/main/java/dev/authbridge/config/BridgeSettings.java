package dev.authbridge.config;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authbridge.credentials.VerificationMode;
import dev.authbridge.devidp.DevIdp;
import dev.authbridge.hasura.HasuraConnection;
import dev.authbridge.provider.ProviderFiles;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.provider.profile.ProfileMappers;
import dev.authbridge.redact.Redacted;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.session.AccessTokenKey;
import dev.authbridge.session.HasuraJwtConfig;
import dev.authbridge.session.RotationPolicy;
import dev.authbridge.user.SessionUser.HasuraRoles;
import dev.authbridge.web.TrustedProxies;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configuration after validation: what every bean is built from. {@link #validate}
 * checks everything at once and stops startup with one line per problem, each saying what
 * to set, rather than failing at the first request.
 *
 * @param url the public base URL
 * @param secret AUTH_SECRET
 * @param ephemeralSecret whether {@code secret} was generated for a plain local run
 * @param trustHost whether forwarded headers decide the public origin
 * @param trustedProxies whose X-Forwarded-For entries are believed, when
 * {@code trustHost}
 * @param redirectOrigins origins besides AUTH_URL's that a callbackUrl may target
 * @param corsOrigins origins whose scripts may call the API with credentials (CORS)
 * @param providers the provider files, and the development provider when it is on
 * @param devIdp the development provider, when it is on
 * @param hasuraJwt how Hasura verifies the access token
 * @param roles the Hasura roles every user gets
 * @param sessionMaxAge session lifetime
 * @param sessionUpdateAge age at which a session is re-issued
 * @param accessTokenMaxAge access token lifetime
 * @param providerTimeout the longest wait for a provider's answer
 * @param hasura how to reach Hasura for the shadow-user upsert, when
 * HASURA_GRAPHQL_ENDPOINT is set
 * @param pages the sign-in, sign-out and error pages: the bridge's own or the operator's
 * @param accounts PostgreSQL and the features it turns on, when DATABASE_URL is set
 * @param connections how long a client's connection may stall before the server closes it
 * @param anonymousRole the role the Hasura auth webhook gives a client without valid
 * credentials; empty: it answers 401
 * @param webhookMaxAge how long Hasura may keep an answer of the auth webhook
 * @param graphQlProxy the same-origin GraphQL proxy at {@code /v1/graphql}, when
 * AUTH_HASURA_PROXY is true
 * @param accessTokenKey the key pair access tokens are signed with, when Hasura's type is
 * asymmetric
 * @param jwksMaxAge how long clients may keep {@code /api/auth/jwks}
 * @param keyRotation how generated keys rotate, when Hasura has a {@code jwk_url} and the
 * keys live in PostgreSQL
 */
public record BridgeSettings(AuthUrl url, String secret, boolean ephemeralSecret, boolean trustHost,
		TrustedProxies trustedProxies, Set<String> redirectOrigins, Set<String> corsOrigins, ProviderRegistry providers,
		Optional<DevIdp> devIdp, HasuraJwtConfig hasuraJwt, HasuraRoles roles, Duration sessionMaxAge,
		Duration sessionUpdateAge, Duration accessTokenMaxAge, Duration providerTimeout,
		Optional<HasuraConnection> hasura, AuthPages pages, Optional<AccountSettings> accounts,
		AuthProperties.Connections connections, Optional<String> anonymousRole, Duration webhookMaxAge,
		Optional<GraphQlProxy> graphQlProxy, Optional<AccessTokenKey> accessTokenKey, Duration jwksMaxAge,
		Optional<RotationPolicy> keyRotation) {

	static final int MIN_SECRET_LENGTH = 32;

	/**
	 * How often each instance reloads the generated keys from PostgreSQL; part of a new
	 * key's publication delay.
	 */
	static final Duration KEY_RELOAD_INTERVAL = Duration.ofMinutes(1);

	/** A role name as Hasura's metadata accepts it. */
	private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	static final String SECRET_HINT = "set AUTH_SECRET to at least " + MIN_SECRET_LENGTH
			+ " random characters, e.g. the output of `openssl rand -base64 32`";

	@Override
	public String toString() {
		return Redacted.toString(this, "secret");
	}

	/**
	 * Validates the bound properties; {@code placeholders} resolves {@code ${ENV}} in
	 * provider files.
	 */
	public static BridgeSettings validate(AuthProperties auth, HasuraProperties hasura, DatabaseProperties database,
			AccountProperties accountProperties, UnaryOperator<String> placeholders) {
		List<String> problems = new ArrayList<>();
		ShippedPlaceholders.refuse(ShippedPlaceholders.secrets(auth, hasura, database, accountProperties), problems);
		AuthUrl url = null;
		try {
			url = AuthUrl.parse(auth.url() == null ? "" : auth.url());
		}
		catch (IllegalArgumentException ex) {
			problems.add("AUTH_URL " + ex.getMessage() + ": set AUTH_URL to the bridge's public URL, e.g. "
					+ "https://auth.example.com");
		}
		String secret = auth.secret() == null ? "" : auth.secret();
		boolean ephemeral = false;
		if (secret.isEmpty() && auth.trustHost()) {
			problems.add("AUTH_SECRET is not set while AUTH_TRUST_HOST is true: behind a proxy the bridge is no local "
					+ "try-out, so " + SECRET_HINT);
		}
		else if (secret.isEmpty() && url != null && url.local()) {
			secret = randomSecret();
			ephemeral = true;
		}
		else if (secret.isEmpty()) {
			problems.add("AUTH_SECRET is not set and AUTH_URL is not a plain local http URL: " + SECRET_HINT);
		}
		else if (secret.length() < MIN_SECRET_LENGTH) {
			problems.add("AUTH_SECRET is only " + secret.length() + " characters: " + SECRET_HINT);
		}
		positive("AUTH_SESSION_MAX_AGE", auth.session().maxAge(), problems);
		positive("AUTH_SESSION_UPDATE_AGE", auth.session().updateAge(), problems);
		positive("AUTH_ACCESS_TOKEN_MAX_AGE", auth.accessToken().maxAge(), problems);
		positive("AUTH_PROVIDER_TIMEOUT", auth.providerTimeout(), problems);
		positive("AUTH_HASURA_TIMEOUT", hasura.timeout(), problems);
		positive("AUTH_IDLE_TIMEOUT", auth.connections().idleTimeout(), problems);
		positive("AUTH_REQUEST_READ_TIMEOUT", auth.connections().requestReadTimeout(), problems);
		Optional<HasuraConnection> connection = HasuraConnection.decide(hasura.graphqlEndpoint(), hasura.adminSecret(),
				hasura.timeout(), hasura.upsertDocument(), problems);
		Optional<AccountSettings> accounts = AccountSettings.decide(database, accountProperties, problems);
		TrustedProxies trustedProxies = TrustedProxies.parse(auth.trustedProxies(), problems);
		Set<String> origins = origins("AUTH_REDIRECT_ALLOWLIST", auth.redirectAllowlist(), problems);
		Set<String> corsOrigins = origins("AUTH_CORS_ORIGINS", auth.corsOrigins(), problems);
		AuthPages pages = AuthPages.parse(
				Map.of(Page.SIGNIN, auth.pages().signin(), Page.SIGNOUT, auth.pages().signout(), Page.ERROR,
						auth.pages().error(), Page.VERIFY_REQUEST, auth.pages().verifyRequest()),
				url, origins, problems);
		ProviderRegistry files = ProviderFiles.load(
				auth.providersDir().stream().filter(dir -> !dir.isBlank()).map(Path::of).toList(), placeholders,
				problems);
		files.all()
			.stream()
			.filter(provider -> !provider.profile().isEmpty() && !ProfileMappers.NAMES.contains(provider.profile()))
			.forEach(provider -> problems.add(provider.source() + ": \"profile\" " + provider.profile()
					+ " is not a profile mapper; use one of " + ProfileMappers.NAMES.stream().sorted().toList()));
		Optional<DevIdp> devIdp = DevIdp.decide(auth.devProvider(), url, auth.trustHost(), files, problems);
		ProviderRegistry providers = devIdp.map(idp -> files.with(idp.definition())).orElse(files);
		HasuraJwtConfig hasuraJwt = hasura.jwtSecret() == null || hasura.jwtSecret().isBlank()
				? HasuraJwtConfig.defaultFor(secret) : HasuraJwtConfig.parse(hasura.jwtSecret(), problems);
		positive("AUTH_JWKS_MAX_AGE", auth.jwt().jwksMaxAge(), problems);
		positive("AUTH_JWT_ROTATION", auth.jwt().rotation(), problems);
		JWSAlgorithm keyAlgorithm = AccessTokenKey.GENERATED.get(auth.jwt().algorithm());
		if (keyAlgorithm == null) {
			problems.add("AUTH_JWT_ALGORITHM must be RS256, ES256 or EdDSA (Ed25519), not \"" + auth.jwt().algorithm()
					+ "\"");
		}
		Optional<AccessTokenKey> accessTokenKey = Optional.empty();
		Optional<RotationPolicy> keyRotation = Optional.empty();
		if (hasuraJwt != null && hasuraJwt.jwkUrl() != null) {
			hasuraJwt = hasuraJwt.withAlgorithm(keyAlgorithm);
			String privateKey = auth.jwt().privateKey();
			if (privateKey != null && !privateKey.isBlank()) {
				accessTokenKey = Optional.ofNullable(keyAlgorithm == null ? null
						: AccessTokenKey.fromRsaPrivateKey(keyAlgorithm, privateKey, problems));
			}
			else if (accounts.isEmpty()) {
				problems.add("HASURA_GRAPHQL_JWT_SECRET has \"jwk_url\" but DATABASE_URL is not set: the rotating "
						+ "keys live in PostgreSQL, so set DATABASE_URL (or AUTH_JWT_PRIVATE_KEY for one static RSA key "
						+ "without rotation)");
			}
			else if (ephemeral) {
				problems.add("AUTH_SECRET is not set while HASURA_GRAPHQL_JWT_SECRET has \"jwk_url\": the generated "
						+ "keys are sealed with it in PostgreSQL, and a random one would not open them after a restart, so "
						+ SECRET_HINT);
			}
			else if (keyAlgorithm != null) {
				keyRotation = rotation(keyAlgorithm, auth, problems);
			}
		}
		else {
			accessTokenKey = Optional.ofNullable(AccessTokenKey.decide(hasuraJwt, auth.jwt().privateKey(), problems));
		}
		HasuraRoles roles = null;
		if (hasura.defaultRole() == null || hasura.defaultRole().isBlank()) {
			problems.add("AUTH_HASURA_DEFAULT_ROLE is empty: set it to the Hasura role every user has, e.g. user");
		}
		else {
			roles = new HasuraRoles(hasura.defaultRole().trim(),
					hasura.allowedRoles().stream().map(String::trim).filter(role -> !role.isEmpty()).toList());
		}
		Optional<String> anonymousRole = Optional.ofNullable(hasura.anonymousRole())
			.map(String::trim)
			.filter(role -> !role.isEmpty());
		if (anonymousRole.isPresent() && !ROLE_NAME.matcher(anonymousRole.get()).matches()) {
			problems.add("AUTH_HASURA_ANONYMOUS_ROLE must be a Hasura role name (1 to 64 letters, digits, '_' or '-'), "
					+ "e.g. anonymous, or empty");
		}
		if (hasura.webhookMaxAge() == null || hasura.webhookMaxAge().isNegative()) {
			problems.add("AUTH_HASURA_WEBHOOK_MAX_AGE must be zero or a positive duration in seconds (e.g. 2)");
		}
		Optional<GraphQlProxy> graphQlProxy = GraphQlProxy.decide(hasura, connection, problems);
		accounts
			.filter(settings -> settings.email().verification().on()
					&& !(settings.credentials() && (settings.email().server().isPresent() || devIdp.isPresent())))
			.ifPresent(settings -> problems.add("AUTH_EMAIL_VERIFICATION is " + settings.email().verification()
					+ " but the bridge cannot mail the links: set AUTH_EMAIL_SERVER and AUTH_EMAIL_FROM (and leave "
					+ "AUTH_CREDENTIALS on), or set AUTH_EMAIL_VERIFICATION=off"));
		if (!problems.isEmpty()) {
			throw new InvalidConfigurationException(problems);
		}
		return new BridgeSettings(url, secret, ephemeral, auth.trustHost(), trustedProxies, origins, corsOrigins,
				providers, devIdp, hasuraJwt, roles, auth.session().maxAge(), auth.session().updateAge(),
				auth.accessToken().maxAge(), auth.providerTimeout(), connection, pages, accounts, auth.connections(),
				anonymousRole, hasura.webhookMaxAge(), graphQlProxy, accessTokenKey, auth.jwt().jwksMaxAge(),
				keyRotation);
	}

	/**
	 * The rotation of generated keys, or empty with a problem line when
	 * {@code AUTH_JWT_ROTATION} would make a key before the previous one signs.
	 */
	private static Optional<RotationPolicy> rotation(JWSAlgorithm algorithm, AuthProperties auth,
			List<String> problems) {
		Duration rotation = auth.jwt().rotation();
		Duration jwksMaxAge = auth.jwt().jwksMaxAge();
		Duration tokenMaxAge = auth.accessToken().maxAge();
		if (rotation == null || rotation.isNegative() || rotation.isZero() || jwksMaxAge == null
				|| tokenMaxAge == null) {
			// reported as not positive already
			return Optional.empty();
		}
		RotationPolicy policy = RotationPolicy.of(algorithm, rotation, jwksMaxAge, tokenMaxAge, KEY_RELOAD_INTERVAL);
		if (rotation.compareTo(policy.publicationDelay()) <= 0) {
			problems.add("AUTH_JWT_ROTATION (" + rotation.toSeconds() + " s) must be longer than a new key's "
					+ "publication delay (" + policy.publicationDelay().toSeconds() + " s: AUTH_JWKS_MAX_AGE + "
					+ "AUTH_ACCESS_TOKEN_MAX_AGE + the " + KEY_RELOAD_INTERVAL.toSeconds() + " s reload), e.g. 30d");
			return Optional.empty();
		}
		return Optional.of(policy);
	}

	/**
	 * Whether access tokens are signed with key pairs (static or generated), whose public
	 * halves {@code /api/auth/jwks} serves.
	 */
	public boolean asymmetric() {
		return this.accessTokenKey.isPresent() || this.keyRotation.isPresent();
	}

	/**
	 * Whether e-mail + password sign-in is on: a database, and AUTH_CREDENTIALS not
	 * false.
	 */
	public boolean credentials() {
		return this.accounts.map(AccountSettings::credentials).orElse(false);
	}

	/**
	 * Whether mail stays in the development outbox: e-mail + password on, no
	 * {@code AUTH_EMAIL_SERVER}, and a development run (the development provider on, so
	 * only this machine is served its pages).
	 */
	public boolean devOutbox() {
		return credentials() && this.devIdp.isPresent()
				&& this.accounts.flatMap(accounts -> accounts.email().server()).isEmpty();
	}

	/**
	 * Whether password reset is on: e-mail + password on, and mail has somewhere to go (a
	 * server, or the development outbox).
	 */
	public boolean passwordReset() {
		return devOutbox() || credentials() && this.accounts.flatMap(accounts -> accounts.email().server()).isPresent();
	}

	/**
	 * Whether sign-in links by e-mail (NextAuth's email provider) are on: as password
	 * reset, they need accounts in PostgreSQL and somewhere for mail to go.
	 */
	public boolean emailLinks() {
		return passwordReset();
	}

	/**
	 * Whether e-mail + password accounts prove their address: {@code OFF} unless set, and
	 * only ever on with {@link #passwordReset()}'s mail (checked at startup).
	 */
	public VerificationMode emailVerification() {
		return passwordReset() ? this.accounts.orElseThrow().email().verification() : VerificationMode.OFF;
	}

	/**
	 * A key for one purpose derived from AUTH_SECRET (HMAC-SHA256 as a PRF), so no two
	 * features share a key.
	 */
	public byte[] derivedKey(String purpose) {
		return derivedKey(this.secret, purpose);
	}

	/** The key for {@code purpose} that a bridge with AUTH_SECRET {@code secret} uses. */
	public static byte[] derivedKey(String secret, String purpose) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(("authbridge/" + purpose).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void positive(String name, Duration value, List<String> problems) {
		if (value == null || value.isNegative() || value.isZero()) {
			problems.add(name + " must be a positive duration: seconds (e.g. 86400) or with a unit (e.g. 24h)");
		}
	}

	/**
	 * The entries of the comma-separated origin list {@code name}, each checked to be a
	 * plain http(s) origin.
	 */
	private static Set<String> origins(String name, List<String> allowlist, List<String> problems) {
		Set<String> origins = new LinkedHashSet<>();
		for (String entry : allowlist) {
			if (entry.isBlank()) {
				continue;
			}
			String origin;
			try {
				URI uri = URI.create(entry.trim());
				origin = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
						? AuthUrl.origin(uri) : null;
			}
			catch (IllegalArgumentException ex) {
				origin = null;
			}
			if (origin == null || !(origin.startsWith("http://") || origin.startsWith("https://"))) {
				problems.add(name + " entry \"" + entry.trim() + "\" is not an origin: list origins "
						+ "such as https://app.example.com, separated by commas");
			}
			else {
				origins.add(origin);
			}
		}
		return origins;
	}

}
