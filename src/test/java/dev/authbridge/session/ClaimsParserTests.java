package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsParserTests {

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"sub\":\"github|583231\",\"iat\":1700000000,\"exp\":1700000900}",
			"{\"a\":-1,\"b\":0,\"c\":-0,\"d\":true,\"e\":false,\"f\":null,\"g\":[],\"h\":{}}",
			"{\"https://hasura.io/jwt/claims\":{\"x-hasura-allowed-roles\":[\"user\",\"editor\"],\"x-hasura-default-role\":\"user\"}}",
			"{\"s\":\"quote \\\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 \\u2028 \\ud83d\\ude00 é 😀\"}",
			"{\"n\":[1,[2,[3,{\"x\":\"y\"}]]],\"big\":999999999999999999}", "{\"\":\"empty key\"}" })
	void parseWhenShapeOfTheBridgesTokensThenWhatNimbusReads(String json) throws Exception {
		assertThat(ClaimsParser.parse(json)).isEqualTo(JSONObjectUtils.parse(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "[]", "\"s\"", "1", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}",
			"{\"a\":1234567890123456789}", "{\"a\":1,\"a\":2}", "{\"a\":1} ", " {\"a\":1}", "{\"a\": 1}", "{\"a\":1}x",
			"{\"a\":\"tab\tinside\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":NaN}", "{\"a\":tru}",
			"{\"a\":1", "{\"a\":[1,]}", "{,}", "{\"a\"1}", "{a:1}", "{\"a\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}" })
	void parseWhenAnythingElseThenLeftToNimbus(String json) {
		assertThat(ClaimsParser.parse(json)).isNull();
	}

}
