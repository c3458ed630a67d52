package dev.authbridge.web;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.login.LoginException;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthUrl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Where a failed sign-in ends: logged once at WARN with provider, code, reason and request id (nothing else, so no
 * token or code can reach the log), counted, then a redirect to {@code /api/auth/error?error=<Code>&reason=<reason>}
 * (or the operator's error page, {@code AUTH_PAGES_ERROR}, with the same query) that also clears the flow cookie. Failures nobody anticipated are logged with their stack and shown as
 * {@code Callback/internal_error}.
 */
public final class LoginFailures {

	private static final Log logger = LogFactory.getLog(LoginFailures.class);

	private final AuthCookies cookies;

	private final SignInMetrics metrics;

	private final AuthPages pages;

	public LoginFailures(AuthCookies cookies, SignInMetrics metrics, AuthPages pages) {
		this.cookies = cookies;
		this.metrics = metrics;
		this.pages = pages;
	}

	/** The answer to {@code request} (an action under {@code …/{provider}}) that failed with {@code failure}. */
	public Mono<ServerResponse> redirect(ServerRequest request, Throwable failure, AuthUrl url,
			Map<String, String> form) {
		return answer(request.pathVariable("provider"), request, failure, url, form);
	}

	/**
	 * The answer to a sign-in with {@code providerId} that failed with {@code failure}: the error page, or the page
	 * the failure names ({@link LoginException#page()}), with the status and {@code Retry-After} it carries for
	 * {@code json=true} clients.
	 */
	public Mono<ServerResponse> answer(String providerId, ServerRequest request, Throwable failure, AuthUrl url,
			Map<String, String> form) {
		String requestId = RequestIds.of(request.exchange());
		// the id comes from the URL: only a well-formed one goes into the log line
		String provider = providerId.matches("[a-z0-9-]{1,40}") ? providerId : "(invalid id)";
		LoginException known = failure instanceof LoginException login ? login : null;
		if (known == null) {
			logger.error("Sign-in with " + provider + " failed unexpectedly, request=" + requestId, failure);
			known = new LoginException("Callback", "internal_error");
		}
		else {
			logger.warn("Sign-in with " + provider + " failed: " + known.code() + " reason=" + known.reason()
					+ " request=" + requestId);
		}
		this.metrics.failed(providerId, known.reason());
		long retryAfter = known.retryAfter();
		Map<String, String> query = new LinkedHashMap<>();
		query.put("error", known.code());
		query.put("reason", known.reason());
		String location = this.pages.location(known.page(), url, query);
		return Responses.redirect(location, form, HttpStatusCode.valueOf(known.status()), headers -> {
			if (retryAfter > 0) {
				headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
			}
		}, this.cookies.expired(this.cookies.flowName()));
	}

}
