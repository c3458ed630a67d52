package dev.authbridge.journeys;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for GitHub, not GitHub: WireMock on 127.0.0.1 answering GitHub's OAuth app
 * endpoints ({@code /login/oauth/authorize}, {@code /login/oauth/access_token}) and REST
 * API ({@code /api/v3/user}, {@code /api/v3/user/emails}, laid out as on GitHub
 * Enterprise Server) in GitHub's wire format, with the payloads in
 * {@code src/test/resources/providers/github}. What it copies from GitHub: the token
 * endpoint answers JSON only when asked with {@code Accept: application/json}
 * (form-encoded otherwise), answers an unknown code and wrong client credentials with
 * HTTP 200 and an {@code error} member, accepts client credentials in a Basic header or
 * the form; the API takes {@code Bearer} or {@code token} authorization and answers 401
 * "Bad credentials" otherwise. What it leaves out: the consent page (authorize approves
 * at once) and checking the PKCE verifier, which tests check from the
 * {@link #tokenRequests() recorded token requests} instead.
 *
 * <p>
 * Who signs in is chosen the way GitHub lets a client suggest an account, with the
 * authorize parameter {@code login}: {@link Account#OCTOCAT} by default,
 * {@link Account#MONALISA} with {@code login=monalisa}.
 */
public final class GithubStandIn implements AutoCloseable {

	public static final String CLIENT_ID = "github-client-id";

	public static final String CLIENT_SECRET = "github-client-secret";

	private static final String TOKEN_PATH = "/login/oauth/access_token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int OVERRIDE = 1;

	private static final int DEFAULT = 5;

	private static final int FALLBACK = 9;

	/**
	 * The accounts the stand-in knows: the code its authorize step hands out, and the
	 * token that code buys.
	 */
	public enum Account {

		OCTOCAT("octocat", "5a3e8c1f0b7d2e9a4c61"), MONALISA("monalisa", "d41c7b09e3f85a26b1e0");

		final String login;

		public final String code;

		Account(String login, String code) {
			this.login = login;
			this.code = code;
		}

		String accessToken() {
			return (String) object(payload("access_token")).get("access_token");
		}

		String payload(String kind) {
			return GithubStandIn.payload(kind + "-" + this.login);
		}

	}

	/** One request the bridge sent to the token endpoint. */
	public record TokenRequest(String authorization, Map<String, String> form) {
	}

	private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	public GithubStandIn() {
		this.server.start();
		reset();
	}

	/** {@code AUTH_GITHUB_BASE_URL}: where the authorize and token endpoints live. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** {@code AUTH_GITHUB_API_URL}. */
	public String apiUrl() {
		return baseUrl() + "/api/v3";
	}

	/** Back to GitHub's normal answers, with an empty request journal. */
	public void reset() {
		this.server.resetAll();
		this.server.stubFor(any(anyUrl()).atPriority(FALLBACK + 1).willReturn(json(404, payload("error-not_found"))));
		for (Account account : Account.values()) {
			this.server.stubFor(authorize(account).atPriority(DEFAULT));
			for (boolean basic : new boolean[] { true, false }) {
				this.server.stubFor(tokenExchange(account.code, basic).atPriority(DEFAULT - 1)
					.withHeader("Accept", containing("application/json"))
					.willReturn(json(200, account.payload("access_token"))));
				this.server.stubFor(tokenExchange(account.code, basic).atPriority(DEFAULT)
					.willReturn(formEncoded(account.payload("access_token"))));
			}
			String authorization = "(Bearer|token) " + Pattern.quote(account.accessToken());
			this.server.stubFor(get(urlPathEqualTo("/api/v3/user")).atPriority(DEFAULT)
				.withHeader("Authorization", matching(authorization))
				.willReturn(json(200, account.payload("user")).withHeader("X-OAuth-Scopes", "read:user, user:email")));
			this.server.stubFor(get(urlPathEqualTo("/api/v3/user/emails")).atPriority(DEFAULT)
				.withHeader("Authorization", matching(authorization))
				.willReturn(json(200, account.payload("emails"))));
		}
		for (boolean basic : new boolean[] { true, false }) {
			this.server.stubFor(tokenExchange(null, basic).atPriority(FALLBACK - 1)
				.willReturn(json(200, payload("error-bad_verification_code"))));
		}
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(FALLBACK)
			.willReturn(json(200, payload("error-incorrect_client_credentials"))));
		for (String path : List.of("/api/v3/user", "/api/v3/user/emails")) {
			this.server.stubFor(get(urlPathEqualTo(path)).atPriority(FALLBACK)
				.willReturn(json(401, payload("error-bad_credentials"))));
		}
	}

	/** From now on the token endpoint answers every request with {@code status}. */
	public void tokenEndpointFails(int status) {
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(OVERRIDE)
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody("Unicorn!")));
	}

	/** From now on the token endpoint answers as usual, but only after {@code delay}. */
	void tokenEndpointDelays(Duration delay) {
		for (Account account : Account.values()) {
			for (boolean basic : new boolean[] { true, false }) {
				this.server.stubFor(tokenExchange(account.code, basic).atPriority(OVERRIDE)
					.willReturn(json(200, account.payload("access_token")).withFixedDelay((int) delay.toMillis())));
			}
		}
	}

	/**
	 * From now on {@code GET <api><path>} answers {@code status}, e.g.
	 * {@code apiFails("/user", 502)}.
	 */
	public void apiFails(String path, int status) {
		this.server.stubFor(get(urlPathEqualTo("/api/v3" + path)).atPriority(OVERRIDE)
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody("Unicorn!")));
	}

	/**
	 * The {@code Authorization} header of a token request authenticated as this app with
	 * {@code clientSecret}.
	 */
	static String basicAuthorization(String clientSecret) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((CLIENT_ID + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Where GitHub sends the browser when the user presses Cancel on the authorize page
	 * at {@code authorizeUrl}.
	 */
	static URI deniedRedirect(URI authorizeUrl) {
		MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(authorizeUrl).build().getQueryParams();
		return UriComponentsBuilder.fromUriString(decode(query.getFirst("redirect_uri")))
			.queryParam("error", "access_denied")
			.queryParam("error_description", "The user has denied your application access.")
			.queryParam("error_uri",
					"https://docs.github.com/apps/managing-oauth-apps/"
							+ "troubleshooting-authorization-request-errors/#access-denied")
			.queryParam("state", decode(query.getFirst("state")))
			.build()
			.encode()
			.toUri();
	}

	/**
	 * Every request the token endpoint received since the last {@link #reset()}, oldest
	 * first.
	 */
	public List<TokenRequest> tokenRequests() {
		return this.server.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)))
			.stream()
			.map(request -> new TokenRequest(request.getHeader("Authorization"), form(request.getBodyAsString())))
			.toList();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	/**
	 * GitHub's authorize page, approved at once: back to {@code redirect_uri} with the
	 * account's code and the client's state.
	 */
	private static MappingBuilder authorize(Account account) {
		return get(urlPathEqualTo("/login/oauth/authorize")).withQueryParam("client_id", equalTo(CLIENT_ID))
			.withQueryParam("login", account == Account.OCTOCAT ? absent() : equalTo(account.login))
			.willReturn(aResponse().withStatus(302)
				.withHeader("Location",
						"{{{request.query.redirect_uri}}}?code=" + account.code + "&state={{{request.query.state}}}")
				.withTransformers("response-template"));
	}

	/**
	 * A token request carrying the client credentials, in a Basic header or in the form
	 * (GitHub takes either), for {@code code} or, when {@code null}, any code.
	 */
	private static MappingBuilder tokenExchange(String code, boolean basic) {
		MappingBuilder request = post(urlPathEqualTo(TOKEN_PATH));
		if (basic) {
			request.withBasicAuth(CLIENT_ID, CLIENT_SECRET);
		}
		else {
			request.withFormParam("client_id", equalTo(CLIENT_ID))
				.withFormParam("client_secret", equalTo(CLIENT_SECRET));
		}
		return code != null ? request.withFormParam("code", equalTo(code)) : request;
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody(body);
	}

	/** GitHub's answer to a token request without {@code Accept: application/json}. */
	private static ResponseDefinitionBuilder formEncoded(String json) {
		String body = object(json).entrySet()
			.stream()
			.map(entry -> entry.getKey() + "="
					+ URLEncoder.encode(String.valueOf(entry.getValue()), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.withBody(body);
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		Arrays.stream(body.split("&")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
			int eq = pair.indexOf('=');
			form.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
		});
		return form;
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(String json) {
		return JSON.readValue(json, Map.class);
	}

	static String payload(String name) {
		try (InputStream in = GithubStandIn.class.getResourceAsStream("/providers/github/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("no payload providers/github/" + name + ".json");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
