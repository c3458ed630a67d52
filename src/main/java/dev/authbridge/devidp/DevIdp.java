package dev.authbridge.devidp;

import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.provider.ProviderStyle;
import dev.authbridge.redirect.AuthUrl;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The development OpenID Provider as both sides see it: its issuer under
 * {@code AUTH_URL}, and the one client it knows, the bridge itself, whose secret is
 * generated at each start.
 *
 * @param url the bridge's public base URL, a plain local http one
 * @param clientSecret the client secret of {@link #CLIENT_ID}, random per start
 */
public record DevIdp(AuthUrl url, String clientSecret) {

	/** The provider id, which is why no provider file may be named {@code dev.yaml}. */
	public static final String ID = "dev";

	public static final String CLIENT_ID = "authbridge-dev";

	/** Where the bridge serves it, below {@code AUTH_URL}. */
	public static final String PATH = "/dev-idp";

	static final List<String> SCOPES = List.of("openid", "profile", "email");

	/**
	 * The colours of the development page's warning, so its button does not pass for a
	 * real provider's.
	 */
	static final ProviderStyle STYLE = new ProviderStyle("#fff8c5", "#4d2d00");

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * Whether {@code AUTH_DEV_PROVIDER} turns it on: {@code auto} when {@code AUTH_URL}
	 * is a plain local http URL, no provider file is enabled and no proxy is trusted;
	 * {@code true} always, except that a non-local or https {@code AUTH_URL}, or
	 * {@code AUTH_TRUST_HOST}, is a problem; {@code false} never. Behind a proxy every
	 * request arrives from the proxy's address, often loopback, so "only this machine"
	 * could not be told apart.
	 * @param url {@code AUTH_URL}, {@code null} when it did not parse (a problem reported
	 * already)
	 * @param trustHost {@code AUTH_TRUST_HOST}
	 * @param files the providers read from files
	 * @param problems receives a line when the setting cannot be honoured
	 */
	public static Optional<DevIdp> decide(String setting, AuthUrl url, boolean trustHost, ProviderRegistry files,
			List<String> problems) {
		String mode = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
		boolean on = switch (mode) {
			case "auto" -> url != null && url.local() && !trustHost && files.enabled().isEmpty();
			case "true" -> {
				if (url != null && !url.local()) {
					problems.add("AUTH_DEV_PROVIDER is true but AUTH_URL " + url.home() + " is not a plain local "
							+ "http URL: the development provider lets anyone sign in as anyone, so set "
							+ "AUTH_DEV_PROVIDER=false");
				}
				if (trustHost) {
					problems.add("AUTH_DEV_PROVIDER is true but so is AUTH_TRUST_HOST: behind a proxy the development "
							+ "provider cannot tell this machine from the internet, so set AUTH_DEV_PROVIDER=false");
				}
				yield url != null && url.local() && !trustHost;
			}
			case "false" -> false;
			default -> {
				problems.add("AUTH_DEV_PROVIDER must be auto, true or false");
				yield false;
			}
		};
		return on ? Optional.of(new DevIdp(url, randomSecret())) : Optional.empty();
	}

	/**
	 * {@code <AUTH_URL>/dev-idp}, exactly as the discovery document and every ID token
	 * state it.
	 */
	public String issuer() {
		return this.url.origin() + this.url.path() + PATH;
	}

	/** The absolute URL of an endpoint, e.g. {@code endpoint("token")}. */
	String endpoint(String name) {
		return issuer() + "/" + name;
	}

	/** The only redirect URI it accepts: the bridge's callback for {@link #ID}. */
	String redirectUri() {
		return this.url.action("callback/" + ID);
	}

	/**
	 * The provider the bridge's registry gets: an OIDC provider discovered from
	 * {@link #issuer()}, like Auth0.
	 */
	public ProviderDefinition definition() {
		return new ProviderDefinition(ID, "Development sign-in", ProviderType.OIDC, CLIENT_ID, this.clientSecret,
				"client_secret_basic", issuer(), "", "", "", SCOPES, "oidc", STYLE, "built-in development provider");
	}

	/** Without the client secret, so the settings can be printed. */
	@Override
	public String toString() {
		return "DevIdp[issuer=" + issuer() + "]";
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
