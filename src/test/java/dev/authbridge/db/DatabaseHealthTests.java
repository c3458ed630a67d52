package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import reactor.test.StepVerifier;

class DatabaseHealthTests {

	@Test
	void healthWhenSchemaInPlaceThenUp() {
		try (Database database = TestPostgres.migrated(TestPostgres.freshDatabase())) {
			StepVerifier.create(new DatabaseHealth(database).health())
				.assertNext(health -> assertThat(health.getStatus()).isEqualTo(Status.UP))
				.verifyComplete();
		}
	}

	@Test
	void healthWhenSchemaNotInPlaceThenOutOfServiceWithReasonAndNoUrl() {
		String url = TestPostgres.freshDatabase();
		try (Database database = new Database(TestPostgres.decide(url))) {
			StepVerifier.create(new DatabaseHealth(database).health()).assertNext(health -> {
				assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(health.getDetails()).containsOnlyKeys("reason");
				assertThat(health.getDetails().get("reason").toString()).startsWith("schema auth not in place yet")
					.doesNotContain(url);
			}).verifyComplete();
		}
	}

}
