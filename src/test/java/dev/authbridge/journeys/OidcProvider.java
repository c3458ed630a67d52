package dev.authbridge.journeys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;

/**
 * The OpenID provider the Auth0 flows sign in through: navikt's mock-oauth2-server in the
 * test JVM on 127.0.0.1, a real OIDC implementation (discovery, JWKS, RS256 ID tokens
 * echoing the request's nonce, one-time codes, PKCE checked at the token endpoint),
 * issuer {@code http://localhost:<port>/auth0}. Tests choose who signs in next and may
 * override any ID token claim ({@code nonce}, {@code aud}, {@code iss}, …), have the
 * tokens signed with an impostor key that the JWKS does not publish, or make the JWKS
 * fail or answer late. {@link #withLoginPage()} makes one that shows its own sign-in
 * page, as a real provider does, for browser tests.
 */
public final class OidcProvider implements AutoCloseable {

	public static final String CLIENT_ID = "auth0-client-id";

	public static final String CLIENT_SECRET = "auth0-client-secret";

	static final String ISSUER_ID = "auth0";

	/** Who signs in unless a test says otherwise. */
	static final String SUBJECT = "65f1c0ffee42";

	static final Map<String, Object> PROFILE = Map.of("name", "Ada Lovelace", "email", "ada@example.test", "picture",
			"https://cdn.example.test/ada.png");

	private final Keys keys = new Keys();

	private final NextSignIn next = new NextSignIn();

	private final SlowDiscovery discovery = new SlowDiscovery();

	private final MockOAuth2Server server;

	/** Started on a free port. */
	OidcProvider() {
		this(0);
	}

	/**
	 * Started on {@code port}, e.g. one the bridge was told about while nothing listened
	 * there.
	 */
	OidcProvider(int port) {
		this(port, false);
	}

	private OidcProvider(int port, boolean loginPage) {
		OAuth2Config config = new OAuth2Config(loginPage, null, null, false, new OAuth2TokenProvider(this.keys),
				Set.of(this.next), new MockWebServerWrapper());
		this.server = new MockOAuth2Server(config, this.keys.publishedRoute(), this.discovery);
		try {
			this.server.start(InetAddress.getByName("127.0.0.1"), port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		reset();
		warmUp();
	}

	/**
	 * Started on a free port, answering every authorization request with its own sign-in
	 * page: a user (the ID token's {@code sub}) and optional claims as JSON, e.g.
	 * {@code {"name":"Grace Hopper","email":"…"}}.
	 */
	public static OidcProvider withLoginPage() {
		OidcProvider provider = new OidcProvider(0, true);
		provider.willSignIn(SUBJECT, Map.of()); // the page's user and claims, nothing
												// added
		return provider;
	}

	/** {@code AUTH_AUTH0_ISSUER}, without a trailing slash. */
	public String issuer() {
		return this.server.issuerUrl(ISSUER_ID).toString();
	}

	/**
	 * The next sign-ins are {@link #SUBJECT} with {@link #PROFILE}, in tokens signed with
	 * the published key, and the JWKS answers at once.
	 */
	void reset() {
		willSignIn(SUBJECT, PROFILE);
		this.keys.impostor = false;
		this.keys.jwksStatus = 200;
		this.keys.jwksDelay = Duration.ZERO;
		this.discovery.delay = Duration.ZERO;
	}

	/**
	 * From now on the discovery document comes only after {@code delay}, as from an IdP
	 * far away or busy.
	 */
	void discoveryDelays(Duration delay) {
		this.discovery.delay = delay;
	}

	/**
	 * From now on the JWKS endpoint answers {@code status} (e.g. 503 from a load balancer
	 * with no backend).
	 */
	void jwksFails(int status) {
		this.keys.jwksStatus = status;
	}

	/** From now on the JWKS endpoint answers only after {@code delay}. */
	void jwksDelays(Duration delay) {
		this.keys.jwksDelay = delay;
	}

	/**
	 * The next sign-ins are {@code subject}, with {@code claims} added to (or replacing
	 * those of) the ID token, the access token and so the userinfo answer.
	 */
	void willSignIn(String subject, Map<String, Object> claims) {
		this.next.delegate = new DefaultOAuth2TokenCallback(ISSUER_ID, subject, JOSEObjectType.JWT.getType(), null,
				claims);
	}

	/**
	 * From now on tokens are signed with a key of the same id that the JWKS does not
	 * publish.
	 */
	void signWithImpostorKey() {
		this.keys.impostor = true;
	}

	@Override
	public void close() {
		this.server.shutdown();
	}

	/**
	 * Answers discovery and JWKS once, so a bridge starting next does not wait out its
	 * timeout while this server loads its classes on a busy machine.
	 */
	private void warmUp() {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("/.well-known/openid-configuration", "/jwks")) {
			try {
				String body = http
					.send(HttpRequest.newBuilder(URI.create(issuer() + path)).build(), BodyHandlers.ofString())
					.body();
				if (path.startsWith("/.well-known")) {
					this.discovery.document = body;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * Lets a test swap the token callback after the server has started: the config only
	 * takes a fixed set.
	 */
	private static final class NextSignIn implements OAuth2TokenCallback {

		volatile OAuth2TokenCallback delegate;

		@Override
		public String issuerId() {
			return ISSUER_ID;
		}

		@Override
		public String subject(TokenRequest request) {
			return this.delegate.subject(request);
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return this.delegate.typeHeader(request);
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return this.delegate.audience(request);
		}

		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			return this.delegate.addClaims(request);
		}

		@Override
		public long tokenExpiry() {
			return this.delegate.tokenExpiry();
		}

	}

	/**
	 * The server's signing keys, with a switch to sign with an impostor instead. The JWKS
	 * route reads the genuine keys directly, since the server's own JWKS endpoint would
	 * publish whatever signs.
	 */
	private static final class Keys extends KeyProvider {

		volatile boolean impostor;

		volatile int jwksStatus = 200;

		volatile Duration jwksDelay = Duration.ZERO;

		/**
		 * Made with the server, not on the token request: generating an RSA key can take
		 * longer than the bridge's 2 s provider timeout on a busy machine, which would
		 * turn the test's id_token_invalid into a timeout.
		 */
		private final RSAKey impostorKey = generate();

		@Override
		public JWK signingKey(String keyId) {
			return this.impostor ? new RSAKey.Builder(this.impostorKey).keyID(keyId).build() : super.signingKey(keyId);
		}

		private static RSAKey generate() {
			try {
				return new RSAKeyGenerator(2048).generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		Route publishedRoute() {
			return new Route() {

				@Override
				public boolean match(OAuth2HttpRequest request) {
					return "GET".equals(request.getMethod())
							&& request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/jwks");
				}

				@Override
				public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
					try {
						Thread.sleep(Keys.this.jwksDelay.toMillis()); // the server's own
																		// thread for this
																		// connection
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					if (Keys.this.jwksStatus != 200) {
						return new OAuth2HttpResponse(Headers.of("Content-Type", "text/html"), Keys.this.jwksStatus,
								"Service Unavailable", null);
					}
					String jwks = new JWKSet(Keys.super.signingKey(ISSUER_ID)).toPublicJWKSet().toString();
					return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, jwks, null);
				}

			};
		}

	}

	/**
	 * The discovery document, the server's own as first served, answered late while a
	 * delay is set.
	 */
	private static final class SlowDiscovery implements Route {

		volatile Duration delay = Duration.ZERO;

		volatile String document;

		@Override
		public boolean match(OAuth2HttpRequest request) {
			return !this.delay.isZero() && "GET".equals(request.getMethod())
					&& request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/.well-known/openid-configuration");
		}

		@Override
		public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
			try {
				Thread.sleep(this.delay.toMillis()); // the server's own thread for this
														// connection
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, this.document, null);
		}

	}

}
