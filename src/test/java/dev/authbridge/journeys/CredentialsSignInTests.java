package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp.Answer;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.hasura.TestDatabase;
import dev.authbridge.journeys.Browser.Page;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * E-mail + password over real HTTP, with the bridge's tables in real PostgreSQL and the
 * shadow users in the {@link HasuraStandIn}: sign-up, NextAuth's credentials sign-in, the
 * attempt limits, granted roles, the admin API and sign-out everywhere, each asserted as
 * a browser or an SPA sees it and as the rows show it; and none of it logs a password, an
 * address or a secret.
 */
@FlowTest
@ExtendWith(OutputCaptureExtension.class)
class CredentialsSignInTests {

	static final String DATABASE = TestPostgres.freshDatabase();

	final HasuraStandIn hasura = Upstreams.hasura();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Upstreams.hasuraProperties(registry);
		registry.add("DATABASE_URL", () -> DATABASE);
		registry.add("AUTH_ADMIN_SECRET", () -> Accounts.ADMIN_SECRET);
		registry.add("AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS", () -> "8");
	}

	@BeforeEach
	void emptyTables() throws Exception {
		Accounts.awaitDatabase(this.port, Duration.ofSeconds(20));
		this.hasura.reset();
		TestPostgres.execute(DATABASE, "DELETE FROM auth.accounts; DELETE FROM auth.sign_in_attempts; "
				+ "DELETE FROM auth.user_roles; DELETE FROM auth.session_epochs");
	}

	@Test
	void providersWhenDatabaseSetThenCredentialsListedAsNextAuthDoes(Browser browser) {
		Page providers = browser.visit(URI.create(BridgeTest.URL + "/api/auth/providers"));

		assertThat(providers.json()).containsEntry("credentials",
				Map.of("id", "credentials", "name", "Email", "type", "credentials", "signinUrl",
						BridgeTest.URL + "/api/auth/signin/credentials", "callbackUrl",
						BridgeTest.URL + "/api/auth/callback/credentials"));
	}

	@Test
	void signinWhenPostedForCredentialsThenToTheSigninPageAsNextAuthDoes(Browser browser) {
		Page answer = browser.submit("/api/auth/signin/credentials",
				Map.of("csrfToken", browser.csrfToken(), "callbackUrl", "/"));

		assertThat(answer.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(answer.location()).hasToString(BridgeTest.URL + "/api/auth/signin");
	}

	@Test
	void signinPageWhenCredentialsOnThenSignInAndSignUpForms(Browser browser) {
		String page = browser.visit(URI.create(BridgeTest.URL + "/api/auth/signin")).body();

		assertThat(page).contains("action=\"" + BridgeTest.URL + "/api/auth/callback/credentials\"")
			.contains("action=\"" + BridgeTest.URL + "/api/auth/signup\"")
			.contains("autocomplete=\"current-password\"")
			.contains("autocomplete=\"new-password\"");
	}

	@Test
	void signupWhenNewAddressThenAccountShadowUserAndSession(Browser browser) throws Exception {
		Page answer = Accounts.signUp(browser, "  Ada@Example.COM ", Accounts.PASSWORD, "Ada Lovelace", false);

		assertThat(answer.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(answer.location()).hasToString(BridgeTest.URL + "/welcome");
		assertThat(answer.sets(SESSION_COOKIE)).isTrue();
		List<Map<String, Object>> accounts = Accounts.rows(DATABASE, "SELECT * FROM auth.accounts");
		assertThat(accounts).singleElement().satisfies(account -> {
			assertThat(account).containsEntry("email", "ada@example.com").containsEntry("name", "Ada Lovelace");
			assertThat((String) account.get("password_hash")).startsWith("{bcrypt}$2")
				.doesNotContain(Accounts.PASSWORD);
		});
		String userId = "credentials|" + accounts.get(0).get("id");
		assertThat(browser.session()).extracting("user.id", "user.email", "user.name")
			.containsExactly(userId, "ada@example.com", "Ada Lovelace");
		assertThat(TestDatabase.user(userId)).containsEntry("email", "ada@example.com");
	}

	@Test
	void signupWhenAddressTakenInAnotherCaseThen409AndStillOneAccount(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, true);
		Browser other = new Browser(this.port);

		Page again = Accounts.signUp(other, "ADA@example.com", "another strong passphrase", null, true);

		assertThat(again.status()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/signin?error=Signup&reason=email_taken");
		assertThat(again.sets(SESSION_COOKIE)).isFalse();
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.accounts")).hasSize(1);
	}

	@ParameterizedTest
	@CsvSource({ "not-an-address, correct horse battery staple, '', email_invalid",
			"ada@example.com, short1, '', password_too_short", "ada@example.com, iloveyou, '', password_common",
			"ada@example.com, Baseball1, '', password_common",
			"ada@example.com, 'ééééééééééééééééééééééééééééééééééééé', '', password_too_long",
			"ada@example.com, correct horse battery staple, "
					+ "'Ada Lovelace Ada Lovelace Ada Lovelace Ada Lovelace Ada Lovelace Ada Lovelace Ada Lovelace Ada "
					+ "Lovelace', name_too_long" })
	void signupWhenInputRefusedThen400WithReasonAndNothingStored(String email, String password, String name,
			String reason) throws Exception {
		Browser browser = new Browser(this.port);

		Page answer = Accounts.signUp(browser, email, password, name, true);

		assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(answer.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/signin?error=Signup&reason=" + reason);
		assertThat(answer.sets(SESSION_COOKIE)).isFalse();
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.accounts")).isEmpty();
	}

	@Test
	void signupWhenFormHasCommonPasswordThenSigninPageExplainsIt(Browser browser) {
		Page answer = Accounts.signUp(browser, "ada@example.com", "password1", null, false);

		assertThat(answer.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(answer.param("error")).isEqualTo("Signup");
		assertThat(answer.param("reason")).isEqualTo("password_common");
		assertThat(browser.visit(answer.location()).body()).contains("among the most common")
			.contains("<details id=\"signup\" open>");
	}

	@Test
	void signupWhenCsrfTokenWrongThenSigninWithCsrfAndNoAccount(Browser browser) throws Exception {
		browser.csrfToken();
		Page answer = browser.submit("/api/auth/signup",
				Map.of("csrfToken", "0".repeat(64), "email", "ada@example.com", "password", Accounts.PASSWORD));

		assertThat(answer.location()).hasToString(BridgeTest.URL + "/api/auth/signin?csrf=true");
		assertThat(answer.sets(SESSION_COOKIE)).isFalse();
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.accounts")).isEmpty();
	}

	@Test
	void signupWhenHasuraRefusesThenNoAccountKeptAndNoSession(Browser browser) throws Exception {
		this.hasura.adminSecret("another-admin-secret");

		Page answer = Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);

		assertThat(answer.location().getPath()).isEqualTo("/api/auth/error");
		assertThat(answer.param("reason")).isEqualTo("hasura_rejected");
		assertThat(answer.sets(SESSION_COOKIE)).isFalse();
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.accounts")).isEmpty();
		this.hasura.reset();
		assertThat(Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, false)
			.sets(SESSION_COOKIE)).as("the address is free to sign up with once Hasura is back").isTrue();
	}

	@Test
	void callbackWhenRightPasswordThenSessionAsNextAuthAnswersJson(Browser browser) throws Exception {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, "Ada", true);

		Page answer = Accounts.signIn(browser, "ADA@example.com ", Accounts.PASSWORD, true);

		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.json()).isEqualTo(Map.of("url", BridgeTest.URL + "/welcome"));
		assertThat(answer.sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session()).extracting("user.email").isEqualTo("ada@example.com");
	}

	@Test
	void callbackWhenWrongPasswordOrUnknownAddressThenSame401CredentialsSignin(Browser browser) {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);

		Page wrongPassword = Accounts.signIn(browser, "ada@example.com", "not the password", true);
		Page unknownAddress = Accounts.signIn(browser, "bob@example.com", "not the password", true);

		for (Page answer : List.of(wrongPassword, unknownAddress)) {
			assertThat(answer.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(answer.json()).isEqualTo(Map.of("url",
					BridgeTest.URL + "/api/auth/signin?error=CredentialsSignin&reason=wrong_credentials"));
			assertThat(answer.sets(SESSION_COOKIE)).isFalse();
		}
		assertThat(browser.session()).isEmpty();
	}

	@Test
	void callbackWhenFormHasWrongPasswordThenBackToSigninPageWithTheError(Browser browser) {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);

		Page answer = Accounts.signIn(browser, "ada@example.com", "not the password", false);

		assertThat(answer.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(answer.location())
			.hasToString(BridgeTest.URL + "/api/auth/signin?error=CredentialsSignin&reason=wrong_credentials");
		assertThat(browser.visit(answer.location()).body()).contains("e-mail address and password are correct");
	}

	@Test
	void callbackWhenAddressHasNoAccountThenAnswerTakesAsLongAsForAWrongPassword(Browser browser) throws Exception {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		List<Long> wrongPassword = new ArrayList<>();
		List<Long> unknownAddress = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			TestPostgres.execute(DATABASE, "DELETE FROM auth.sign_in_attempts");
			wrongPassword.add(timed(() -> Accounts.signIn(browser, "ada@example.com", "not the password", true)));
			unknownAddress.add(timed(() -> Accounts.signIn(browser, "nobody@example.com", "not the password", true)));
		}

		// a bcrypt comparison takes tens of milliseconds; without the decoy comparison
		// the unknown address would
		// answer in a few
		assertThat(median(unknownAddress)).isGreaterThan(median(wrongPassword) / 2);
	}

	@Test
	void callbackWhenFiveFailuresForOneAddressThen429WithRetryAfterEvenForTheRightPassword(Browser browser) {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		for (int i = 0; i < 5; i++) {
			assertThat(Accounts.signIn(browser, "ada@example.com", "guess " + i, true).status())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		Page limited = Accounts.signIn(browser, "ada@example.com", Accounts.PASSWORD, true);

		assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Long.parseLong(limited.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(800L, 900L);
		assertThat(limited.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/signin?error=CredentialsSignin&reason=too_many_attempts");
		assertThat(limited.sets(SESSION_COOKIE)).isFalse();
		assertThat(Accounts.signIn(browser, "bob@example.com", "a guess", true).status())
			.as("other addresses are not limited by ada's count")
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void callbackWhenOneClientFailsForManyAddressesThen429(Browser browser) {
		for (int i = 0; i < 8; i++) {
			assertThat(Accounts.signIn(browser, "user" + i + "@example.com", "a guess", true).status())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		assertThat(Accounts.signIn(browser, "user9@example.com", "a guess", true).status())
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void callbackWhenHundredWrongPasswordsAtOnceThenAtMostFive401AndTheRest429() {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		List<String> guesses = IntStream.range(0, 100).mapToObj(i -> "guess " + i).toList();

		List<Answer> answers = Burst.answered(new Burst(this.port).signIns("ada@example.com", guesses));

		Map<Integer, Long> statuses = answers.stream()
			.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		assertThat(statuses.getOrDefault(401, 0L)).as("statuses %s", statuses).isBetween(1L, 5L);
		assertThat(statuses.getOrDefault(401, 0L) + statuses.getOrDefault(429, 0L)).as("statuses %s", statuses)
			.isEqualTo(100);
		assertThat(answers).filteredOn(answer -> answer.status() == 429)
			.allSatisfy(
					answer -> assertThat(Long.parseLong(answer.first(HttpHeaders.RETRY_AFTER))).isBetween(1L, 900L));
	}

	@Test
	void callbackWhenRightPasswordArrivesDuringABurstPastTheLimitThen429AndNoSession() {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		Burst burst = new Burst(this.port);
		List<CompletableFuture<Answer>> guesses = burst.signIns("ada@example.com",
				IntStream.range(0, 29).mapToObj(i -> "guess " + i).toList());
		// sent while the burst is in flight: its first answer comes once the limit is
		// used up, or a hash later
		CompletableFuture.anyOf(guesses.toArray(CompletableFuture[]::new)).join();

		Answer right = burst.post(Burst.SIGN_IN, Map.of("email", "ada@example.com", "password", Accounts.PASSWORD));

		assertThat(right.status()).isEqualTo(429);
		assertThat(Burst.signedIn(right)).isFalse();
		assertThat(guesses.stream().map(CompletableFuture::join).filter(answer -> answer.status() == 401))
			.hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void callbackWhenOneAddressSignsInRightMoreOftenThanItsLimitThenNeverLimited() {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);

		for (int i = 0; i < 12; i++) {
			assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, true)
				.sets(SESSION_COOKIE)).as("sign-in %d of 12 against an address limit of 8", i + 1).isTrue();
		}
	}

	@Test
	void signupWhenMoreThanTenFromOneAddressThen429WithRetryAfterAndNoAccount() throws Exception {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		for (int i = 1; i < 10; i++) {
			assertThat(
					Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true).status())
				.isEqualTo(HttpStatus.CONFLICT);
		}

		Page limited = Accounts.signUp(new Browser(this.port), "grace@example.com", Accounts.PASSWORD, null, true);
		Browser person = new Browser(this.port);
		Page form = Accounts.signUp(person, "grace@example.com", Accounts.PASSWORD, null, false);

		assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Long.parseLong(limited.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(3500L, 3600L);
		assertThat(limited.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/signin?error=Signup&reason=too_many_signups");
		assertThat(limited.sets(SESSION_COOKIE)).isFalse();
		assertThat(form.location())
			.hasToString(BridgeTest.URL + "/api/auth/signin?error=Signup&reason=too_many_signups");
		assertThat(person.visit(form.location()).body()).contains("Too many accounts were created from your network");
		assertThat(Accounts.rows(DATABASE, "SELECT email FROM auth.accounts")).hasSize(1);
	}

	@Test
	void callbackWhenSignedInAfterFailuresThenAddressCountCleared(Browser browser) throws Exception {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		Accounts.signIn(browser, "ada@example.com", "a guess", true);

		assertThat(Accounts.signIn(browser, "ada@example.com", Accounts.PASSWORD, true).sets(SESSION_COOKIE)).isTrue();

		assertThat(Accounts.rows(DATABASE, "SELECT key FROM auth.sign_in_attempts"))
			.extracting(row -> (String) row.get("key"))
			.noneMatch(key -> key.startsWith("email:"));
	}

	@Test
	void adminWhenRoleGrantedThenInAllowedRolesFromTheNextSignIn(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, true);
		String userId = (String) ((Map<?, ?>) browser.session().get("user")).get("id");

		admin().put()
			.uri("/api/auth/admin/users/{id}/roles/{role}", userId, "editor")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo(userId)
			.jsonPath("$.roles")
			.isEqualTo(List.of("editor"));
		assertThat(allowedRoles(browser)).as("the session signed before the grant").containsExactly("user");

		Browser next = new Browser(this.port);
		Accounts.signIn(next, "ada@example.com", Accounts.PASSWORD, true);
		assertThat(allowedRoles(next)).containsExactly("user", "editor");
	}

	@Test
	void adminWhenRoleRevokedThenUsersSessionsEnd(Browser browser) throws Exception {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);
		Accounts.signIn(browser, "ada@example.com", Accounts.PASSWORD, true);
		String userId = (String) ((Map<?, ?>) browser.session().get("user")).get("id");
		admin().put().uri("/api/auth/admin/users/{id}/roles/editor", userId).exchange().expectStatus().isOk();

		admin().delete()
			.uri("/api/auth/admin/users/{id}/roles/editor", userId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles")
			.isEmpty();

		assertThat(browser.session()).isEmpty();
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.user_roles")).isEmpty();
	}

	@Test
	void adminWhenSecretMissingOrWrongThen401AndNothingChanged() throws Exception {
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		http.put()
			.uri("/api/auth/admin/users/{id}/roles/admin", "github|1")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"authbridge-admin\"");
		http.put()
			.uri("/api/auth/admin/users/{id}/roles/admin", "github|1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Accounts.ADMIN_SECRET + "x")
			.exchange()
			.expectStatus()
			.isUnauthorized();

		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.user_roles")).isEmpty();
	}

	@Test
	void adminWhenRoleIsNoHasuraRoleNameThen400() {
		admin().put()
			.uri("/api/auth/admin/users/{id}/roles/{role}", "github|1", "admin role!")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("InvalidRole");
	}

	@Test
	void adminSignOutThenEverySessionOfTheUserEnds(Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, true);
		String userId = (String) ((Map<?, ?>) browser.session().get("user")).get("id");

		admin().post()
			.uri("/api/auth/admin/users/{id}/signout", userId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.epoch")
			.isEqualTo(1);

		assertThat(browser.session()).isEmpty();
	}

	@Test
	void signoutWhenAllThenSessionsOnOtherDevicesEndAndNewSignInWorks(Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, true);
		Browser otherDevice = new Browser(this.port);
		Accounts.signIn(otherDevice, "ada@example.com", Accounts.PASSWORD, true);

		Page signedOut = browser.submit("/api/auth/signout",
				Map.of("csrfToken", browser.csrfToken(), "all", "true", "callbackUrl", BridgeTest.URL + "/bye"));

		assertThat(signedOut.location()).hasToString(BridgeTest.URL + "/bye");
		assertThat(signedOut.clears(SESSION_COOKIE)).isTrue();
		assertThat(otherDevice.session()).isEmpty();
		Browser later = new Browser(this.port);
		Accounts.signIn(later, "ada@example.com", Accounts.PASSWORD, true);
		assertThat(later.session()).containsKey("user");
	}

	@Test
	void signoutWhenNotAllThenOtherDevicesStaySignedIn(Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, true);
		Browser otherDevice = new Browser(this.port);
		Accounts.signIn(otherDevice, "ada@example.com", Accounts.PASSWORD, true);

		browser.submit("/api/auth/signout", Map.of("csrfToken", browser.csrfToken()));

		assertThat(otherDevice.session()).containsKey("user");
	}

	@Test
	void credentialsWhenSignedUpFailedLimitedAndAdministeredThenNoPasswordAddressOrSecretLogged(Browser browser,
			CapturedOutput output) {
		String wrong = "wrong-password-that-must-not-be-logged";
		Accounts.signUp(browser, "grace.hopper@example.com", Accounts.PASSWORD, null, true);
		Accounts.signUp(new Browser(this.port), "grace.hopper@example.com", Accounts.PASSWORD, null, false);
		for (int i = 0; i < 6; i++) {
			Accounts.signIn(new Browser(this.port), "grace.hopper@example.com", wrong, i % 2 == 0);
		}
		admin().get().uri("/api/auth/admin/users/{id}/roles", "credentials|x").exchange().expectStatus().isOk();

		assertThat(output).contains("reason=too_many_attempts").contains("reason=email_taken");
		assertThat(List.of(Accounts.PASSWORD, wrong, "grace.hopper", Accounts.ADMIN_SECRET,
				browser.cookies().get(SESSION_COOKIE)))
			.allSatisfy(secret -> assertThat(output.getAll()).doesNotContain(secret));
	}

	private WebTestClient admin() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + Accounts.ADMIN_SECRET)
			.build();
	}

	@SuppressWarnings("unchecked")
	private static List<String> allowedRoles(Browser browser) throws Exception {
		Map<String, Object> claims = SignedJWT.parse((String) browser.session().get("accessToken"))
			.getJWTClaimsSet()
			.toJSONObject();
		return (List<String>) ((Map<String, Object>) claims.get("https://hasura.io/jwt/claims"))
			.get("x-hasura-allowed-roles");
	}

	private static long timed(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return System.nanoTime() - start;
	}

	private static long median(List<Long> values) {
		return values.stream().sorted().toList().get(values.size() / 2);
	}

}
