package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwsTests {

	static final byte[] KEY = "jws-tests-key-0123456789abcdef0123456789abcdef0123456789abcdef0123"
		.getBytes(StandardCharsets.UTF_8);

	static final JWSHeader HS256 = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

	@ParameterizedTest
	@ValueSource(strings = { "HS256", "HS384", "HS512" })
	void signWhenAnyHmacThenNimbusReadsAndVerifiesIt(String algorithm) throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).type(JOSEObjectType.JWT).build();
		JWSObject nimbus = new JWSObject(header, new Payload(payload()));
		nimbus.sign(new MACSigner(KEY));

		String token = new Jws.Signer(header, KEY).sign(payload());

		JWSObject parsed = JWSObject.parse(token);
		assertThat(parsed.verify(new MACVerifier(KEY))).isTrue();
		assertThat(parsed.getHeader().toBase64URL()).as("header").isEqualTo(nimbus.getHeader().toBase64URL());
		assertThat(parsed.getPayload().toJSONObject()).isEqualTo(nimbus.getPayload().toJSONObject());
		assertThat(token).as("claims in the order given").contains(".eyJzdWIiOiJnaXRodWJ8NTgzMjMxIi");
	}

	@org.junit.jupiter.api.Test
	void claimsIfPlainlyValidWhenHeaderCheckedAndMacGoodThenClaims() throws Exception {
		String token = new Jws.Signer(HS256, KEY).sign(payload());
		Jws.HeaderCache headers = new Jws.HeaderCache();
		headers.learn(token.substring(0, token.indexOf('.')));

		assertThat(Jws.claimsIfPlainlyValid(token, Jws.keyedMac(JWSAlgorithm.HS256, KEY), headers))
			.isEqualTo(payload());
	}

	@org.junit.jupiter.api.Test
	void claimsIfPlainlyValidWhenAnythingOffThenLeftToTheThoroughCheck() throws Exception {
		String token = new Jws.Signer(HS256, KEY).sign(payload());
		String header = token.substring(0, token.indexOf('.'));
		Jws.HeaderCache headers = new Jws.HeaderCache();
		headers.learn(header);
		String signature = token.substring(token.lastIndexOf('.') + 1);
		char last = signature.charAt(signature.length() - 1);
		// same MAC bytes, unused low bits set: not the one way to write it
		String sloppy = token.substring(0, token.length() - 1) + (char) (last + 1);
		for (String odd : List.of(token + ".x", " " + token, token + " ", token.substring(0, token.length() - 2) + "AA",
				sloppy, token.replace(".", ".."), header + ".." + signature,
				token.substring(0, token.lastIndexOf('.') + 1))) {
			assertThat(Jws.claimsIfPlainlyValid(odd, Jws.keyedMac(JWSAlgorithm.HS256, KEY), headers)).as(odd).isNull();
		}
		assertThat(Jws.claimsIfPlainlyValid(token, Jws.keyedMac(JWSAlgorithm.HS256, KEY), new Jws.HeaderCache()))
			.as("header never checked")
			.isNull();
		assertThat(Jws.claimsIfPlainlyValid(token,
				Jws.keyedMac(JWSAlgorithm.HS256,
						"another-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8)),
				headers))
			.as("another key")
			.isNull();
	}

	@org.junit.jupiter.api.Test
	void jsonWhenClaimsThenSameObjectAsNimbusWrites() throws Exception {
		Map<String, Object> claims = payload();
		claims.put("aud", List.of("a", "b"));
		claims.put("flag", true);
		claims.put("none", null);
		claims.put("odd", "tab\t nl\n quote\" backslash\\ bell\u0007 \u00e9\u2028");
		claims.put("nested", Map.of("deeper", Map.of("roles", List.of("user", "editor"))));

		String json = Jws.json(claims);

		assertThat(com.nimbusds.jose.util.JSONObjectUtils.parse(json)).isEqualTo(com.nimbusds.jose.util.JSONObjectUtils
			.parse(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims)));
		assertThat(json).startsWith("{\"sub\":\"github|583231\",\"name\":");
	}

	@org.junit.jupiter.api.Test
	void jsonWhenValueOfAnotherKindThenNimbusWritesIt() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("ratio", 0.5);

		assertThat(Jws.json(claims)).isEqualTo("{\"ratio\":0.5}");
	}

	private static Map<String, Object> payload() {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sub", "github|583231");
		payload.put("name", "Zoë \"Q\" \u2028 </script>");
		payload.put("https://hasura.io/jwt/claims", Map.of("x-hasura-default-role", "user"));
		payload.put("iat", 1700000000L);
		payload.put("exp", 1700000900L);
		return payload;
	}

}
