package dev.authbridge.web.hotpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.authbridge.web.ResponseHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Which requests the routes answer ahead of WebFlux: a plain-http {@code GET} of the
 * path, unless forwarded headers the operator trusts make it something else. Their
 * answers equal WebFlux's: {@link HotPathEqualityTests}.
 */
class HotPathRoutesTests {

	@ParameterizedTest(name = "{0} {1} {2} trusted={3}: {4}")
	@CsvSource(delimiter = '|',
			value = { "GET | /api/auth/session | | false | true", "GET | /api/auth/session?x=1 | | false | true",
					"GET | /api/auth/sessions | | false | false", "GET | /api/auth/session/ | | false | false",
					"GET | /api/auth/session;x | | false | false", "GET | /api/auth/%73ession | | false | false",
					"HEAD | /api/auth/session | | false | false", "POST | /api/auth/session | | false | false",
					"GET | /api/auth/session | X-Forwarded-Proto | false | true",
					"GET | /api/auth/session | X-Forwarded-Proto | true | false",
					"GET | /api/auth/session | Forwarded | true | false",
					"GET | /api/auth/session | X-Forwarded-Ssl | true | false" })
	void answersWhenRequestThenOnlyPlainHttpGetOfThePath(String method, String uri, String forwarded,
			boolean forwardedApplied, boolean answered) {
		HttpServerRequest request = mock(HttpServerRequest.class);
		given(request.method()).willReturn(io.netty.handler.codec.http.HttpMethod.valueOf(method));
		given(request.uri()).willReturn(uri);
		given(request.scheme()).willReturn("http");
		DefaultHttpHeaders headers = new DefaultHttpHeaders();
		if (forwarded != null) {
			headers.set(forwarded, "https");
		}
		given(request.requestHeaders()).willReturn(headers);
		HotPathRoutes routes = new HotPathRoutes(null, null, "s", "c", new ResponseHeaders("", Set.of()),
				forwardedApplied, null);

		assertThat(routes.answers(request, HotPathRoutes.SESSION)).isEqualTo(answered);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https", "wss" })
	void answersWhenNotPlainHttpThenLeftToWebFlux(String scheme) {
		HttpServerRequest request = mock(HttpServerRequest.class);
		given(request.method()).willReturn(io.netty.handler.codec.http.HttpMethod.GET);
		given(request.uri()).willReturn(HotPathRoutes.SESSION);
		given(request.scheme()).willReturn(scheme);
		given(request.requestHeaders()).willReturn(new DefaultHttpHeaders());
		HotPathRoutes routes = new HotPathRoutes(null, null, "s", "c", new ResponseHeaders("", Set.of()), false, null);

		assertThat(routes.answers(request, HotPathRoutes.SESSION)).isFalse();
	}

}
