package dev.authbridge.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.redirect.AuthPages.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthPagesTests {

	static final AuthUrl BASE = AuthUrl.parse("https://app.example.com");

	static final Set<String> ALLOWED = Set.of("https://spa.example.com");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					/login                                  | https://app.example.com/login?callbackUrl=https%3A%2F%2Fapp.example.com%2Fa%3Fb%3D1%26c&error=OAuthCallback
					/auth?page=signin                       | https://app.example.com/auth?page=signin&callbackUrl=https%3A%2F%2Fapp.example.com%2Fa%3Fb%3D1%26c&error=OAuthCallback
					https://app.example.com/login           | https://app.example.com/login?callbackUrl=https%3A%2F%2Fapp.example.com%2Fa%3Fb%3D1%26c&error=OAuthCallback
					https://spa.example.com/login           | https://spa.example.com/login?callbackUrl=https%3A%2F%2Fapp.example.com%2Fa%3Fb%3D1%26c&error=OAuthCallback
					""")
	void customWhenConfiguredThenThatPageWithTheQueryEncoded(String value, String location) {
		List<String> problems = new ArrayList<>();
		AuthPages pages = AuthPages.parse(Map.of(Page.SIGNIN, value), BASE, ALLOWED, problems);
		Map<String, String> query = new LinkedHashMap<>();
		query.put("callbackUrl", "https://app.example.com/a?b=1&c");
		query.put("error", "OAuthCallback");
		assertThat(problems).isEmpty();
		assertThat(pages.custom(Page.SIGNIN, BASE, query)).hasValue(location);
		assertThat(pages.location(Page.SIGNIN, BASE, query)).isEqualTo(location);
	}

	@ParameterizedTest
	@EnumSource(Page.class)
	void locationWhenNotConfiguredThenTheBridgesOwnPage(Page page) {
		AuthPages pages = AuthPages.parse(Map.of(page, "  "), BASE, ALLOWED, new ArrayList<>());
		assertThat(pages.custom(page, BASE, Map.of("csrf", "true"))).isEmpty();
		assertThat(pages.location(page, BASE, Map.of("csrf", "true"))).isEqualTo(
				"https://app.example.com/api/auth/" + page.name().toLowerCase().replace('_', '-') + "?csrf=true");
		assertThat(AuthPages.builtIn().location(page, BASE, Map.of()))
			.isEqualTo("https://app.example.com/api/auth/" + page.name().toLowerCase().replace('_', '-'));
	}

	@Test
	void customWhenPathAndTrustedHostOriginThenOnTheRequestsOrigin() {
		AuthPages pages = AuthPages.parse(Map.of(Page.ERROR, "/oops"), BASE, ALLOWED, new ArrayList<>());
		assertThat(pages.custom(Page.ERROR, BASE.withOrigin("https://other.example.com"), Map.of("error", "Default")))
			.hasValue("https://other.example.com/oops?error=Default");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					https://evil.example/login              | is not on AUTH_URL's origin (https://app.example.com) or an origin in AUTH_REDIRECT_ALLOWLIST
					https://app.example.com.evil.example/x  | is not on AUTH_URL's origin
					http://app.example.com/login            | is not on AUTH_URL's origin
					//evil.example/login                    | is neither a path starting with / nor an absolute http(s) URL
					https://user@app.example.com/login      | is neither a path starting with / nor an absolute http(s) URL
					javascript:alert(1)                     | is neither a path starting with / nor an absolute http(s) URL
					login.html                              | is neither a path starting with / nor an absolute http(s) URL
					https:/login                            | is neither a path starting with / nor an absolute http(s) URL
					/\\evil.example                         | has a space, a backslash or a control character
					/log in                                 | has a space, a backslash or a control character
					/login#top                              | has a fragment
					/a/%zz                                  | is not a URL
					/api/auth/signin                        | is one of the bridge's own routes
					https://app.example.com/api/auth/error  | is one of the bridge's own routes
					""")
	void parseWhenNotAnAllowedPageThenProblemSayingWhatToSet(String value, String problem) {
		List<String> problems = new ArrayList<>();
		AuthPages pages = AuthPages.parse(Map.of(Page.SIGNOUT, value), BASE, ALLOWED, problems);
		assertThat(problems).singleElement()
			.asString()
			.startsWith("AUTH_PAGES_SIGNOUT \"" + value + "\" " + problem)
			.endsWith(": set a path of your app such as /login, or an absolute http(s) URL on AUTH_URL's origin or "
					+ "an origin in AUTH_REDIRECT_ALLOWLIST");
		assertThat(pages.custom(Page.SIGNOUT, BASE, Map.of())).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/authx", "/login/api/auth/signin", "https://spa.example.com/api/auth/signin" })
	void parseWhenMerelyResemblingTheBridgesRoutesThenAccepted(String value) {
		List<String> problems = new ArrayList<>();
		AuthPages.parse(Map.of(Page.SIGNIN, value), BASE, ALLOWED, problems);
		assertThat(problems).isEmpty();
	}

	@Test
	void parseWhenSeveralBadThenOneProblemEach() {
		List<String> problems = new ArrayList<>();
		AuthPages.parse(Map.of(Page.SIGNIN, "https://evil.example/", Page.ERROR, "oops"), BASE, ALLOWED, problems);
		assertThat(problems).hasSize(2)
			.anySatisfy(line -> assertThat(line).startsWith("AUTH_PAGES_SIGNIN "))
			.anySatisfy(line -> assertThat(line).startsWith("AUTH_PAGES_ERROR "));
	}

}
