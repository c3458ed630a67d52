package dev.authbridge.web;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Where a failed sign-in ends, and the one place that decides what a client sees of a
 * {@link SignInFailure}: logged once at WARN with provider, code, reason and request id
 * (nothing else, so no token or code can reach the log), counted, then a redirect to the
 * page for its reason with {@code ?error=<Code>&reason=<reason>}: the error page
 * ({@code /api/auth/error} or {@code AUTH_PAGES_ERROR}), or the sign-in page where the
 * form can put it right. The redirect clears the flow cookie; a {@code json=true} client
 * gets the status for the reason (NextAuth's credentials flow answers 401) and
 * {@code Retry-After} when waiting helps. Failures nobody anticipated are logged with
 * their stack and shown as {@code Callback/internal_error}.
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

	/**
	 * The answer to {@code request} (an action under {@code …/{provider}}) that failed
	 * with {@code failure}.
	 */
	public Mono<ServerResponse> redirect(ServerRequest request, Throwable failure, AuthUrl url,
			Map<String, String> form) {
		return answer(request.pathVariable("provider"), request, failure, url, form);
	}

	/**
	 * The answer to a sign-in with {@code providerId} that failed with {@code failure}.
	 */
	public Mono<ServerResponse> answer(String providerId, ServerRequest request, Throwable failure, AuthUrl url,
			Map<String, String> form) {
		String requestId = RequestIds.of(request.exchange());
		// the id comes from the URL: only a well-formed one goes into the log line
		String provider = providerId.matches("[a-z0-9-]{1,40}") ? providerId : "(invalid id)";
		SignInFailure known = failure instanceof SignInFailure signIn ? signIn : null;
		if (known == null) {
			logger.error("Sign-in with " + provider + " failed unexpectedly, request=" + requestId, failure);
			known = new SignInFailure(Reason.INTERNAL_ERROR);
		}
		else {
			logger.warn("Sign-in with " + provider + " failed: " + known.error().code() + " reason="
					+ known.reason().code() + " request=" + requestId);
		}
		this.metrics.failed(providerId, known.reason());
		long retryAfter = known.retryAfter().toSeconds();
		Map<String, String> query = new LinkedHashMap<>();
		query.put("error", known.error().code());
		query.put("reason", known.reason().code());
		String location = this.pages.location(page(known.reason()), url, query);
		return Responses.redirect(location, form, status(known.reason()), jsonFields(known.reason()), headers -> {
			if (retryAfter > 0) {
				headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
			}
		}, this.cookies.expired(this.cookies.flowName()));
	}

	/**
	 * What a {@code json=true} client gets besides {@code url}: for a refusal a script
	 * must tell apart from wrong credentials (to offer a new link), the reason and a
	 * sentence.
	 */
	static Map<String, String> jsonFields(Reason reason) {
		return reason == Reason.EMAIL_NOT_VERIFIED
				? Map.of("error", reason.code(), "message",
						"Confirm your e-mail address first: open the link we mailed you, or ask for a new one.")
				: Map.of();
	}

	/**
	 * The status a {@code json=true} client gets: 200 with the error page's URL, as
	 * NextAuth answers, but where the reason has a status of its own. Every reason is
	 * listed, so that a new one needs a decision here.
	 */
	static HttpStatus status(Reason reason) {
		return switch (reason) {
			case WRONG_CREDENTIALS -> HttpStatus.UNAUTHORIZED;
			case EMAIL_INVALID, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_COMMON, NAME_TOO_LONG, TOKEN_INVALID ->
				HttpStatus.BAD_REQUEST;
			case EMAIL_TAKEN -> HttpStatus.CONFLICT;
			case EMAIL_NOT_VERIFIED -> HttpStatus.FORBIDDEN;
			case TOO_MANY_ATTEMPTS, TOO_MANY_SIGNUPS -> HttpStatus.TOO_MANY_REQUESTS;
			case BUSY, DATABASE_UNAVAILABLE, EMAIL_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case ACCESS_DENIED, PROVIDER_ERROR, UNKNOWN_PROVIDER, PROVIDER_UNAVAILABLE, STATE_COOKIE_MISSING,
					STATE_COOKIE_INVALID, STATE_EXPIRED, PROVIDER_MISMATCH, STATE_MISMATCH, CODE_MISSING,
					TOKEN_EXCHANGE_FAILED, ID_TOKEN_INVALID, USERINFO_FAILED, HASURA_UNAVAILABLE, HASURA_REJECTED,
					INTERNAL_ERROR ->
				HttpStatus.OK;
		};
	}

	/**
	 * The sign-in page where its form can put the failure right, or try again shortly;
	 * else the error page.
	 */
	static Page page(Reason reason) {
		return switch (reason) {
			case WRONG_CREDENTIALS, TOO_MANY_ATTEMPTS, BUSY, EMAIL_INVALID, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG,
					PASSWORD_COMMON, NAME_TOO_LONG, EMAIL_TAKEN, TOO_MANY_SIGNUPS ->
				Page.SIGNIN;
			case ACCESS_DENIED, PROVIDER_ERROR, UNKNOWN_PROVIDER, PROVIDER_UNAVAILABLE, STATE_COOKIE_MISSING,
					STATE_COOKIE_INVALID, STATE_EXPIRED, PROVIDER_MISMATCH, STATE_MISMATCH, CODE_MISSING,
					TOKEN_EXCHANGE_FAILED, ID_TOKEN_INVALID, USERINFO_FAILED, HASURA_UNAVAILABLE, HASURA_REJECTED,
					DATABASE_UNAVAILABLE, EMAIL_UNAVAILABLE, TOKEN_INVALID, EMAIL_NOT_VERIFIED, INTERNAL_ERROR ->
				Page.ERROR;
		};
	}

}
