package dev.authbridge.hasura;

import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.user.UserProfile;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Every sign-in upserts the shadow user {@code {id: "<provider>|<account id>", name,
 * email, image, last_seen_at}} before any session exists; the {@code id} Hasura answers
 * becomes {@code sub} and {@code x-hasura-user-id}, and the answer may add roles
 * ({@link AnsweredRoles}). A failed upsert fails the sign-in.
 */
public final class HasuraUserDirectory implements UserDirectory {

	private final HasuraGateway gateway;

	private final HasuraRoles roles;

	private final Clock clock;

	private final UpsertTimer timer;

	public HasuraUserDirectory(HasuraGateway gateway, HasuraRoles roles, Clock clock, MeterRegistry registry) {
		this.gateway = gateway;
		this.roles = roles;
		this.clock = clock;
		this.timer = new UpsertTimer(registry);
	}

	@Override
	public Mono<SessionUser> signIn(UserProfile profile) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", profile.userId());
		user.put("name", profile.name());
		user.put("email", profile.email());
		user.put("image", profile.image());
		user.put("last_seen_at", this.clock.instant().toString());
		return this.timer.time(this.gateway.upsertUser(user).flatMap(answer -> {
			Object id = answer.get("id");
			if (!(id instanceof String || id instanceof Number) || id.toString().isBlank()) {
				return Mono.error(new SignInFailure(Reason.HASURA_REJECTED));
			}
			return Mono.just(new SessionUser(id.toString(), profile.name(), profile.email(), profile.image(),
					profile.provider(), AnsweredRoles.of(this.roles, answer), profile.emailVerified()));
		}));
	}

}
