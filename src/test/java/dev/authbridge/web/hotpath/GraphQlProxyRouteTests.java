package dev.authbridge.web.hotpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.ProxyOrigins;
import dev.authbridge.web.ResponseHeaders;
import dev.authbridge.web.actions.GraphQlProxyRules;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Which {@code POST /v1/graphql} requests the server forwards itself: only those the
 * proxy's rules let through and whose answer needs nothing WebFlux knows better; the
 * rest, refusals included, are WebFlux's ({@code GraphQlProxyTests} holds both answers
 * equal).
 */
class GraphQlProxyRouteTests {

	static final String OWN = "https://app.example.test";

	static final String SPA = "https://spa.example.test";

	@ParameterizedTest(name = "{0} {1} {2} Content-Length {3} Origin {4} trusted={5}: {6}")
	@CsvSource(delimiter = '|', nullValues = "-",
			value = { "POST | /v1/graphql | application/json | 100 | - | false | true",
					"POST | /v1/graphql?x=1 | application/json | 100 | - | false | true",
					"POST | /v1/graphql | application/json; charset=utf-8 | 100 | - | false | true",
					"POST | /v1/graphql | Application/JSON | 100 | - | false | true",
					"POST | /v1/graphql | application/json | 1024 | - | false | true",
					"POST | /v1/graphql | application/json | 100 | " + OWN + " | false | true",
					"POST | /v1/graphql | application/json | 100 | " + SPA + " | false | true",
					// refused by WebFlux under the same rules
					"POST | /v1/graphql | application/json | 100 | https://evil.example | false | false",
					"POST | /v1/graphql | application/x-www-form-urlencoded | 100 | - | false | false",
					"POST | /v1/graphql | text/plain | 100 | - | false | false",
					"POST | /v1/graphql | - | 100 | - | false | false",
					"POST | /v1/graphql | application/json | 1025 | - | false | false",
					// read whole by WebFlux, to count it against the limit
					"POST | /v1/graphql | application/json | - | - | false | false",
					// the request may name its own origin, which WebFlux works out
					"POST | /v1/graphql | application/json | 100 | " + OWN + " | true | false",
					"POST | /v1/graphql | application/json | 100 | - | true | true",
					"GET | /v1/graphql | application/json | 100 | - | false | false",
					"POST | /v1/graphqls | application/json | 100 | - | false | false" })
	void answersWhenRequestThenOnlyWhatTheRulesForward(String method, String uri, String contentType,
			String contentLength, String origin, boolean forwardedApplied, boolean answered) {
		HttpServerRequest request = mock(HttpServerRequest.class);
		given(request.method()).willReturn(HttpMethod.valueOf(method));
		given(request.uri()).willReturn(uri);
		given(request.scheme()).willReturn("http");
		DefaultHttpHeaders headers = new DefaultHttpHeaders();
		if (contentType != null) {
			headers.set("Content-Type", contentType);
		}
		if (contentLength != null) {
			headers.set("Content-Length", contentLength);
		}
		else {
			headers.set("Transfer-Encoding", "chunked");
		}
		if (origin != null) {
			headers.set("Origin", origin);
		}
		given(request.requestHeaders()).willReturn(headers);
		GraphQlProxyRules rules = new GraphQlProxyRules(null, "s",
				new ProxyOrigins(new AuthBase(AuthUrl.parse(OWN), forwardedApplied), Set.of(SPA)), null, 1024);
		GraphQlProxyRoute route = new GraphQlProxyRoute(rules,
				new PlainHttp(new ResponseHeaders("", Set.of(SPA)), forwardedApplied));

		assertThat(route.answers(request)).isEqualTo(answered);
	}

}
