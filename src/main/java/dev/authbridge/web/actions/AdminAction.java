package dev.authbridge.web.actions;

import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.db.RoleStore;
import dev.authbridge.db.SigningKeyRotation;
import dev.authbridge.session.SealedKey;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.web.Responses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin API under {@code /api/auth/admin/users/{userId}}, for operators and back ends
 * holding {@code AUTH_ADMIN_SECRET} as a bearer token ({@code userId} is the shadow user
 * id, URL-encoded: {@code github%7C583231}):
 * <ul>
 * <li>{@code GET …/roles}: the roles granted to the user (beyond the configured
 * ones);</li>
 * <li>{@code PUT …/roles/{role}}: grants a role, from the user's next sign-in;</li>
 * <li>{@code DELETE …/roles/{role}}: revokes it and ends the user's sessions, so no
 * session keeps the role;</li>
 * <li>{@code POST …/signout}: ends every session of the user;</li>
 * <li>{@code POST /api/auth/admin/keys/rotate}: starts a new signing key's publication
 * now (it signs once its publication delay has passed), when Hasura has a {@code jwk_url}
 * and the keys live in PostgreSQL; answers every key with its times.</li>
 * </ul>
 * Answers are JSON; 401 without the secret, 400 for a malformed id or role, 503 while
 * PostgreSQL is unavailable, 404 when the API is off (no {@code AUTH_ADMIN_SECRET}) or,
 * for the keys, when there is no rotation.
 */
public final class AdminAction {

	/** Hasura role names as its metadata accepts them. */
	static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	static final int MAX_USER_ID_LENGTH = 255;

	private final byte[] secret;

	private final RoleStore roles;

	private final SignOutEverywhere everywhere;

	private final SigningKeyRotation keys;

	/**
	 * @param secret AUTH_ADMIN_SECRET, or {@code null} when the API is off
	 * @param keys the rotation of generated signing keys, or {@code null} when there is
	 * none
	 */
	public AdminAction(String secret, RoleStore roles, SignOutEverywhere everywhere, SigningKeyRotation keys) {
		this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
		this.roles = roles;
		this.everywhere = everywhere;
		this.keys = keys;
	}

	public Mono<ServerResponse> rotateKeys(ServerRequest request) {
		Mono<ServerResponse> refused = refusal(request);
		if (refused != null) {
			return refused;
		}
		if (this.keys == null) {
			return Responses.error(HttpStatus.NOT_FOUND, "KeyRotationOff",
					"Keys rotate only when HASURA_GRAPHQL_JWT_SECRET has a jwk_url and AUTH_JWT_PRIVATE_KEY is unset.");
		}
		return answer(this.keys.rotate().map(stored -> {
			List<Map<String, Object>> keys = new ArrayList<>();
			for (SealedKey key : stored) {
				Map<String, Object> times = new LinkedHashMap<>();
				times.put("kid", key.kid());
				times.put("alg", key.alg());
				times.put("publishedAt", key.createdAt().toString());
				times.put("signsFrom", key.signsFrom().toString());
				times.put("unpublishAt", key.unpublishAt() == null ? null : key.unpublishAt().toString());
				keys.add(times);
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("rotated", stored.get(stored.size() - 1).kid());
			body.put("keys", keys);
			return body;
		}));
	}

	public Mono<ServerResponse> listRoles(ServerRequest request) {
		return guarded(request, false, user -> roles(user));
	}

	public Mono<ServerResponse> grantRole(ServerRequest request) {
		return guarded(request, true, user -> this.roles.grant(user, request.pathVariable("role")).then(roles(user)));
	}

	public Mono<ServerResponse> revokeRole(ServerRequest request) {
		return guarded(request, true, user -> this.roles.revoke(user, request.pathVariable("role"))
			.flatMap(had -> had ? this.everywhere.signOut(user).then(roles(user)) : roles(user)));
	}

	public Mono<ServerResponse> signOut(ServerRequest request) {
		return guarded(request, false,
				user -> this.everywhere.signOut(user).map(epoch -> Map.of("userId", user, "epoch", epoch)));
	}

	private Mono<Map<String, Object>> roles(String user) {
		return this.roles.roles(user).map(granted -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("userId", user);
			body.put("roles", List.copyOf(granted));
			return body;
		});
	}

	private Mono<ServerResponse> guarded(ServerRequest request, boolean withRole,
			Function<String, Mono<? extends Map<String, ?>>> work) {
		Mono<ServerResponse> refused = refusal(request);
		if (refused != null) {
			return refused;
		}
		String user = request.pathVariable("userId");
		if (user.isBlank() || user.length() > MAX_USER_ID_LENGTH
				|| user.codePoints().anyMatch(Character::isISOControl)) {
			return Responses.error(HttpStatus.BAD_REQUEST, "InvalidUserId",
					"The user id must be 1 to " + MAX_USER_ID_LENGTH + " printable characters, URL-encoded.");
		}
		if (withRole && !ROLE.matcher(request.pathVariable("role")).matches()) {
			return Responses.error(HttpStatus.BAD_REQUEST, "InvalidRole",
					"A role is 1 to 64 letters, digits, '_' or '-', as Hasura names roles.");
		}
		return answer(work.apply(user));
	}

	/**
	 * The answer when the API is off or {@code request} lacks the secret; {@code null}
	 * when it may go on.
	 */
	private Mono<ServerResponse> refusal(ServerRequest request) {
		if (this.secret == null || this.roles == null) {
			return Responses.error(HttpStatus.NOT_FOUND, "AdminApiOff",
					"The admin API is off: set DATABASE_URL and AUTH_ADMIN_SECRET to turn it on.");
		}
		if (!authorized(request)) {
			return ServerResponse.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"authbridge-admin\"")
				.contentType(MediaType.APPLICATION_JSON)
				.headers(Responses::noStore)
				.bodyValue(
						Map.of("error", "Unauthorized", "message", "Send Authorization: Bearer <AUTH_ADMIN_SECRET>."));
		}
		return null;
	}

	private Mono<ServerResponse> answer(Mono<? extends Map<String, ?>> work) {
		return work
			.flatMap(body -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.headers(Responses::noStore)
				.bodyValue(body))
			.onErrorResume(DatabaseUnavailableException.class, ex -> Responses.error(HttpStatus.SERVICE_UNAVAILABLE,
					"DatabaseUnavailable", "PostgreSQL did not answer; nothing was changed. Try again."));
	}

	private boolean authorized(ServerRequest request) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		return MessageDigest.isEqual(this.secret, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
	}

}
