package dev.authbridge.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import dev.authbridge.seal.SealException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SealerTests {

	static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	static final byte[] KEY = key(1);

	static final Sealer SEALER = new Sealer(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

	static final String USE = "test";

	static final Duration LIFETIME = Duration.ofMinutes(15);

	static final Map<String, Object> CLAIMS = Map.of("sub", "ada", "email", "ada@example.test", "n", 42L, "ok", true);

	@Test
	void unsealWhenSealedForThisUseThenSameClaims() throws SealException {
		assertThat(SEALER.unseal(USE, SEALER.seal(USE, CLAIMS, LIFETIME))).isEqualTo(CLAIMS);
	}

	@Test
	void unsealWhenOneSecondBeforeExpiryThenClaims() throws SealException {
		String sealed = SEALER.seal(USE, CLAIMS, LIFETIME);
		Sealer later = new Sealer(KEY, Clock.fixed(NOW.plus(LIFETIME).minusSeconds(1), ZoneOffset.UTC));

		assertThat(later.unseal(USE, sealed)).isEqualTo(CLAIMS);
	}

	@Test
	void unsealWhenSealedByAnotherInstanceWithTheSameKeyThenClaims() throws SealException {
		Sealer other = new Sealer(KEY.clone(), Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(other.unseal(USE, SEALER.seal(USE, CLAIMS, LIFETIME))).isEqualTo(CLAIMS);
	}

	@Test
	void sealThenCompactJweWithDirA256gcmHeaderAndNoEncryptedKey() {
		String[] parts = SEALER.seal(USE, CLAIMS, LIFETIME).split("\\.", -1);

		assertThat(parts).hasSize(5);
		assertThat(decode(parts[0])).isEqualTo("{\"enc\":\"A256GCM\",\"alg\":\"dir\"}");
		assertThat(parts[1]).isEmpty();
	}

	@Test
	void sealThenClaimsUnreadableWithoutTheKey() {
		String sealed = SEALER.seal(USE, CLAIMS, LIFETIME);

		assertThat(Arrays.stream(sealed.split("\\.")).map(SealerTests::decode)).noneMatch(part -> part.contains("ada"));
	}

	@Test
	void sealWhenCalledTwiceThenDifferentValues() {
		assertThat(SEALER.seal(USE, CLAIMS, LIFETIME)).isNotEqualTo(SEALER.seal(USE, CLAIMS, LIFETIME));
	}

	@ParameterizedTest
	@ValueSource(strings = { "use", "exp" })
	void sealWhenClaimsHoldTheSealersOwnNameThenIllegalArgument(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> SEALER.seal(USE, Map.of(name, "mine"), LIFETIME));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 16, 31, 33, 64 })
	void newWhenKeyNot256BitsThenIllegalArgument(int length) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Sealer(new byte[length], Clock.systemUTC()));
	}

	static Stream<Arguments> refusedValues() {
		return Stream.of(
				refused("header tampered, still the same header", Reason.NOT_AUTHENTIC,
						withHeader("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}")),
				refused("encrypted key added", Reason.NOT_AUTHENTIC, part(1, "AAAA")),
				refused("IV tampered", Reason.NOT_AUTHENTIC, flipIn(2)),
				refused("ciphertext tampered", Reason.NOT_AUTHENTIC, flipIn(3)),
				refused("tag tampered", Reason.NOT_AUTHENTIC, flipIn(4)),
				refused("tag missing", Reason.NOT_AUTHENTIC, part(4, "")),
				refused("IV missing", Reason.NOT_AUTHENTIC, part(2, "")),
				refused("IV shortened", Reason.NOT_AUTHENTIC, part(2, "AAAA")),
				refused("ciphertext missing", Reason.NOT_AUTHENTIC, part(3, "")),
				refused("sealed under another key", Reason.NOT_AUTHENTIC,
						value -> new Sealer(key(2), Clock.fixed(NOW, ZoneOffset.UTC)).seal(USE, CLAIMS, LIFETIME)),
				refused("alg none", Reason.UNEXPECTED_HEADER, withHeader("{\"alg\":\"none\",\"enc\":\"A256GCM\"}")),
				refused("alg RSA-OAEP-256", Reason.UNEXPECTED_HEADER,
						withHeader("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}")),
				refused("alg a number", Reason.MALFORMED, withHeader("{\"alg\":1,\"enc\":\"A256GCM\"}")),
				refused("enc missing", Reason.MALFORMED, withHeader("{\"alg\":\"dir\"}")),
				refused("alg A256KW", Reason.UNEXPECTED_HEADER, withHeader("{\"alg\":\"A256KW\",\"enc\":\"A256GCM\"}")),
				refused("enc A128GCM", Reason.UNEXPECTED_HEADER, withHeader("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}")),
				refused("enc A256CBC-HS512", Reason.UNEXPECTED_HEADER,
						withHeader("{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\"}")),
				refused("compressed", Reason.UNEXPECTED_HEADER,
						withHeader("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"zip\":\"DEF\"}")),
				refused("critical extension", Reason.UNEXPECTED_HEADER,
						withHeader("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":[\"x\"],\"x\":1}")),
				refused("a key id", Reason.UNEXPECTED_HEADER,
						withHeader("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"other\"}")),
				refused("sealed for another use", Reason.WRONG_USE, value -> SEALER.seal("other", CLAIMS, LIFETIME)),
				refused("sealed for no use", Reason.WRONG_USE, value -> raw("{\"sub\":\"ada\",\"exp\":9999999999}")),
				refused("expired a minute ago", Reason.EXPIRED,
						value -> new Sealer(KEY, Clock.fixed(NOW.minus(Duration.ofMinutes(16)), ZoneOffset.UTC))
							.seal(USE, CLAIMS, LIFETIME)),
				refused("expiring this second", Reason.EXPIRED, value -> SEALER.seal(USE, CLAIMS, Duration.ZERO)),
				refused("without expiry", Reason.EXPIRED, value -> raw("{\"use\":\"test\",\"sub\":\"ada\"}")),
				refused("expiry not a number", Reason.EXPIRED,
						value -> raw("{\"use\":\"test\",\"exp\":\"9999999999\"}")),
				refused("payload a JSON array", Reason.MALFORMED, value -> raw("[\"test\"]")),
				refused("payload not JSON", Reason.MALFORMED, value -> raw("use=test")),
				refused("oversized", Reason.OVERSIZED, value -> value + ".".repeat(Sealer.MAX_LENGTH)),
				refused("a JWS", Reason.MALFORMED, value -> value.substring(0, value.lastIndexOf('.'))),
				refused("four parts", Reason.MALFORMED, value -> value.substring(value.indexOf('.') + 1)),
				refused("header not base64url", Reason.MALFORMED, part(0, "%%%")),
				refused("header not JSON", Reason.MALFORMED, withHeader("dir")),
				refused("garbage", Reason.MALFORMED, value -> "not-a-sealed-value"),
				refused("empty", Reason.MALFORMED, value -> ""), refused("null", Reason.MALFORMED, value -> null));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("refusedValues")
	void unsealWhenNotSealedHereForThisUseThenRefusedWithReason(UnaryOperator<String> change, Reason reason) {
		String sealed = SEALER.seal(USE, CLAIMS, LIFETIME);

		SealException refused = catchThrowableOfType(SealException.class,
				() -> SEALER.unseal(USE, change.apply(sealed)));

		assertThat(refused).as("refused").isNotNull();
		assertThat(refused.reason()).isEqualTo(reason);
		assertThat(refused.getMessage()).isEqualTo(reason.name());
	}

	private static Arguments refused(String name, Reason reason, UnaryOperator<String> change) {
		return arguments(named(name, change), reason);
	}

	private static UnaryOperator<String> withHeader(String json) {
		return part(0, Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
	}

	private static UnaryOperator<String> part(int index, String replacement) {
		return value -> {
			String[] parts = value.split("\\.", -1);
			parts[index] = replacement;
			return String.join(".", parts);
		};
	}

	/**
	 * The part at {@code index} with one bit of its first byte flipped, so the change is
	 * never lost in padding.
	 */
	private static UnaryOperator<String> flipIn(int index) {
		return value -> {
			String[] parts = value.split("\\.", -1);
			byte[] bytes = Base64.getUrlDecoder().decode(parts[index]);
			bytes[0] ^= 1;
			return part(index, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).apply(value);
		};
	}

	/**
	 * {@code payload} encrypted under {@link #KEY} as the sealer would, but without its
	 * checks on what goes in.
	 */
	private static String raw(String payload) {
		JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(payload));
		try {
			jwe.encrypt(new DirectEncrypter(KEY));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwe.serialize();
	}

	private static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.ISO_8859_1);
	}

	private static byte[] key(int seed) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) seed);
		return key;
	}

}
