package dev.authbridge.cookie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.TestSessions;
import dev.authbridge.csrf.CsrfTokens;
import dev.authbridge.login.FlowCookieSealer;
import dev.authbridge.login.FlowState;
import dev.authbridge.session.InvalidTokenException;
import dev.authbridge.session.SessionTokens;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import dev.authbridge.user.SignInFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.http.HttpCookie;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.netty.http.server.ServerCookies;

/**
 * Whatever a client sends as its {@code Cookie} header, the way from the header to a
 * decision never throws: Reactor Netty's decoder (the server's default,
 * {@link ServerCookieDecoder#STRICT}) splits it as on the server, Spring's request maps
 * it by name, {@link AuthCookies#first} picks the bridge's cookies, and the session, CSRF
 * and flow readers answer with a value or their own refusal. A genuine cookie among any
 * others is still the one found.
 */
class CookieHeaderPropertyTests {

	private static final String SECRET = "cookie-property-secret-0123456789abcdef";

	private static final AuthCookies COOKIES = new AuthCookies(false);

	private static final SessionTokens SESSIONS = new SessionTokens(SECRET.getBytes(StandardCharsets.UTF_8),
			Duration.ofDays(30), Duration.ofHours(24), Clock.systemUTC());

	private static final CsrfTokens CSRF = new CsrfTokens(SECRET.getBytes(StandardCharsets.UTF_8));

	private static final FlowCookieSealer FLOWS = new FlowCookieSealer(new byte[32], Clock.systemUTC());

	private static final String SESSION = SESSIONS.issue(TestSessions.OCTOCAT).token();

	private static final String CSRF_VALUE = CSRF.newCookieValue();

	private static final String FLOW = FLOWS.seal(new FlowState("github", "state", "verifier", null,
			"http://app.example.test/api/auth/callback/github", "http://app.example.test/"));

	private static final String COOKIE_OCTETS = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
			+ "abcdefghijklmnopqrstuvwxyz{|}~";

	@Property(tries = 10000)
	void readWhenAnyCookieHeaderThenEveryReaderAnswersOrRefuses(@ForAll("headers") String header) {
		MultiValueMap<String, HttpCookie> cookies = parse(header);

		String session = AuthCookies.first(cookies, COOKIES.sessionName());
		if (session != null) {
			try {
				assertThat(SESSIONS.verify(session).user().id()).isEqualTo(TestSessions.OCTOCAT.id());
			}
			catch (InvalidTokenException refused) {
				assertThat(session).isNotEqualTo(SESSION);
			}
		}
		String csrf = AuthCookies.first(cookies, COOKIES.csrfName());
		assertThat(CSRF.tokenOf(csrf)).isEqualTo(CSRF_VALUE.equals(csrf) ? CSRF.tokenOf(CSRF_VALUE) : Optional.empty());
		String flow = AuthCookies.first(cookies, COOKIES.flowName());
		if (flow != null) {
			try {
				assertThat(FLOWS.unseal(flow).provider()).isEqualTo("github");
			}
			catch (SignInFailure refused) {
				assertThat(refused.reason()).isEqualTo(SignInFailure.Reason.STATE_COOKIE_INVALID);
			}
		}
	}

	@Property(tries = 10000)
	void firstWhenGenuineCookieAmongOthersThenFound(@ForAll("others") String before, @ForAll("others") String after) {
		String header = before + COOKIES.sessionName() + "=" + SESSION + "; " + COOKIES.csrfName() + "=" + CSRF_VALUE
				+ "; " + COOKIES.flowName() + "=" + FLOW + "; " + after;

		MultiValueMap<String, HttpCookie> cookies = parse(header);

		assertThat(AuthCookies.first(cookies, COOKIES.sessionName())).isEqualTo(SESSION);
		assertThat(AuthCookies.first(cookies, COOKIES.csrfName())).isEqualTo(CSRF_VALUE);
		assertThat(AuthCookies.first(cookies, COOKIES.flowName())).isEqualTo(FLOW);
	}

	/**
	 * As the server reads a request: Reactor Netty's cookie holder, then Spring's map by
	 * name.
	 */
	private static MultiValueMap<String, HttpCookie> parse(String header) {
		HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
		headers.add(HttpHeaderNames.COOKIE, header);
		Map<CharSequence, List<Cookie>> all = ServerCookies.newServerRequestHolder(headers, ServerCookieDecoder.STRICT)
			.getAllCachedCookies();
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		all.forEach((name, values) -> values
			.forEach(cookie -> cookies.add(name.toString(), new HttpCookie(name.toString(), cookie.value()))));
		return cookies;
	}

	@Provide
	Arbitrary<String> headers() {
		Arbitrary<String> name = Arbitraries.oneOf(
				Arbitraries.of(COOKIES.sessionName(), COOKIES.csrfName(), COOKIES.flowName(),
						COOKIES.sessionName() + ".0", "__Secure-" + COOKIES.sessionName(), "AUTHBRIDGE.SESSION-TOKEN",
						" " + COOKIES.sessionName(), "", "=", "a b", "\"q\""),
				Arbitraries.strings().withChars(COOKIE_OCTETS).ofMaxLength(12));
		Arbitrary<String> value = Arbitraries.oneOf(
				Arbitraries.of(SESSION, CSRF_VALUE, FLOW, "", "\"\"", "\"" + SESSION + "\"", SESSION + " ",
						SESSION.replace('.', ';'), FLOW.substring(1), CSRF_VALUE.toUpperCase()),
				Arbitraries.strings().withChars(COOKIE_OCTETS + " \t\"\\;,=").ofMaxLength(80),
				Arbitraries.strings().ofMaxLength(40));
		Arbitrary<String> pair = Combinators.combine(name, Arbitraries.of("=", "", "==", " = "), value)
			.as((n, eq, v) -> n + eq + v);
		Arbitrary<String> separator = Arbitraries.of("; ", ";", ";;", " ; ", ", ", "\t;");
		Arbitrary<String> structured = Combinators.combine(pair.list().ofMaxSize(6), separator)
			.as((pairs, sep) -> String.join(sep, pairs));
		return Arbitraries.oneOf(structured, structured, Arbitraries.strings().ofMaxLength(300));
	}

	/**
	 * Other sites' or apps' cookies, well formed, none with a name of the bridge's, then
	 * the separator.
	 */
	@Provide
	Arbitrary<String> others() {
		Arbitrary<String> name = Arbitraries.strings()
			.withChars("abcdefghijklmnopqrstuvwxyz_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
			.ofMinLength(1)
			.ofMaxLength(20)
			.filter(n -> !n.equals(COOKIES.sessionName()) && !n.equals(COOKIES.csrfName())
					&& !n.equals(COOKIES.flowName()));
		Arbitrary<String> value = Arbitraries.strings().withChars(COOKIE_OCTETS).ofMaxLength(60);
		return Combinators.combine(name, value)
			.as((n, v) -> n + "=" + v)
			.list()
			.ofMaxSize(5)
			.map(pairs -> pairs.stream().map(pair -> pair + "; ").collect(Collectors.joining()));
	}

}
