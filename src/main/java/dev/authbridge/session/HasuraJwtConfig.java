package dev.authbridge.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.redact.Redacted;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hasura's own {@code HASURA_GRAPHQL_JWT_SECRET}, read the way Hasura reads it, so that
 * the bridge issues exactly the tokens Hasura accepts under that configuration: one
 * source of truth for key, algorithm, claims location and format, issuer and audience.
 *
 * <p>
 * For the shared-key (HMAC) types the key is the bridge's too. For the asymmetric types
 * (RS*, ES*, Ed25519) Hasura's {@code key} is the public key, checked here to be of the
 * type's kind; the private key the bridge signs with is {@code AUTH_JWT_PRIVATE_KEY}
 * ({@link AccessTokenKey}). With {@code jwk_url} Hasura fetches the public keys from
 * {@code /api/auth/jwks}: the bridge signs with keys it generates and rotates
 * ({@link KeyRing}), in {@code AUTH_JWT_ALGORITHM}, set here by {@link #withAlgorithm}.
 *
 * @param algorithm HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA
 * (Hasura's {@code Ed25519}); with {@code jwk_url}, that of the keys the bridge makes
 * ({@code null} until {@link #withAlgorithm})
 * @param key the shared key, as Hasura uses it (its UTF-8 bytes), or the public key's PEM
 * @param publicKey the public key of an asymmetric type; {@code null} for HMAC
 * @param location where the {@code x-hasura-*} claims live in the token
 * @param stringified {@code claims_format: stringified_json}: the claims object travels
 * as a JSON string
 * @param issuer {@code iss} to set, or {@code null}
 * @param audience {@code aud} to set, possibly empty
 * @param source the configuration as a JSON object, for {@code hasura-jwt-config}
 * @param jwkUrl Hasura's {@code jwk_url}, or {@code null} when it has a {@code key}
 */
public record HasuraJwtConfig(JWSAlgorithm algorithm, String key, PublicKey publicKey, ClaimsLocation location,
		boolean stringified, String issuer, List<String> audience, Map<String, Object> source, String jwkUrl) {

	@Override
	public String toString() {
		return Redacted.toString(this, "key", "source");
	}

	/** Hasura's default {@code claims_namespace}. */
	public static final String DEFAULT_NAMESPACE = "https://hasura.io/jwt/claims";

	private static final Map<String, JWSAlgorithm> SUPPORTED = Map.of("HS256", JWSAlgorithm.HS256, "HS384",
			JWSAlgorithm.HS384, "HS512", JWSAlgorithm.HS512, "RS256", JWSAlgorithm.RS256, "RS384", JWSAlgorithm.RS384,
			"RS512", JWSAlgorithm.RS512, "ES256", JWSAlgorithm.ES256, "ES384", JWSAlgorithm.ES384, "ES512",
			JWSAlgorithm.ES512, "Ed25519", JWSAlgorithm.EdDSA);

	/**
	 * The configuration Hasura needs when {@code HASURA_GRAPHQL_JWT_SECRET} is unset:
	 * HS256 with AUTH_SECRET.
	 */
	public static HasuraJwtConfig defaultFor(String authSecret) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("type", "HS256");
		source.put("key", authSecret);
		return new HasuraJwtConfig(JWSAlgorithm.HS256, authSecret, null, ClaimsLocation.namespace(DEFAULT_NAMESPACE),
				false, null, List.of(), source, null);
	}

	/**
	 * Reads a {@code HASURA_GRAPHQL_JWT_SECRET} value. Every problem found is added to
	 * {@code problems} as one line saying what to set; the result is {@code null} when
	 * there was any.
	 */
	public static HasuraJwtConfig parse(String json, List<String> problems) {
		Map<String, Object> source;
		try {
			source = JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET is not a JSON object: set it to Hasura's format, e.g. "
					+ "{\"type\":\"HS256\",\"key\":\"<at least 32 characters>\"}");
			return null;
		}
		int before = problems.size();
		String jwkUrl = string(source, "jwk_url", problems);
		if (jwkUrl != null && (source.containsKey("key") || source.containsKey("type"))) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET has \"jwk_url\" and \"key\" or \"type\", which Hasura refuses: "
					+ "keep \"jwk_url\" alone (the bridge's /api/auth/jwks) or \"type\" with \"key\"");
		}
		if (source.containsKey("claims_map")) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET has \"claims_map\", which a token issuer cannot honour: remove "
					+ "it and let the bridge write the x-hasura-* claims");
		}
		// Map.of rejects a null lookup: an absent or non-string "type" must become a
		// problem line, not an NPE.
		String type = jwkUrl != null ? null : string(source, "type", problems);
		JWSAlgorithm algorithm = type == null ? null : SUPPORTED.get(type);
		if (algorithm == null && jwkUrl == null) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"type\" must be HS256, HS384, HS512, RS256, RS384, RS512, "
					+ "ES256, ES384, ES512 or Ed25519, not " + source.get("type"));
		}
		String key = jwkUrl != null ? null : string(source, "key", problems);
		PublicKey publicKey = null;
		if (algorithm != null && !JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
			publicKey = publicKey(type, algorithm, key, problems);
		}
		else if (jwkUrl == null) {
			hmacKey(algorithm == null ? JWSAlgorithm.HS256 : algorithm, key, problems);
		}
		String namespace = string(source, "claims_namespace", problems);
		String path = string(source, "claims_namespace_path", problems);
		String format = string(source, "claims_format", problems);
		boolean stringified = "stringified_json".equals(format);
		if (format != null && !stringified && !"json".equals(format)) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"claims_format\" must be \"json\" or \"stringified_json\", not \""
					+ format + "\"");
		}
		ClaimsLocation location = ClaimsLocation.namespace(namespace == null ? DEFAULT_NAMESPACE : namespace);
		if (namespace != null && path != null) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET sets both \"claims_namespace\" and \"claims_namespace_path\": "
					+ "keep only one");
		}
		else if (path != null) {
			try {
				location = ClaimsLocation.path(path);
			}
			catch (IllegalArgumentException ex) {
				problems.add("HASURA_GRAPHQL_JWT_SECRET \"claims_namespace_path\" " + ex.getMessage());
			}
			if (stringified && location.isRoot()) {
				problems.add("HASURA_GRAPHQL_JWT_SECRET: claims at the root (\"$\") cannot be \"stringified_json\": "
						+ "use \"claims_format\":\"json\"");
			}
		}
		String issuer = string(source, "issuer", problems);
		List<String> audience = audience(source.get("audience"), problems);
		if (problems.size() > before) {
			return null;
		}
		return new HasuraJwtConfig(algorithm, key, publicKey, location, stringified, issuer, audience, source, jwkUrl);
	}

	/**
	 * This {@code jwk_url} configuration with the algorithm of the keys the bridge signs
	 * with.
	 */
	public HasuraJwtConfig withAlgorithm(JWSAlgorithm keysAlgorithm) {
		return new HasuraJwtConfig(keysAlgorithm, this.key, this.publicKey, this.location, this.stringified,
				this.issuer, this.audience, this.source, this.jwkUrl);
	}

	/** The JSON Hasura needs in {@code HASURA_GRAPHQL_JWT_SECRET} for these tokens. */
	public String toJson() {
		return JSONObjectUtils.toJSONString(this.source);
	}

	private static void hmacKey(JWSAlgorithm algorithm, String key, List<String> problems) {
		int minimum = algorithm.getName().equals("HS256") ? 32 : algorithm.getName().equals("HS384") ? 48 : 64;
		if (key == null || key.getBytes(StandardCharsets.UTF_8).length < minimum) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"key\" must be at least " + minimum + " characters for "
					+ algorithm.getName() + " (RFC 7518 §3.2; Hasura's minimum)");
		}
	}

	/** The public key of an asymmetric type, or {@code null} with a problem line. */
	private static PublicKey publicKey(String type, JWSAlgorithm algorithm, String pem, List<String> problems) {
		if (pem == null) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"key\" is missing: for \"type\":\"" + type
					+ "\" set it to the public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE), PEM");
			return null;
		}
		PublicKey publicKey;
		try {
			publicKey = PemKeys.publicKey(pem);
		}
		catch (IllegalArgumentException ex) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"key\" " + ex.getMessage() + ": for \"type\":\"" + type
					+ "\" set it to the public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE), PEM");
			return null;
		}
		String kindProblem = AccessTokenKey.kindProblem(algorithm, type, publicKey);
		if (kindProblem != null) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"key\" " + kindProblem);
			return null;
		}
		return publicKey;
	}

	private static String string(Map<String, Object> source, String name, List<String> problems) {
		Object value = source.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		problems.add("HASURA_GRAPHQL_JWT_SECRET \"" + name + "\" must be a string");
		return null;
	}

	private static List<String> audience(Object value, List<String> problems) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof String single) {
			return List.of(single);
		}
		List<String> audience = new ArrayList<>();
		if (value instanceof List<?> many) {
			for (Object item : many) {
				if (item instanceof String s) {
					audience.add(s);
				}
			}
			if (audience.size() == many.size()) {
				return List.copyOf(audience);
			}
		}
		problems.add("HASURA_GRAPHQL_JWT_SECRET \"audience\" must be a string or a list of strings");
		return List.of();
	}

}
