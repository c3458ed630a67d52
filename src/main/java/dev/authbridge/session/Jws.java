package dev.authbridge.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What both tokens share: compact HMAC signing and the {@code iat} rule. */
final class Jws {

	/**
	 * How far {@code iat} is set in the past. Hasura's default {@code allowed_skew} is 0 and it rejects a token whose
	 * {@code iat} is even a second in its future, so a small lag between hosts' clocks would otherwise break sign-in.
	 */
	static final Duration IAT_BACKDATE = Duration.ofSeconds(5);

	private Jws() {
	}

	static Instant issuedAt(Clock clock) {
		return clock.instant().minus(IAT_BACKDATE);
	}

	static String sign(JWSHeader header, Map<String, Object> payload, JWSSigner signer) {
		JWSObject jws = new JWSObject(header, new Payload(payload));
		try {
			jws.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("HMAC signing failed", ex);
		}
		return jws.serialize();
	}

}
