package dev.authbridge.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.redact.Redacted;
import java.nio.charset.StandardCharsets;
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
 * Only shared-key (HMAC) types can be honoured: the bridge signs what Hasura verifies,
 * and Hasura's configuration holds a public key or a JWKS URL for the asymmetric types,
 * never the private key a signer needs.
 *
 * @param algorithm HS256, HS384 or HS512
 * @param key the shared key, as Hasura uses it (its UTF-8 bytes)
 * @param location where the {@code x-hasura-*} claims live in the token
 * @param stringified {@code claims_format: stringified_json}: the claims object travels
 * as a JSON string
 * @param issuer {@code iss} to set, or {@code null}
 * @param audience {@code aud} to set, possibly empty
 * @param source the configuration as a JSON object, for {@code hasura-jwt-config}
 */
public record HasuraJwtConfig(JWSAlgorithm algorithm, String key, ClaimsLocation location, boolean stringified,
		String issuer, List<String> audience, Map<String, Object> source) {

	@Override
	public String toString() {
		return Redacted.toString(this, "key", "source");
	}

	/** Hasura's default {@code claims_namespace}. */
	public static final String DEFAULT_NAMESPACE = "https://hasura.io/jwt/claims";

	private static final Map<String, JWSAlgorithm> SUPPORTED = Map.of("HS256", JWSAlgorithm.HS256, "HS384",
			JWSAlgorithm.HS384, "HS512", JWSAlgorithm.HS512);

	/**
	 * The configuration Hasura needs when {@code HASURA_GRAPHQL_JWT_SECRET} is unset:
	 * HS256 with AUTH_SECRET.
	 */
	public static HasuraJwtConfig defaultFor(String authSecret) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("type", "HS256");
		source.put("key", authSecret);
		return new HasuraJwtConfig(JWSAlgorithm.HS256, authSecret, ClaimsLocation.namespace(DEFAULT_NAMESPACE), false,
				null, List.of(), source);
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
		for (String unsupported : List.of("jwk_url", "claims_map")) {
			if (source.containsKey(unsupported)) {
				problems.add("HASURA_GRAPHQL_JWT_SECRET has \"" + unsupported + "\", which a token issuer cannot "
						+ "honour: remove it and use \"type\":\"HS256\" with a shared \"key\"");
			}
		}
		// Map.of rejects a null lookup: an absent or non-string "type" must become a
		// problem line, not an NPE.
		String type = string(source, "type", problems);
		JWSAlgorithm algorithm = type == null ? null : SUPPORTED.get(type);
		if (algorithm == null) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"type\" must be HS256, HS384 or HS512 (the bridge signs with a "
					+ "shared key), not " + source.get("type"));
		}
		String key = string(source, "key", problems);
		int minimum = algorithm == null ? 32
				: algorithm.getName().equals("HS256") ? 32 : algorithm.getName().equals("HS384") ? 48 : 64;
		if (key == null || key.getBytes(StandardCharsets.UTF_8).length < minimum) {
			problems.add("HASURA_GRAPHQL_JWT_SECRET \"key\" must be at least " + minimum + " characters for "
					+ (algorithm == null ? "HS256" : algorithm.getName()) + " (RFC 7518 §3.2; Hasura's minimum)");
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
		return new HasuraJwtConfig(algorithm, key, location, stringified, issuer, audience, source);
	}

	/** The JSON Hasura needs in {@code HASURA_GRAPHQL_JWT_SECRET} for these tokens. */
	public String toJson() {
		return JSONObjectUtils.toJSONString(this.source);
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
