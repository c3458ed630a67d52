package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class EndedSessionStoreTests {

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final EndedSessionStore ended = new EndedSessionStore(postgres.database());

	@Test
	void recordWhenSameSessionTwiceThenOneRow() throws SQLException {
		String jti = UUID.randomUUID().toString();
		StepVerifier.create(this.ended.record(jti)).verifyComplete();
		StepVerifier.create(this.ended.record(jti)).verifyComplete();
		assertThat(count("session_id = '" + jti + "'")).isOne();
	}

	@Test
	void allWhenSessionsEndedThenEveryOneNotPurged() {
		String jti = UUID.randomUUID().toString();
		this.ended.record(jti).block();
		assertThat(this.ended.all().collectList().block()).contains(jti);
	}

	@Test
	void purgeWhenRowsOlderThanKeptThenOnlyThoseDeleted() throws SQLException {
		String old = UUID.randomUUID().toString();
		String recent = UUID.randomUUID().toString();
		this.ended.record(old).block();
		this.ended.record(recent).block();
		TestPostgres.execute(postgres.url(),
				"UPDATE auth.ended_sessions SET ended_at = now() - interval '10 minutes' WHERE session_id = '" + old
						+ "'");

		StepVerifier.create(this.ended.purge(Duration.ofMinutes(5))).expectNext(1L).verifyComplete();

		assertThat(count("session_id = '" + old + "'")).isZero();
		assertThat(count("session_id = '" + recent + "'")).isOne();
	}

	private static int count(String where) throws SQLException {
		try (var connection = TestPostgres.connect(postgres.url());
				var rows = connection.createStatement()
					.executeQuery("SELECT count(*) FROM auth.ended_sessions WHERE " + where)) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
