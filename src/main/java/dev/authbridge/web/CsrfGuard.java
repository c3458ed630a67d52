package dev.authbridge.web;

import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import java.util.Map;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one CSRF check (double-submit cookie, OWASP CSRF cheat sheet), put on the route
 * table in front of every route that changes state with the browser's cookies, as
 * next-auth checks in its router before any POST action runs. A new action behind the
 * guard cannot forget it. A form whose {@code csrfToken} does not match its CSRF cookie
 * goes back to the page it came from with {@code ?csrf=true}, as NextAuth's does, and
 * nothing else happens.
 */
public final class CsrfGuard {

	private final CsrfCookie csrf;

	private final AuthBase base;

	private final AuthPages pages;

	public CsrfGuard(CsrfCookie csrf, AuthBase base, AuthPages pages) {
		this.csrf = csrf;
		this.base = base;
		this.pages = pages;
	}

	/**
	 * The guard for routes whose forms are on {@code page}, where a refused form is sent
	 * back to.
	 */
	public HandlerFilterFunction<ServerResponse, ServerResponse> refusingTo(Page page) {
		return (request, next) -> guard(request, next, page);
	}

	private Mono<ServerResponse> guard(ServerRequest request, HandlerFunction<ServerResponse> next, Page page) {
		return FormFields.read(request).flatMap(form -> {
			if (this.csrf.verify(request, form)) {
				return next.handle(request);
			}
			return Responses.redirect(this.pages.location(page, this.base.of(request), Map.of("csrf", "true")), form);
		});
	}

}
