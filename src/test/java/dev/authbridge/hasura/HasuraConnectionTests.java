package dev.authbridge.hasura;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HasuraConnectionTests {

	private static final String ENDPOINT = "http://hasura:8080/v1/graphql";

	private final List<String> problems = new ArrayList<>();

	@Test
	void decideWhenNoEndpointThenNoConnectionAndNoProblem() {
		assertThat(HasuraConnection.decide(" ", null, Duration.ofSeconds(5), null, this.problems)).isEmpty();
		assertThat(this.problems).isEmpty();
	}

	@Test
	void decideWhenNoDocumentThenBuiltInUpsert() {
		HasuraConnection connection = HasuraConnection
			.decide(ENDPOINT, "admin", Duration.ofSeconds(5), "", this.problems)
			.orElseThrow();

		assertThat(connection.upsertDocument()).contains("insert_users_one(object: $user, on_conflict: "
				+ "{constraint: users_pkey, update_columns: [name, email, image, last_seen_at]}) {");
		assertThat(connection).hasToString("HasuraConnection[" + ENDPOINT + "]");
	}

	@Test
	void decideWhenDocumentFileThenItReplacesBuiltIn(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("upsert.graphql"),
				"mutation upsertUser($user: accounts_insert_input!) { x }");

		assertThat(HasuraConnection.decide(ENDPOINT, "admin", Duration.ofSeconds(5), file.toString(), this.problems)
			.orElseThrow()
			.upsertDocument()).startsWith("mutation upsertUser($user: accounts_insert_input!)");
	}

	@Test
	void decideWhenDocumentUnreadableThenProblemSayingWhatToSet() {
		assertThat(HasuraConnection.decide(ENDPOINT, "admin", Duration.ofSeconds(5), "/nonexistent/upsert.graphql",
				this.problems))
			.isEmpty();
		assertThat(this.problems).singleElement()
			.asString()
			.startsWith("AUTH_HASURA_UPSERT_DOCUMENT /nonexistent/upsert.graphql cannot be read");
	}

}
