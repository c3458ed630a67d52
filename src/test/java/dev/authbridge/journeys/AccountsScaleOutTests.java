package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.RawHttp.Answer;
import dev.authbridge.db.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Two bridge instances on one PostgreSQL, as behind a load balancer: the attempt limit
 * counts attempts on both, even sent to both at once, and a sign-out everywhere on one is
 * honoured by the other within seconds, with nothing shared but the database and the
 * secrets.
 */
class AccountsScaleOutTests {

	static BridgeInstance first;

	static BridgeInstance second;

	@BeforeAll
	static void twoInstances() throws Exception {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.add("DATABASE_URL=" + TestPostgres.freshDatabase());
		first = Accounts.withDatabase(properties);
		second = Accounts.withDatabase(properties);
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
	}

	@Test
	void attemptsWhenSpreadOverBothInstancesThenTheLimitCountsThemAll() {
		Accounts.signUp(new Browser(first.port()), "ada@example.com", Accounts.PASSWORD, null, true);
		Browser attacker = new Browser(first.port());
		for (int i = 0; i < 5; i++) {
			attacker.routeTo(i % 2 == 0 ? first.port() : second.port());
			assertThat(Accounts.signIn(attacker, "ada@example.com", "guess " + i, true).status())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		attacker.routeTo(second.port());
		assertThat(Accounts.signIn(attacker, "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		attacker.routeTo(first.port());
		assertThat(Accounts.signIn(attacker, "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void attemptsWhenABurstHitsBothInstancesAtOnceThenStillOnlyTheLimitIsChecked() {
		Accounts.signUp(new Browser(first.port()), "grace@example.com", Accounts.PASSWORD, null, true);
		List<String> guesses = IntStream.range(0, 30).mapToObj(i -> "guess " + i).toList();

		List<CompletableFuture<Answer>> onFirst = new Burst(first.port()).signIns("grace@example.com", guesses);
		List<CompletableFuture<Answer>> onSecond = new Burst(second.port()).signIns("grace@example.com", guesses);

		List<Integer> statuses = Stream.concat(Burst.answered(onFirst).stream(), Burst.answered(onSecond).stream())
			.map(Answer::status)
			.toList();
		assertThat(statuses).containsOnly(401, 429);
		assertThat(statuses).filteredOn(status -> status == 401).hasSizeBetween(1, 5);
	}

	@Test
	void signoutEverywhereOnOneInstanceThenTheOtherStopsHonouringOlderSessionsWithinFiveSeconds() throws Exception {
		Browser laptop = new Browser(first.port());
		Accounts.signUp(laptop, "grace@example.com", Accounts.PASSWORD, null, true);
		Browser phone = new Browser(second.port());
		Accounts.signIn(phone, "grace@example.com", Accounts.PASSWORD, true);
		assertThat(phone.session()).containsKey("user");

		assertThat(laptop.submit("/api/auth/signout", Map.of("csrfToken", laptop.csrfToken(), "all", "true"))
			.clears(SESSION_COOKIE)).isTrue();
		Instant signedOut = Instant.now();

		while (!phone.session().isEmpty()) {
			assertThat(Duration.between(signedOut, Instant.now())).isLessThan(Duration.ofSeconds(5));
			Thread.sleep(100);
		}
		Browser phoneAgain = new Browser(second.port());
		Accounts.signIn(phoneAgain, "grace@example.com", Accounts.PASSWORD, true);
		assertThat(phoneAgain.session()).as("a sign-in after the sign-out everywhere").containsKey("user");
	}

}
