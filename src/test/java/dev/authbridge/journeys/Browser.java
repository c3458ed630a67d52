package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.csrf.CsrfTokens;
import dev.authbridge.web.actions.SetCookies;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser's part in a sign-in, played by hand over real HTTP with
 * {@code WebTestClient}: one request per step, each {@code Location} followed only when
 * the test says so, the bridge's cookies kept as a browser keeps them (set, replaced,
 * deleted by {@code Max-Age=0}) and sent back only to the bridge. Requests for the
 * bridge's {@code AUTH_URL} ({@link BridgeTest#URL} unless given) reach a bridge instance
 * on localhost, as through a load balancer that {@link #routeTo} can point at another
 * instance; what the bridge serves below it, such as the development provider's pages, is
 * the bridge too, so it gets the cookies as any same-origin page would.
 *
 * <p>
 * It is the browser of every test in this package, the journeys: each starts whole
 * bridges ({@link FlowTest}, {@link BridgeInstance}, {@code @DevIdpTest}) against
 * stand-ins for the upstreams ({@link Upstreams}) or the development provider and signs
 * in end to end, as a smaller layer above the unit tests, which sit in the package of the
 * class they test. Those may borrow a stand-in from here ({@link GithubStandIn},
 * {@link OidcProvider}); nothing here tests one main class.
 */
final class Browser {

	static final String SESSION_COOKIE = "authbridge.session-token";

	static final String FLOW_COOKIE = "authbridge.oauth";

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private final WebTestClient http = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(10)).build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final String authUrl;

	private int bridgePort;

	/**
	 * A browser for a bridge with {@code AUTH_URL} {@link BridgeTest#URL}, listening on
	 * {@code bridgePort}.
	 */
	Browser(int bridgePort) {
		this(BridgeTest.URL, bridgePort);
	}

	/**
	 * A browser for a bridge with {@code AUTH_URL} {@code authUrl}, listening on
	 * {@code bridgePort}.
	 */
	Browser(String authUrl, int bridgePort) {
		this.authUrl = authUrl;
		this.bridgePort = bridgePort;
	}

	/**
	 * Waits, at most {@code within}, until sign-in with {@code provider} no longer
	 * answers provider_unavailable.
	 */
	static void awaitProvider(int bridgePort, String provider, Duration within) throws InterruptedException {
		Instant deadline = Instant.now().plus(within);
		while (new Browser(bridgePort).startSignIn(provider, "/")
			.location()
			.toString()
			.endsWith("provider_unavailable")) {
			assertThat(Instant.now()).as("provider %s ready within %s", provider, within).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	/** From now on requests for {@code AUTH_URL} go to the instance on {@code port}. */
	void routeTo(int port) {
		this.bridgePort = port;
	}

	/** The bridge's cookies this browser holds, by name; tests may change them. */
	Map<String, String> cookies() {
		return this.cookies;
	}

	/** {@code getCsrfToken()}: the token from {@code /api/auth/csrf}, its cookie kept. */
	String csrfToken() {
		return (String) json("/api/auth/csrf").get("csrfToken");
	}

	/**
	 * A CSRF token and its cookie, made here as a bridge with {@link BridgeTest#SECRET}
	 * makes them, so that a form can be a fresh instance's very first request.
	 */
	String mintedCsrfToken() {
		String cookie = new CsrfTokens(BridgeSettings.derivedKey(BridgeTest.SECRET, "csrf")).newCookieValue();
		this.cookies.put("authbridge.csrf-token", cookie);
		return cookie.substring(0, cookie.indexOf('|'));
	}

	/**
	 * {@code signIn(provider, {callbackUrl})}: posts the provider's form with the CSRF
	 * token. {@code provider} may carry authorization parameters, e.g.
	 * {@code github?login=monalisa}.
	 */
	Page startSignIn(String provider, String callbackUrl) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("csrfToken", csrfToken());
		form.put("callbackUrl", callbackUrl);
		return submit("/api/auth/signin/" + provider, form);
	}

	/** Posts {@code form} to the bridge at {@code path}. */
	Page submit(String path, Map<String, String> form) {
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
		form.forEach((name, value) -> {
			if (value != null) {
				body.add(name, value);
			}
		});
		return page(
				this.http.post().uri(bridge(path)).cookies(this::sendCookies).body(BodyInserters.fromFormData(body)),
				true);
	}

	/** Goes to {@code url}: the bridge (with its cookies) or a provider. */
	Page visit(URI url) {
		boolean bridge = url.toString().startsWith(this.authUrl + "/");
		WebTestClient.RequestHeadersSpec<?> request = bridge
				? this.http.get().uri(bridge(url.getRawPath(), url.getRawQuery())).cookies(this::sendCookies)
				: this.http.get().uri(url);
		return page(request, bridge);
	}

	/**
	 * A whole sign-in: the form, the provider approving at once, and the bridge's answer
	 * to the callback.
	 * @return the bridge's answer to the callback
	 */
	Page signIn(String provider, String callbackUrl) {
		Page toProvider = startSignIn(provider, callbackUrl);
		assertThat(toProvider.status()).isEqualTo(HttpStatus.FOUND);
		Page backFromProvider = visit(toProvider.location());
		assertThat(backFromProvider.location()).as("the provider sends the browser back to the bridge")
			.asString()
			.startsWith(this.authUrl + "/api/auth/callback/");
		return visit(backFromProvider.location());
	}

	/** {@code getSession()}: the JSON of {@code /api/auth/session}. */
	Map<String, Object> session() {
		return json("/api/auth/session");
	}

	/**
	 * GETs the JSON object at {@code path} of the bridge, keeping the cookies it sets.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> json(String path) {
		EntityExchangeResult<Map> result = this.http.get()
			.uri(bridge(path))
			.cookies(this::sendCookies)
			.exchange()
			.expectBody(Map.class)
			.returnResult();
		keepCookies(result.getResponseHeaders());
		return result.getResponseBody();
	}

	private Page page(WebTestClient.RequestHeadersSpec<?> request, boolean bridge) {
		EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
		HttpHeaders headers = result.getResponseHeaders();
		Map<String, ResponseCookie> set = new LinkedHashMap<>();
		if (bridge) {
			headers.getOrEmpty(HttpHeaders.SET_COOKIE)
				.stream()
				.map(SetCookies::parse)
				.forEach(c -> set.put(c.getName(), c));
			keepCookies(headers);
		}
		byte[] body = result.getResponseBody();
		return new Page(result.getStatus(), headers.getLocation(), set, headers,
				body == null ? "" : new String(body, StandardCharsets.UTF_8));
	}

	private void keepCookies(HttpHeaders headers) {
		for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
			ResponseCookie cookie = SetCookies.parse(header);
			if (cookie.getMaxAge().isZero()) {
				this.cookies.remove(cookie.getName());
			}
			else {
				this.cookies.put(cookie.getName(), cookie.getValue());
			}
		}
	}

	private void sendCookies(MultiValueMap<String, String> request) {
		this.cookies.forEach(request::add);
	}

	private URI bridge(String path) {
		int query = path.indexOf('?');
		return query < 0 ? bridge(path, null) : bridge(path.substring(0, query), path.substring(query + 1));
	}

	private URI bridge(String rawPath, String rawQuery) {
		return URI.create("http://localhost:" + this.bridgePort + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
	}

	/**
	 * One answer as the browser saw it.
	 *
	 * @param location the {@code Location} header, or {@code null}
	 * @param setCookies the cookies the bridge set or deleted, by name (none for other
	 * hosts)
	 * @param headers every response header
	 * @param body the response body as text
	 */
	record Page(HttpStatusCode status, URI location, Map<String, ResponseCookie> setCookies, HttpHeaders headers,
			String body) {

		/** The body as a JSON object. */
		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return JsonMapper.builder().build().readValue(this.body, Map.class);
		}

		/**
		 * The decoded query parameter {@code name} of {@link #location}, or {@code null}.
		 */
		String param(String name) {
			List<String> values = UriComponentsBuilder.fromUri(this.location).build().getQueryParams().get(name);
			return values == null ? null : URLDecoder.decode(values.get(0), StandardCharsets.UTF_8);
		}

		/**
		 * The hidden fields of this page's form, by name, entities decoded: what
		 * {@link Browser#submit} posts back.
		 */
		Map<String, String> hiddenFields() {
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher matcher = HIDDEN.matcher(this.body);
			while (matcher.find()) {
				fields.put(matcher.group(1), unescape(matcher.group(2)));
			}
			return fields;
		}

		/** Whether this answer set cookie {@code name} to a value. */
		boolean sets(String name) {
			ResponseCookie cookie = this.setCookies.get(name);
			return cookie != null && !cookie.getValue().isEmpty() && !cookie.getMaxAge().isZero();
		}

		/** Whether this answer deleted cookie {@code name}. */
		boolean clears(String name) {
			ResponseCookie cookie = this.setCookies.get(name);
			return cookie != null && cookie.getMaxAge().isZero();
		}

		private static String unescape(String html) {
			// the entities JMustache writes
			return html.replace("&quot;", "\"")
				.replace("&#39;", "'")
				.replace("&lt;", "<")
				.replace("&gt;", ">")
				.replace("&#x3D;", "=")
				.replace("&#x60;", "`")
				.replace("&amp;", "&");
		}

	}

}
