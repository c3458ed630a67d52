package dev.authbridge.web.actions;

import dev.authbridge.hasura.HasuraProxyGateway;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.session.ReusedAccessTokens;
import dev.authbridge.web.Json;
import dev.authbridge.web.ProxyOrigins;
import dev.authbridge.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The rules of {@code POST /v1/graphql}, the same-origin GraphQL proxy
 * ({@code AUTH_HASURA_PROXY}), in one place for both routes that serve it: the server's
 * own ({@code GraphQlProxyRoute}, ahead of WebFlux) and WebFlux's
 * ({@link GraphQlProxyAction}). The SPA posts GraphQL to the bridge with its HttpOnly
 * session cookie, and the bridge posts it on to Hasura as that cookie's user, with an
 * access token as {@code Authorization: Bearer}, so no token ever reaches JavaScript. A
 * request without a valid session (none, forged, expired, signed out everywhere) goes on
 * without one, and Hasura's unauthorized role applies.
 *
 * <p>
 * Hasura gets only what GraphQL needs ({@link #FORWARDED}): never the client's cookies,
 * its own {@code Authorization} (the identity is the cookie's alone), an admin secret or
 * any {@code x-hasura-*} session variable but {@code x-hasura-role}, which only chooses
 * among the token's allowed roles. As the cookie is sent by the browser on any site's
 * request, cross-site requests are refused before anything is read (OWASP CSRF cheat
 * sheet, "Verifying Origin With Standard Headers"): a foreign {@code Origin}
 * ({@link ProxyOrigins}), and any body but {@code application/json}, which no HTML form
 * can send without a CORS preflight.
 */
public final class GraphQlProxyRules {

	/** The client headers Hasura gets, lower-case. */
	static final List<String> FORWARDED = List.of("content-type", "accept", "x-hasura-role",
			RequestIds.HEADER.toLowerCase(Locale.ROOT));

	/**
	 * The answer, with {@link SessionAction#RETRY_AFTER}, to a signed-in request while
	 * rotating keys are not loaded yet: forwarding it as signed out would show the user
	 * an empty schema.
	 */
	public static final byte[] KEYS_UNAVAILABLE = error(new KeysUnavailableException().getMessage(),
			"keys_unavailable");

	private final ReusedAccessTokens accessTokens;

	private final String sessionCookie;

	private final ProxyOrigins origins;

	private final HasuraProxyGateway hasura;

	private final int maxBody;

	/**
	 * @param sessionCookie the session cookie's name
	 * @param origins the origins whose pages may post
	 * @param maxBody the largest request body taken, in bytes
	 */
	public GraphQlProxyRules(ReusedAccessTokens accessTokens, String sessionCookie, ProxyOrigins origins,
			HasuraProxyGateway hasura, int maxBody) {
		this.accessTokens = accessTokens;
		this.sessionCookie = sessionCookie;
		this.origins = origins;
		this.hasura = hasura;
		this.maxBody = maxBody;
	}

	/** {@code application/json}, with or without parameters such as {@code charset}. */
	public static boolean json(String contentType) {
		if (contentType == null) {
			return false;
		}
		if (contentType.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)) {
			return true;
		}
		try {
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** Whether a body of {@code contentLength} bytes is over the limit. */
	public boolean tooLarge(long contentLength) {
		return contentLength > this.maxBody;
	}

	/** The largest request body taken, in bytes. */
	public int maxBody() {
		return this.maxBody;
	}

	/**
	 * Copies the headers Hasura gets from the client's ({@code client}: a header's first
	 * value by lower-case name, or {@code null}) to {@code out}.
	 */
	public static void forwarded(Function<String, String> client, BiConsumer<String, String> out) {
		for (String name : FORWARDED) {
			String value = client.apply(name);
			if (value != null) {
				out.accept(name, value);
			}
		}
	}

	/**
	 * The access token for session cookie value {@code cookie} ({@code null}: none), or
	 * {@code null} when the request goes on signed out.
	 * @throws KeysUnavailableException while rotating keys are not loaded yet
	 */
	public String accessToken(String cookie) {
		return this.accessTokens.forCookie(cookie);
	}

	/** The session cookie's name. */
	public String sessionCookie() {
		return this.sessionCookie;
	}

	public ProxyOrigins origins() {
		return this.origins;
	}

	public HasuraProxyGateway hasura() {
		return this.hasura;
	}

	/**
	 * 502 or 504 in GraphQL's error shape, so a GraphQL client shows it as it shows
	 * Hasura's own errors.
	 */
	public static HttpStatus status(HasuraProxyGateway.Unavailable failure) {
		return failure.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
	}

	/** The body of {@link #status}'s answer. */
	public static byte[] body(HasuraProxyGateway.Unavailable failure) {
		return error(failure.getMessage(), "hasura_unavailable");
	}

	/** {@code {"errors":[{"message","extensions":{"code"}}]}}, GraphQL's error shape. */
	private static byte[] error(String message, String code) {
		StringBuilder out = new StringBuilder("{\"errors\":[{\"message\":");
		Json.string(out, message).append(",\"extensions\":{\"code\":");
		Json.string(out, code).append("}}]}");
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

}
