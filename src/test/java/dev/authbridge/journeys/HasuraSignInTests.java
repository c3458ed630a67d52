package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.hasura.TestDatabase;
import dev.authbridge.journeys.Browser.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in with Hasura configured, against the {@link HasuraStandIn} writing to real
 * PostgreSQL: the shadow user is inserted, then updated, its id is the session's; a
 * refused admin secret ends on the error page without a session. Hasura down, slow or
 * answering errors: {@link HasuraFaultTests}.
 */
@FlowTest
class HasuraSignInTests extends HasuraFlowTest {

	@Test
	void callbackWhenFirstSignInThenUserInsertedAndItsIdIsSubAndHasuraUserId(Browser browser) throws Exception {
		Page landed = browser.signIn("github", "/");

		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
		assertThat(TestDatabase.user(OCTOCAT)).containsEntry("name", "The Octocat")
			.containsEntry("email", "octocat@github.com")
			.containsEntry("image", "https://avatars.githubusercontent.com/u/583231?v=4");
		Map<String, Object> claims = accessTokenClaims(browser);
		assertThat(claims).containsEntry("sub", OCTOCAT);
		assertThat(hasuraClaims(claims)).containsEntry("x-hasura-user-id", OCTOCAT);
		assertThat(browser.session()).extracting("user.id").isEqualTo(OCTOCAT);
	}

	@Test
	void callbackWhenSignedInBeforeThenSameRowUpdated(Browser browser) throws Exception {
		browser.signIn("github", "/");
		TestDatabase.execute("UPDATE public.users SET name = 'Old Name', last_seen_at = now() - interval '1 day' "
				+ "WHERE id = '" + OCTOCAT + "'");
		Map<String, Object> before = TestDatabase.user(OCTOCAT);

		assertThat(new Browser(this.port).signIn("github", "/").sets(SESSION_COOKIE)).isTrue();

		Map<String, Object> after = TestDatabase.user(OCTOCAT);
		assertThat(after).containsEntry("name", "The Octocat").containsEntry("created_at", before.get("created_at"));
		assertThat((Timestamp) after.get("last_seen_at")).isAfter((Timestamp) before.get("last_seen_at"));
	}

	@Test
	void callbackWhenHasuraRefusesAdminSecretThenHasuraRejectedWithoutSession(Browser browser) throws Exception {
		this.hasura.adminSecret("rotated-admin-secret");

		assertFailed(browser.signIn("github", "/"), "Callback", "hasura_rejected");
		assertThat(TestDatabase.user(OCTOCAT)).isEmpty();
	}

	@Test
	void callbackWhenUpsertAnsweredOrRefusedOrLateThenTimedByOutcome() {
		String upserts = "authbridge_hasura_upsert_seconds_count{outcome=\"%s\"}";
		double success = Prometheus.sample(this.port, upserts.formatted("success"));
		double rejected = Prometheus.sample(this.port, upserts.formatted("hasura_rejected"));
		double unavailable = Prometheus.sample(this.port, upserts.formatted("hasura_unavailable"));

		new Browser(this.port).signIn("github", "/");
		this.hasura.answerError("constraint-violation", "Uniqueness violation. duplicate key value");
		new Browser(this.port).signIn("github", "/");
		this.hasura.reset();
		this.hasura.delay(Duration.ofSeconds(2));
		new Browser(this.port).signIn("github", "/");

		assertThat(Prometheus.sample(this.port, upserts.formatted("success"))).isEqualTo(success + 1);
		assertThat(Prometheus.sample(this.port, upserts.formatted("hasura_rejected"))).isEqualTo(rejected + 1);
		assertThat(Prometheus.sample(this.port, upserts.formatted("hasura_unavailable"))).isEqualTo(unavailable + 1);
	}

	@Test
	void callbackWhenDocumentSelectsRolesThenTheyAreAllowedRoles(@TempDir Path dir) throws Exception {
		Path document = Files.writeString(dir.resolve("upsertUser.graphql"),
				"""
						mutation upsertUser($user: users_insert_input!) {
						  insert_users_one(object: $user, on_conflict: {constraint: users_pkey, update_columns: [name, last_seen_at]}) {
						    id
						    roles { role }
						  }
						}
						""");
		TestDatabase.execute("INSERT INTO public.users (id) VALUES ('" + OCTOCAT + "'); "
				+ "INSERT INTO public.user_roles VALUES ('" + OCTOCAT + "', 'moderator')");
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(Upstreams.hasuraProperties());
		properties.addAll(List.of("AUTH_HASURA_UPSERT_DOCUMENT=" + document, "AUTH_HASURA_ALLOWED_ROLES=editor"));
		try (BridgeInstance bridge = BridgeInstance.start(properties)) {
			Browser browser = new Browser(bridge.port());
			assertThat(browser.signIn("github", "/").sets(SESSION_COOKIE)).isTrue();

			assertThat(hasuraClaims(accessTokenClaims(browser))).containsEntry("x-hasura-allowed-roles",
					List.of("user", "editor", "moderator"));
		}
		assertThat(TestDatabase.user(OCTOCAT)).containsEntry("name", "The Octocat").containsEntry("email", null);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> hasuraClaims(Map<String, Object> claims) {
		return (Map<String, Object>) claims.get("https://hasura.io/jwt/claims");
	}

	private static Map<String, Object> accessTokenClaims(Browser browser) throws Exception {
		return SignedJWT.parse((String) browser.session().get("accessToken")).getJWTClaimsSet().toJSONObject();
	}

}
