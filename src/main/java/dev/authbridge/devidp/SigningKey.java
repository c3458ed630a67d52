package dev.authbridge.devidp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The RS256 key that signs ID tokens, generated at each start and never stored: the
 * bridge fetches the public half from the JWKS endpoint and checks every ID token against
 * it (OIDC Core §10.1), exactly as it would Auth0's.
 *
 * <p>
 * Finding two 2048-bit primes took a fifth of a development run's start-up (JFR), before
 * the server could answer anything. It now runs on a worker thread once the server is up:
 * when the bridge first reads the provider's discovery document ({@link #prepare}), which
 * it does right after start-up, or else when the key is first needed. The endpoints that
 * need the key wait for it without blocking; it is ready long before a person reaches the
 * form.
 */
final class SigningKey {

	private final Mono<Keys> keys;

	private SigningKey(Mono<Keys> keys) {
		this.keys = keys;
	}

	/**
	 * A new 2048-bit RSA key whose {@code kid} is its RFC 7638 thumbprint, generated on
	 * first demand.
	 */
	static SigningKey generate() {
		return new SigningKey(Mono.fromCallable(SigningKey::newKeys).subscribeOn(Schedulers.boundedElastic()).cache());
	}

	/** Starts generating the key in the background, if not yet started. */
	void prepare() {
		// a failure is reported by the endpoints that need the key, as a 500 that
		// ApiErrorHandler logs
		this.keys.subscribe(key -> {
		}, ex -> {
		});
	}

	private static Keys newKeys() throws JOSEException {
		RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.keyIDFromThumbprint(true)
			.generate();
		return new Keys(key, new RSASSASigner(key));
	}

	/**
	 * A compact RS256 JWS of {@code claims}, with the key's {@code kid} in the header.
	 */
	Mono<String> sign(JWTClaimsSet claims) {
		return this.keys.map(keys -> {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
				.keyID(keys.key().getKeyID())
				.build(), claims);
			try {
				jwt.sign(keys.signer());
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("signing an ID token failed", ex);
			}
			return jwt.serialize();
		});
	}

	/** The JWK Set document (RFC 7517 §5) with the public key only. */
	Mono<Map<String, Object>> publicJwks() {
		return this.keys.map(keys -> new JWKSet(keys.key().toPublicJWK()).toJSONObject(true));
	}

	private record Keys(RSAKey key, RSASSASigner signer) {
	}

}
