package dev.authbridge.config;

import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.redirect.AuthUrl;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code Content-Security-Policy} of every answer (CSP Level 3). The pages have no
 * script and take their style from the bridge's own file, so nothing inline is allowed.
 * {@code form-action} also lists where a form's redirects go, since browsers check it
 * along the redirect chain: the sign-in forms 302 to the providers' authorization
 * endpoints, the sign-out form and the development provider's form end on a callbackUrl,
 * possibly an allowlisted SPA.
 */
final class ContentSecurityPolicy {

	private ContentSecurityPolicy() {
	}

	static String of(BridgeSettings settings) {
		Set<String> formTargets = new LinkedHashSet<>();
		formTargets.add("'self'");
		formTargets.add(settings.url().origin());
		settings.providers()
			.enabled()
			.stream()
			.map(ContentSecurityPolicy::authorizationOrigin)
			.filter(Objects::nonNull)
			.forEach(formTargets::add);
		formTargets.addAll(settings.redirectOrigins());
		// the demo page's "Query Hasura" button talks to Hasura from the browser
		String connect = settings.hasura()
			.map(hasura -> "connect-src 'self' " + AuthUrl.origin(hasura.endpoint()) + "; ")
			.orElse("");
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " + connect
				+ "form-action " + String.join(" ", formTargets) + "; frame-ancestors 'none'; base-uri 'none'; "
				+ "object-src 'none'";
	}

	/**
	 * OIDC authorization endpoints are discovered later, but live on the issuer's origin
	 * for every provider built in.
	 */
	private static String authorizationOrigin(ProviderDefinition provider) {
		String endpoint = provider.type() == ProviderType.OIDC ? provider.issuer() : provider.authorizationUri();
		try {
			return endpoint == null ? null : AuthUrl.origin(URI.create(endpoint));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
