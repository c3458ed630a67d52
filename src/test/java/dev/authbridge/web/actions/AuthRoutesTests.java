package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.FreePort;
import dev.authbridge.db.TestPostgres;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The route table read as data: every route that changes state is answered by the CSRF
 * guard when the token is forged, whichever action stands behind it, and the only ones
 * outside the guard are those that say why. A new POST route fails here until it is put
 * behind the guard or named below with its reason.
 */
@BridgeTest
class AuthRoutesTests {

	/** The state-changing routes that need no CSRF token, each for its own reason. */
	static final Set<String> UNGUARDED = Set.of(
			// the provider's form_post, cross-site by design: bound to the flow by state
			// (RFC 6749 §10.12)
			"POST /api/auth/callback/{provider}",
			// a client's log line: changes nothing
			"POST /api/auth/_log",
			// the admin API: a bearer token, never cookies
			"PUT /api/auth/admin/users/{userId}/roles/{role}", "DELETE /api/auth/admin/users/{userId}/roles/{role}",
			"POST /api/auth/admin/users/{userId}/signout", "POST /api/auth/admin/keys/rotate",
			// Hasura's auth webhook: called server to server with the client's forwarded
			// headers, and changes nothing
			"POST /api/auth/hasura-webhook");

	@Autowired
	@Qualifier("authRoutes")
	RouterFunction<ServerResponse> routes;

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", TestPostgres::freshDatabase);
		// mounts password reset; no mail is sent, as every post here is refused
		registry.add("AUTH_EMAIL_SERVER", () -> "smtp://127.0.0.1:" + FreePort.next());
		registry.add("AUTH_EMAIL_FROM", () -> "no-reply@example.test");
	}

	@Test
	void routesWhenStateChangingThenEachBehindTheCsrfGuardOrNamedWithItsReason() {
		List<String> changing = routes().stream().filter(route -> !route.startsWith("GET ")).toList();
		List<String> guarded = changing.stream().filter(route -> !UNGUARDED.contains(route)).toList();

		assertThat(changing).containsAll(UNGUARDED);
		assertThat(guarded).containsExactlyInAnyOrder("POST /api/auth/signin/credentials",
				"POST /api/auth/callback/credentials", "POST /api/auth/signup", "POST /api/auth/signin/{provider}",
				"POST /api/auth/signout", "POST /api/auth/password/forgot", "POST /api/auth/password/reset",
				"POST /api/auth/signin/email");
		for (String route : guarded) {
			String path = route.substring("POST ".length()).replace("{provider}", "github");
			String refusedTo = path.endsWith("/signout") ? "/api/auth/signout?csrf=true" : "/api/auth/signin?csrf=true";
			this.client.post()
				.uri(path)
				.cookie("authbridge.csrf-token", "forged|0000")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData("csrfToken", "forged")
					.with("email", "ada@example.com")
					.with("password", "correct horse battery staple")
					.with("json", "true"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.doesNotExist("Set-Cookie")
				.expectBody()
				.jsonPath("$.url")
				.isEqualTo(BridgeTest.URL + refusedTo);
		}
	}

	/** {@code METHOD /path} of every route in the table, nested paths joined. */
	List<String> routes() {
		List<String> found = new ArrayList<>();
		Deque<String> prefixes = new ArrayDeque<>();
		this.routes.accept(new RouterFunctions.Visitor() {

			@Override
			public void startNested(RequestPredicate predicate) {
				prefixes.push(describe(predicate).path());
			}

			@Override
			public void endNested(RequestPredicate predicate) {
				prefixes.pop();
			}

			@Override
			public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
				Route route = describe(predicate);
				List<String> outerFirst = new ArrayList<>(prefixes);
				Collections.reverse(outerFirst);
				String prefix = String.join("", outerFirst);
				route.methods().forEach(method -> found.add(method.name() + " " + prefix + route.path()));
			}

			@Override
			public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
			}

			@Override
			public void attributes(Map<String, Object> attributes) {
			}

			@Override
			public void unknown(RouterFunction<?> routerFunction) {
			}

		});
		return found;
	}

	static Route describe(RequestPredicate predicate) {
		List<HttpMethod> methods = new ArrayList<>();
		StringBuilder path = new StringBuilder();
		predicate.accept(new RequestPredicates.Visitor() {

			@Override
			public void method(Set<HttpMethod> accepted) {
				methods.addAll(accepted);
			}

			@Override
			public void path(String pattern) {
				path.append(pattern);
			}

			@Override
			public void pathExtension(String extension) {
			}

			@Override
			public void header(String name, String value) {
			}

			@Override
			public void queryParam(String name, String value) {
			}

			@Override
			public void version(String version) {
			}

			@Override
			public void startAnd() {
			}

			@Override
			public void and() {
			}

			@Override
			public void endAnd() {
			}

			@Override
			public void startOr() {
			}

			@Override
			public void or() {
			}

			@Override
			public void endOr() {
			}

			@Override
			public void startNegate() {
			}

			@Override
			public void endNegate() {
			}

			@Override
			public void unknown(RequestPredicate unknown) {
			}

		});
		return new Route(methods, path.toString());
	}

	record Route(List<HttpMethod> methods, String path) {
	}

}
