package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.Responses;
import dev.authbridge.session.InvalidTokenException;
import dev.authbridge.session.Session;
import dev.authbridge.session.SessionEndings;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.session.SignOutEverywhere;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /api/auth/signout}: GET shows a confirmation form (a link alone must not sign
 * anyone out), POST (behind the route table's CSRF guard, which sends a bad token back to
 * this page with {@code ?csrf=true}) expires the session cookie and sends the browser to
 * the allowed callbackUrl. With {@code AUTH_PAGES_SIGNOUT} the operator's page replaces
 * the confirmation page, given the same query. With {@code all=true} the user's session
 * epoch is bumped first, which ends their sessions on every device within seconds; if
 * that cannot be recorded (no database, or PostgreSQL down) the error page says so and
 * this session stays, so nothing looks done that is not. Without it, a valid session's
 * end is announced to every instance ({@link SessionEndings}), so that what they hold
 * open for it closes at once; that announcement failing changes nothing for the browser,
 * whose cookie is cleared all the same.
 */
public final class SignoutAction {

	private static final Log logger = LogFactory.getLog(SignoutAction.class);

	private final CsrfCookie csrf;

	private final AuthCookies cookies;

	private final CallbackUrlPolicy callbackUrls;

	private final AuthBase base;

	private final AuthPages pages;

	private final SessionTokens sessions;

	private final SignOutEverywhere everywhere;

	private final SessionEndings endings;

	public SignoutAction(CsrfCookie csrf, AuthCookies cookies, CallbackUrlPolicy callbackUrls, AuthBase base,
			AuthPages pages, SessionTokens sessions, SignOutEverywhere everywhere, SessionEndings endings) {
		this.csrf = csrf;
		this.cookies = cookies;
		this.callbackUrls = callbackUrls;
		this.base = base;
		this.pages = pages;
		this.sessions = sessions;
		this.everywhere = everywhere;
		this.endings = endings;
	}

	public Mono<ServerResponse> page(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		Map<String, String> query = new LinkedHashMap<>();
		request.queryParam("callbackUrl")
			.ifPresent(callbackUrl -> query.put("callbackUrl", this.callbackUrls.resolve(callbackUrl, url)));
		request.queryParam("csrf").ifPresent(csrfFlag -> query.put("csrf", "true"));
		Optional<String> custom = this.pages.custom(Page.SIGNOUT, url, query);
		if (custom.isPresent()) {
			return Responses.redirect(custom.get(), Map.of());
		}
		CsrfCookie.Issued issued = this.csrf.issue(request);
		return issued.respond(MediaType.TEXT_HTML)
			.render("signout",
					Map.of("title", "Sign out", "stylesheet", url.stylesheet(), "csrfToken", issued.token(), "action",
							url.action("signout"), "callbackUrl",
							this.callbackUrls.resolve(request.queryParam("callbackUrl").orElse(null), url)));
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		return FormFields.read(request).flatMap(form -> {
			Mono<ServerResponse> signedOut = Responses.redirect(this.callbackUrls.resolve(form.get("callbackUrl"), url),
					form, this.cookies.expired(this.cookies.sessionName()));
			Session session = session(request);
			if (session == null) {
				return signedOut;
			}
			if (!"true".equals(form.get("all"))) {
				return this.endings.announce(session.id()).onErrorResume(ex -> {
					logger.warn("Sign-out not announced to the other instances: " + ex.getMessage());
					return Mono.empty();
				}).then(signedOut);
			}
			return this.everywhere.signOut(session.user().id()).then(signedOut).onErrorResume(ex -> {
				boolean off = ex instanceof UnsupportedOperationException;
				logger.warn("Sign out everywhere failed: " + (off ? "DATABASE_URL is not set" : ex.getMessage()));
				Map<String, String> query = new LinkedHashMap<>();
				query.put("error", "Default");
				query.put("reason", off ? "sign_out_everywhere_off" : "database_unavailable");
				return Responses.redirect(this.pages.location(Page.ERROR, url, query), form,
						HttpStatusCode.valueOf(off ? 400 : 503), headers -> {
							if (!off) {
								headers.set(HttpHeaders.RETRY_AFTER, "5");
							}
						});
			});
		});
	}

	/** The request's valid session, or {@code null}. */
	private Session session(ServerRequest request) {
		String token = AuthCookies.first(request.cookies(), this.cookies.sessionName());
		if (token == null) {
			return null;
		}
		try {
			return this.sessions.verify(token);
		}
		catch (InvalidTokenException ex) {
			return null;
		}
	}

}
