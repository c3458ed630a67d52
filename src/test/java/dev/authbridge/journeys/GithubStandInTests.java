package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.journeys.GithubStandIn.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

/**
 * The stand-in answers as GitHub does, including where the bridge's happy path never
 * looks.
 */
class GithubStandInTests {

	static final GithubStandIn github = Upstreams.github();

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void accessTokenWhenAcceptJsonThenJsonWithBearerTypeAndCommaSeparatedScope() throws Exception {
		HttpResponse<String> response = token("code=" + Account.OCTOCAT.code,
				GithubStandIn.basicAuthorization(GithubStandIn.CLIENT_SECRET), true);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
		assertThat(response.body()).isEqualTo("{\"access_token\":\"" + Account.OCTOCAT.accessToken()
				+ "\",\"token_type\":\"bearer\",\"scope\":\"read:user,user:email\"}\n");
	}

	@Test
	void accessTokenWhenNoAcceptAndCredentialsInFormThenFormEncoded() throws Exception {
		HttpResponse<String> response = token("client_id=" + GithubStandIn.CLIENT_ID + "&client_secret="
				+ GithubStandIn.CLIENT_SECRET + "&code=" + Account.OCTOCAT.code, null, false);

		assertThat(response.body()).isEqualTo("access_token=" + Account.OCTOCAT.accessToken()
				+ "&token_type=bearer&scope=read%3Auser%2Cuser%3Aemail");
	}

	@Test
	void accessTokenWhenCodeUnknownThenHttp200WithBadVerificationCode() throws Exception {
		HttpResponse<String> response = token("code=0000aaaa1111bbbb2222",
				GithubStandIn.basicAuthorization(GithubStandIn.CLIENT_SECRET), true);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"error\":\"bad_verification_code\"");
	}

	@Test
	void accessTokenWhenSecretWrongThenHttp200WithIncorrectClientCredentials() throws Exception {
		HttpResponse<String> response = token("code=" + Account.OCTOCAT.code, GithubStandIn.basicAuthorization("wrong"),
				true);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"error\":\"incorrect_client_credentials\"");
	}

	@Test
	void userWhenTokenUnknownThenBadCredentials() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(github.apiUrl() + "/user"))
			.header("Authorization", "Bearer gho_unknown")
			.build(), BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"message\": \"Bad credentials\"");
	}

	private HttpResponse<String> token(String form, String authorization, boolean json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(github.baseUrl() + "/login/oauth/access_token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (json) {
			request.header("Accept", "application/json");
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
