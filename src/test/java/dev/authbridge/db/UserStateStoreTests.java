package dev.authbridge.db;

import dev.authbridge.user.AccountState;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class UserStateStoreTests {

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final UserStateStore states = new UserStateStore(postgres.database());

	private final String user = "github|" + UUID.randomUUID();

	@Test
	void ofWhenNothingRecordedThenEpochZeroAndNoRoles() {
		StepVerifier.create(this.states.of(this.user)).expectNext(AccountState.NONE).verifyComplete();
	}

	@Test
	void ofWhenRolesGrantedAndEpochBumpedThenBothInOneAnswer() {
		RoleStore roles = new RoleStore(postgres.database());
		EpochStore epochs = new EpochStore(postgres.database());
		roles.grant(this.user, "viewer").then(roles.grant(this.user, "admin")).block();
		epochs.bump(this.user).then(epochs.bump(this.user)).block();
		StepVerifier.create(this.states.of(this.user))
			.expectNext(new AccountState(List.of("admin", "viewer"), 2))
			.verifyComplete();
	}

	@Test
	void ofWhenOnlyEpochBumpedThenNoRoles() {
		new EpochStore(postgres.database()).bump(this.user).block();
		StepVerifier.create(this.states.of(this.user)).expectNext(new AccountState(List.of(), 1)).verifyComplete();
	}

}
