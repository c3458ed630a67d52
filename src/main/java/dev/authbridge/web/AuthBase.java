package dev.authbridge.web;

import dev.authbridge.redirect.AuthUrl;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The public base URL a request is answered under: {@code AUTH_URL}, or, with
 * {@code AUTH_TRUST_HOST=true} behind a proxy, the origin the proxy reports in
 * {@code X-Forwarded-Host}/{@code -Proto} (applied to the request by the forwarded-header
 * transformer the composition root registers only in that case).
 */
public final class AuthBase {

	private final AuthUrl configured;

	private final boolean trustHost;

	public AuthBase(AuthUrl configured, boolean trustHost) {
		this.configured = configured;
		this.trustHost = trustHost;
	}

	/** {@code AUTH_URL}, whatever the request says. */
	public AuthUrl configured() {
		return this.configured;
	}

	public AuthUrl of(ServerRequest request) {
		if (!this.trustHost) {
			return this.configured;
		}
		String origin = AuthUrl.origin(request.uri());
		return origin == null ? this.configured : this.configured.withOrigin(origin);
	}

}
