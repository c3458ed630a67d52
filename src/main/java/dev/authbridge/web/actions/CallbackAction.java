package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.login.ProviderLogin;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET|POST /api/auth/callback/<id>}: the provider sends the browser back here
 * (POST for {@code response_mode=form_post}). The flow cookie is checked and cleared
 * whatever happens; on success the user goes through the {@link UserDirectory} (the
 * Hasura upsert) and the {@link SessionIssuer} (granted roles, session epoch), gets a
 * session cookie and lands on the callbackUrl. Any failure lands on the error page with a
 * reason and without a session.
 */
public final class CallbackAction {

	private final ProviderLogin login;

	private final UserDirectory users;

	private final SessionIssuer sessions;

	private final AuthCookies cookies;

	private final LoginFailures failures;

	private final AuthBase base;

	private final SignInMetrics metrics;

	public CallbackAction(ProviderLogin login, UserDirectory users, SessionIssuer sessions, AuthCookies cookies,
			LoginFailures failures, AuthBase base, SignInMetrics metrics) {
		this.login = login;
		this.users = users;
		this.sessions = sessions;
		this.cookies = cookies;
		this.failures = failures;
		this.base = base;
		this.metrics = metrics;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String id = request.pathVariable("provider");
		String flow = AuthCookies.first(request.cookies(), this.cookies.flowName());
		Mono<Map<String, String>> parameters = HttpMethod.POST.equals(request.method()) ? FormFields.read(request)
				: Mono.just(request.queryParams().toSingleValueMap());
		return parameters.flatMap(params -> this.login.finish(id, flow, params)
			.flatMap(finished -> this.users.signIn(finished.profile())
				.flatMap(this.sessions::issue)
				.doOnNext(session -> this.metrics.succeeded(id))
				.flatMap(session -> Responses.redirect(finished.callbackUrl(), Map.of(),
						this.cookies.session(session.token(), this.sessions.maxAge()),
						this.cookies.expired(this.cookies.flowName()))))
			.onErrorResume(ex -> this.failures.redirect(request, ex, url, Map.of())));
	}

}
