package dev.authbridge.provider;

import dev.authbridge.provider.ProviderDefinition.ProviderType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns one parsed YAML document into a {@link ProviderDefinition}, resolving
 * {@code ${ENV}} and {@code ${ENV:default}} placeholders, and reports every problem of
 * the file at once (as oauth2-proxy's validation does) rather than stopping at the first.
 */
final class ProviderParser {

	static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

	/**
	 * Taken by the e-mail + password provider and by the built-in development provider.
	 */
	static final Set<String> RESERVED_IDS = Set.of("credentials", "dev");

	private static final Set<String> KEYS = Set.of("name", "type", "client-id", "client-secret",
			"client-authentication-method", "issuer", "authorization-uri", "token-uri", "user-info-uri", "scope",
			"profile", "style");

	private static final Set<String> STYLE_KEYS = Set.of("bg", "text");

	private static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "none");

	private final UnaryOperator<String> placeholders;

	ProviderParser(UnaryOperator<String> placeholders) {
		this.placeholders = placeholders;
	}

	/**
	 * The definition, or {@code null} after adding a line per problem to
	 * {@code problems}.
	 */
	ProviderDefinition parse(String id, Map<String, Object> yaml, String source, List<String> problems) {
		int before = problems.size();
		List<String> own = new ArrayList<>();
		if (!ID.matcher(id).matches() || RESERVED_IDS.contains(id)) {
			own.add("the file name must be a provider id: lower-case letters, digits and '-', not "
					+ String.join(", ", RESERVED_IDS.stream().sorted().toList()));
		}
		yaml.keySet()
			.stream()
			.filter(key -> !KEYS.contains(key))
			.sorted()
			.forEach(key -> own.add(
					"unknown key \"" + key + "\" (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")"));
		String name = text(yaml, "name", own);
		String typeName = text(yaml, "type", own);
		ProviderType type = switch (typeName) {
			case "oauth" -> ProviderType.OAUTH;
			case "oidc" -> ProviderType.OIDC;
			default -> {
				own.add("\"type\" must be oauth or oidc");
				yield null;
			}
		};
		if (name.isBlank()) {
			own.add("\"name\" is required");
		}
		String clientId = text(yaml, "client-id", own);
		String clientSecret = text(yaml, "client-secret", own);
		String authMethod = text(yaml, "client-authentication-method", own);
		authMethod = authMethod.isBlank() ? "client_secret_basic" : authMethod;
		if (!AUTH_METHODS.contains(authMethod)) {
			own.add("\"client-authentication-method\" must be one of " + AUTH_METHODS.stream().sorted().toList());
		}
		String issuer = text(yaml, "issuer", own);
		String authorizationUri = text(yaml, "authorization-uri", own);
		String tokenUri = text(yaml, "token-uri", own);
		String userInfoUri = text(yaml, "user-info-uri", own);
		List<String> scopes = scopes(yaml.get("scope"), type, own);
		String profile = text(yaml, "profile", own);
		ProviderStyle style = style(yaml.get("style"), own);
		if (profile.isBlank()) {
			profile = type == ProviderType.OIDC ? "oidc" : "";
		}
		if (!clientId.isBlank()) {
			if (clientSecret.isBlank() && !authMethod.equals("none")) {
				own.add("\"client-secret\" is empty while \"client-id\" is set: set the secret, or "
						+ "client-authentication-method: none for a public client");
			}
			if (type == ProviderType.OIDC) {
				requireUrl("issuer", issuer, own);
			}
			else if (type == ProviderType.OAUTH) {
				requireUrl("authorization-uri", authorizationUri, own);
				requireUrl("token-uri", tokenUri, own);
				requireUrl("user-info-uri", userInfoUri, own);
				if (profile.isBlank()) {
					own.add("\"profile\" is required for type oauth: the name of the profile mapper to use");
				}
			}
		}
		own.forEach(problem -> problems.add(source + ": " + problem));
		if (problems.size() > before) {
			return null;
		}
		return new ProviderDefinition(id, name, type, clientId, clientSecret, authMethod, issuer, authorizationUri,
				tokenUri, userInfoUri, scopes, profile, style, source);
	}

	private String text(Map<String, Object> yaml, String key, List<String> problems) {
		Object value = yaml.get(key);
		if (value == null) {
			return "";
		}
		if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
			problems.add("\"" + key + "\" must be a single value");
			return "";
		}
		try {
			return this.placeholders.apply(value.toString()).trim();
		}
		catch (IllegalArgumentException ex) {
			problems.add("\"" + key + "\" uses a placeholder that is not set; give it a default as in ${NAME:}");
			return "";
		}
	}

	/**
	 * NextAuth's provider {@code style}: {@code {bg, text}}, both hex colours; the
	 * default when absent.
	 */
	private ProviderStyle style(Object value, List<String> problems) {
		if (value == null) {
			return ProviderStyle.DEFAULT;
		}
		String hint = "\"style\" must be a mapping of two hex colours, e.g. {bg: \"#24292f\", text: \"#fff\"}";
		if (!(value instanceof Map<?, ?> map) || !STYLE_KEYS.equals(map.keySet())) {
			problems.add(hint);
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> colours = (Map<String, Object>) map;
		try {
			return new ProviderStyle(text(colours, "bg", problems), text(colours, "text", problems));
		}
		catch (IllegalArgumentException ex) {
			problems.add(hint);
			return null;
		}
	}

	private List<String> scopes(Object value, ProviderType type, List<String> problems) {
		List<String> scopes;
		if (value == null) {
			scopes = type == ProviderType.OIDC ? List.of("openid", "profile", "email") : List.of();
		}
		else if (value instanceof String line) {
			scopes = Arrays.stream(line.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
		}
		else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			scopes = list.stream().map(String.class::cast).toList();
		}
		else {
			problems.add("\"scope\" must be a space-separated string or a list of strings");
			return List.of();
		}
		if (type == ProviderType.OIDC && !scopes.contains("openid")) {
			problems.add("\"scope\" of an oidc provider must include openid");
		}
		return scopes;
	}

	private static void requireUrl(String key, String value, List<String> problems) {
		try {
			URI uri = new URI(value);
			if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				return;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		problems.add("\"" + key + "\" must be an absolute http(s) URL" + (value.isEmpty() ? " (it is empty)" : ""));
	}

}
