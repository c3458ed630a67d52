package dev.authbridge.db;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class RoleStoreTests {

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final RoleStore roles = new RoleStore(postgres.database());

	private final String user = "github|" + UUID.randomUUID();

	@Test
	void rolesWhenNoneGrantedThenEmpty() {
		StepVerifier.create(this.roles.roles(this.user)).expectNext(List.of()).verifyComplete();
	}

	@Test
	void grantWhenGrantedTwiceThenHeldOnce() {
		StepVerifier.create(this.roles.grant(this.user, "editor")).verifyComplete();
		StepVerifier.create(this.roles.grant(this.user, "editor")).verifyComplete();
		StepVerifier.create(this.roles.roles(this.user)).expectNext(List.of("editor")).verifyComplete();
	}

	@Test
	void rolesWhenSeveralGrantedThenSorted() {
		StepVerifier
			.create(this.roles.grant(this.user, "viewer")
				.then(this.roles.grant(this.user, "admin"))
				.then(this.roles.grant(this.user, "editor"))
				.then(this.roles.roles(this.user)))
			.expectNext(List.of("admin", "editor", "viewer"))
			.verifyComplete();
	}

	@Test
	void revokeWhenGrantedThenTrueAndGone() {
		this.roles.grant(this.user, "editor").then(this.roles.grant(this.user, "viewer")).block();
		StepVerifier.create(this.roles.revoke(this.user, "editor")).expectNext(true).verifyComplete();
		StepVerifier.create(this.roles.roles(this.user)).expectNext(List.of("viewer")).verifyComplete();
	}

	@Test
	void revokeWhenNotGrantedThenFalse() {
		StepVerifier.create(this.roles.revoke(this.user, "editor")).expectNext(false).verifyComplete();
		this.roles.grant(this.user, "editor").then(this.roles.revoke(this.user, "editor")).block();
		StepVerifier.create(this.roles.revoke(this.user, "editor")).expectNext(false).verifyComplete();
	}

	@Test
	void grantWhenAnotherUserThenTheirsOnly() {
		String other = "credentials|" + UUID.randomUUID();
		this.roles.grant(other, "admin").block();
		StepVerifier.create(this.roles.roles(this.user)).expectNext(List.of()).verifyComplete();
		StepVerifier.create(this.roles.revoke(this.user, "admin")).expectNext(false).verifyComplete();
		StepVerifier.create(this.roles.roles(other)).expectNext(List.of("admin")).verifyComplete();
	}

}
