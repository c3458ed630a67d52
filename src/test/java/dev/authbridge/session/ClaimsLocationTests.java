package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsLocationTests {

	static Stream<Arguments> paths() {
		return Stream.of(arguments("$", List.of()), arguments("$.hasura", List.of("hasura")),
				arguments("$.hasura.claims", List.of("hasura", "claims")),
				arguments("$['https://x.io/claims']", List.of("https://x.io/claims")),
				arguments("$[\"https://x.io/claims\"]", List.of("https://x.io/claims")),
				arguments("$['https://x.io/claims'].inner", List.of("https://x.io/claims", "inner")),
				arguments("$.a['b.c'].d", List.of("a", "b.c", "d")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("paths")
	void pathWhenHasuraJsonPathThenSegments(String jsonPath, List<String> segments) {
		assertThat(ClaimsLocation.path(jsonPath).segments()).isEqualTo(segments);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(
			strings = { "", "hasura.claims", ".hasura", "$..x", "$.", "$.a.", "$[0]", "$[*]", "$['a'", "$a", "$.a[0]" })
	void pathWhenNotUnderstoodThenIllegalArgument(String jsonPath) {
		assertThatIllegalArgumentException().isThrownBy(() -> ClaimsLocation.path(jsonPath));
	}

	@Test
	void isRootWhenDollarThenTrue() {
		assertThat(ClaimsLocation.path("$").isRoot()).isTrue();
		assertThat(ClaimsLocation.path("$.a").isRoot()).isFalse();
		assertThat(ClaimsLocation.namespace("a").isRoot()).isFalse();
	}

	@Test
	void writeWhenNamespaceThenTopLevelKey() {
		Map<String, Object> payload = new LinkedHashMap<>(Map.of("sub", "u1"));
		ClaimsLocation.namespace("https://hasura.io/jwt/claims").write(payload, Map.of("x-hasura-user-id", "u1"));
		assertThat(payload).containsEntry("https://hasura.io/jwt/claims", Map.of("x-hasura-user-id", "u1"))
			.containsEntry("sub", "u1");
	}

	@Test
	void writeWhenNestedPathThenCreatesObjectsAndKeepsSiblings() {
		Map<String, Object> existing = new LinkedHashMap<>(Map.of("keep", "me"));
		Map<String, Object> payload = new LinkedHashMap<>(Map.of("hasura", existing));
		ClaimsLocation.path("$.hasura.claims.inner").write(payload, "stringified");
		assertThat(payload).isEqualTo(Map.of("hasura", Map.of("keep", "me", "claims", Map.of("inner", "stringified"))));
	}

	@Test
	void writeWhenRootThenClaimsMergedIntoPayload() {
		Map<String, Object> payload = new LinkedHashMap<>(Map.of("sub", "u1"));
		ClaimsLocation.path("$").write(payload, Map.of("x-hasura-default-role", "user"));
		assertThat(payload).isEqualTo(Map.of("sub", "u1", "x-hasura-default-role", "user"));
	}

	@Test
	void constructorWhenListMutatedAfterwardsThenUnchanged() {
		List<String> segments = new java.util.ArrayList<>(List.of("a"));
		ClaimsLocation location = new ClaimsLocation(segments);
		segments.add("b");
		assertThat(location.segments()).containsExactly("a");
	}

	@Test
	void readWhenWrittenThenSameValue() {
		ClaimsLocation location = ClaimsLocation.path("$['https://x.io/claims'].inner");
		Map<String, Object> payload = new LinkedHashMap<>();
		location.write(payload, Map.of("x-hasura-default-role", "user"));
		assertThat(location.read(payload)).isEqualTo(Map.of("x-hasura-default-role", "user"));
	}

	@Test
	void readWhenRootThenWholePayload() {
		Map<String, Object> payload = Map.of("sub", "u1");
		assertThat(ClaimsLocation.path("$").read(payload)).isSameAs(payload);
	}

	@Test
	void readWhenAbsentOrNotAnObjectOnTheWayThenNull() {
		ClaimsLocation location = ClaimsLocation.path("$.hasura.claims");
		assertThat(location.read(Map.of())).isNull();
		assertThat(location.read(Map.of("hasura", "a string"))).isNull();
		assertThat(location.read(Map.of("hasura", Map.of("other", 1)))).isNull();
	}

}
