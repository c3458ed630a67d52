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

/**
 * The RS256 key that signs ID tokens, generated at each start and never stored: the bridge fetches the public half
 * from the JWKS endpoint and checks every ID token against it (OIDC Core §10.1), exactly as it would Auth0's.
 */
final class SigningKey {

	private final RSAKey key;

	private final RSASSASigner signer;

	private SigningKey(RSAKey key) throws JOSEException {
		this.key = key;
		this.signer = new RSASSASigner(key);
	}

	/** A new 2048-bit RSA key whose {@code kid} is its RFC 7638 thumbprint. */
	static SigningKey generate() {
		try {
			return new SigningKey(new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("generating the dev-idp signing key failed", ex);
		}
	}

	/** A compact RS256 JWS of {@code claims}, with the key's {@code kid} in the header. */
	String sign(JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(this.key.getKeyID()).build(),
				claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("signing an ID token failed", ex);
		}
		return jwt.serialize();
	}

	/** The JWK Set document (RFC 7517 §5) with the public key only. */
	Map<String, Object> publicJwks() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject(true);
	}

}
