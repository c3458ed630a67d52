package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SignedSession;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.util.Map;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The end of the sign-ins the bridge completes itself, without a provider's redirect
 * (e-mail + password, sign-in links): the success counted, the session cookie set and on
 * to the checked callbackUrl ({@code json=true}: 200 {@code {"url"}}); a failure answered
 * by {@link LoginFailures}.
 */
final class SignInFinish {

	private final SessionIssuer sessions;

	private final AuthCookies cookies;

	private final LoginFailures failures;

	private final SignInMetrics metrics;

	SignInFinish(SessionIssuer sessions, AuthCookies cookies, LoginFailures failures, SignInMetrics metrics) {
		this.sessions = sessions;
		this.cookies = cookies;
		this.failures = failures;
		this.metrics = metrics;
	}

	/**
	 * The answer to {@code request}, a sign-in with {@code provider} that ends in
	 * {@code session}; {@code form} is what was posted ({@code json}), empty for a GET.
	 */
	Mono<ServerResponse> answer(String provider, ServerRequest request, Mono<SignedSession> session, String callbackUrl,
			AuthUrl url, Map<String, String> form) {
		return session.doOnNext(signedIn -> this.metrics.succeeded(provider))
			.flatMap(signedIn -> Responses.redirect(callbackUrl, form,
					this.cookies.session(signedIn.token(), this.sessions.maxAge())))
			.onErrorResume(ex -> this.failures.answer(provider, request, ex, url, form));
	}

}
