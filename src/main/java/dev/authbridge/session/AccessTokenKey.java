package dev.authbridge.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The key pair access tokens are signed with when {@code HASURA_GRAPHQL_JWT_SECRET} has
 * an asymmetric type: its public key (Hasura's {@code key}) and
 * {@code AUTH_JWT_PRIVATE_KEY}, checked at startup to be of the type's kind and to belong
 * together. Signing and verifying are the JDK's; the public half is published as a JWK
 * (RFC 7517) whose {@code kid} is its RFC 7638 thumbprint, which the tokens carry.
 */
public final class AccessTokenKey {

	/** RFC 7518 §3.3: a key of 2048 bits or larger MUST be used with RS256 and up. */
	static final int MIN_RSA_BITS = 2048;

	private final JWSAlgorithm algorithm;

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private final JWK publicJwk;

	private AccessTokenKey(JWSAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
		this.algorithm = algorithm;
		this.privateKey = privateKey;
		this.publicKey = publicKey;
		this.publicJwk = jwk(algorithm, publicKey);
	}

	@Override
	public String toString() {
		return "AccessTokenKey[" + this.algorithm + ", kid=" + keyId() + "]";
	}

	/**
	 * The signing key for {@code hasura}: {@code null} for a shared-key (HMAC) type; for
	 * an asymmetric one, {@code privateKeyPem} read and checked against Hasura's public
	 * key. Every problem found is added to {@code problems} as one line.
	 */
	public static AccessTokenKey decide(HasuraJwtConfig hasura, String privateKeyPem, List<String> problems) {
		boolean given = privateKeyPem != null && !privateKeyPem.isBlank();
		if (hasura == null) {
			return null;
		}
		if (hasura.publicKey() == null) {
			if (given) {
				problems.add("AUTH_JWT_PRIVATE_KEY is set but HASURA_GRAPHQL_JWT_SECRET has the shared-key type "
						+ hasura.algorithm() + ": remove AUTH_JWT_PRIVATE_KEY or give Hasura the public key with an "
						+ "asymmetric \"type\" (RS256, ES256, Ed25519, ...)");
			}
			return null;
		}
		String type = hasura.source().get("type").toString();
		if (!given) {
			problems.add("AUTH_JWT_PRIVATE_KEY is not set while HASURA_GRAPHQL_JWT_SECRET has \"type\":\"" + type
					+ "\": set it to the PEM private key whose public key is Hasura's \"key\"");
			return null;
		}
		PrivateKey privateKey;
		try {
			privateKey = PemKeys.privateKey(privateKeyPem);
		}
		catch (IllegalArgumentException ex) {
			problems.add("AUTH_JWT_PRIVATE_KEY " + ex.getMessage() + ": set it to a PEM private key (BEGIN PRIVATE "
					+ "KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY), e.g. from `openssl genrsa 2048`");
			return null;
		}
		String kindProblem = kindProblem(hasura.algorithm(), type, privateKey);
		if (kindProblem != null) {
			problems.add("AUTH_JWT_PRIVATE_KEY " + kindProblem);
			return null;
		}
		AccessTokenKey key = new AccessTokenKey(hasura.algorithm(), privateKey, hasura.publicKey());
		byte[] probe = "authbridge key pair check".getBytes(StandardCharsets.US_ASCII);
		if (!key.verify(probe, key.sign(probe))) {
			problems.add("AUTH_JWT_PRIVATE_KEY does not match the public key in HASURA_GRAPHQL_JWT_SECRET (a token "
					+ "it signs would not verify there): set the private key of that same pair");
			return null;
		}
		return key;
	}

	/**
	 * The algorithms {@code AUTH_JWT_ALGORITHM} offers for generated keys, by name: RSA
	 * of {@link #MIN_RSA_BITS}, P-256 and Ed25519.
	 */
	public static final Map<String, JWSAlgorithm> GENERATED = Map.of("RS256", JWSAlgorithm.RS256, "ES256",
			JWSAlgorithm.ES256, "EdDSA", JWSAlgorithm.EdDSA);

	/** A new key pair for {@code algorithm}, one of {@link #GENERATED}. */
	public static AccessTokenKey generate(JWSAlgorithm algorithm) {
		try {
			KeyPairGenerator generator;
			if (JWSAlgorithm.EdDSA.equals(algorithm)) {
				generator = KeyPairGenerator.getInstance("Ed25519");
			}
			else if (JWSAlgorithm.ES256.equals(algorithm)) {
				generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			else {
				generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(MIN_RSA_BITS);
			}
			KeyPair pair = generator.generateKeyPair();
			return new AccessTokenKey(algorithm, pair.getPrivate(), pair.getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(algorithm + " key generation unavailable", ex);
		}
	}

	/**
	 * The key pair in {@code pkcs8} and {@code x509} (their DER encodings, as
	 * {@link #privateKeyPkcs8()} and {@link #publicKeyX509()} give them).
	 * @throws IllegalArgumentException when they do not parse as a key of
	 * {@code algorithm}'s kind
	 */
	static AccessTokenKey decode(JWSAlgorithm algorithm, byte[] pkcs8, byte[] x509) {
		String factory = JWSAlgorithm.Family.RSA.contains(algorithm) ? "RSA"
				: JWSAlgorithm.EdDSA.equals(algorithm) ? "Ed25519" : "EC";
		try {
			KeyFactory keys = KeyFactory.getInstance(factory);
			return new AccessTokenKey(algorithm, keys.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)),
					keys.generatePublic(new X509EncodedKeySpec(x509)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not a " + factory + " key pair", ex);
		}
	}

	/**
	 * The key pair of the RSA private key {@code privateKeyPem} for {@code algorithm}
	 * (its public half derived from it), for Hasura's {@code jwk_url} without a database;
	 * or {@code null} with a problem line.
	 */
	public static AccessTokenKey fromRsaPrivateKey(JWSAlgorithm algorithm, String privateKeyPem,
			List<String> problems) {
		PrivateKey privateKey;
		try {
			privateKey = PemKeys.privateKey(privateKeyPem);
		}
		catch (IllegalArgumentException ex) {
			problems.add("AUTH_JWT_PRIVATE_KEY " + ex.getMessage() + ": set it to a PEM private key, e.g. from "
					+ "`openssl genrsa 2048`");
			return null;
		}
		if (!(privateKey instanceof RSAPrivateCrtKey rsa) || !JWSAlgorithm.Family.RSA.contains(algorithm)) {
			problems.add("AUTH_JWT_PRIVATE_KEY with \"jwk_url\" and no DATABASE_URL must be an RSA key, with "
					+ "AUTH_JWT_ALGORITHM=RS256: the bridge publishes the public half it derives from it; for ES256 "
					+ "or EdDSA keys set DATABASE_URL");
			return null;
		}
		String kindProblem = kindProblem(algorithm, algorithm.getName(), privateKey);
		if (kindProblem != null) {
			problems.add("AUTH_JWT_PRIVATE_KEY " + kindProblem);
			return null;
		}
		try {
			PublicKey publicKey = KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			return new AccessTokenKey(algorithm, privateKey, publicKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("RSA unavailable", ex);
		}
	}

	/** The private key's PKCS#8 encoding, only ever to be sealed. */
	byte[] privateKeyPkcs8() {
		return this.privateKey.getEncoded();
	}

	/** The public key's SubjectPublicKeyInfo encoding. */
	byte[] publicKeyX509() {
		return this.publicKey.getEncoded();
	}

	/**
	 * Why {@code key} cannot serve {@code algorithm} (Hasura's {@code type}), or
	 * {@code null} when it can.
	 */
	static String kindProblem(JWSAlgorithm algorithm, String type, Key key) {
		String expected = kind(algorithm);
		String actual = kind(key);
		if (!expected.equals(actual)) {
			return "is " + article(actual) + actual + " key, but \"type\":\"" + type + "\" needs " + article(expected)
					+ expected + " key";
		}
		if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
			return "is an RSA key of " + rsa.getModulus().bitLength() + " bits: use at least " + MIN_RSA_BITS
					+ " (RFC 7518 §3.3), e.g. `openssl genrsa 2048`";
		}
		return null;
	}

	private static String article(String kind) {
		return kind.startsWith("RSA") || kind.startsWith("E") ? "an " : "a ";
	}

	private static String kind(JWSAlgorithm algorithm) {
		if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
			return "RSA";
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return "Ed25519";
		}
		return Curve.forJWSAlgorithm(algorithm).iterator().next().getName();
	}

	private static String kind(Key key) {
		if (key instanceof RSAKey) {
			return "RSA";
		}
		if (key instanceof ECKey ec) {
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			return curve == null ? "EC (unnamed curve)" : curve.getName();
		}
		if (key instanceof EdECKey ed) {
			return ed.getParams().getName();
		}
		return key.getAlgorithm();
	}

	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/** The {@code kid} of the tokens: the public key's RFC 7638 thumbprint. */
	public String keyId() {
		return this.publicJwk.getKeyID();
	}

	/**
	 * The public key as a JWK with {@code kty}, {@code kid}, {@code alg},
	 * {@code use:"sig"} and its parameters; never a private one.
	 */
	public Map<String, Object> publicJwk() {
		return this.publicJwk.toJSONObject();
	}

	/** The JWS signature over {@code input} (RFC 7518 §3.3-§3.4, RFC 8037 §3.1). */
	byte[] sign(byte[] input) {
		try {
			Signature signature = Signature.getInstance(jdkName(this.algorithm));
			signature.initSign(this.privateKey);
			signature.update(input);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(this.algorithm + " signing failed", ex);
		}
	}

	/** Whether {@code signature} is this key's over {@code input}. */
	boolean verify(byte[] input, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance(jdkName(this.algorithm));
			verifier.initVerify(this.publicKey);
			verifier.update(input);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * The JDK's name; for ECDSA the IEEE P1363 form, R and S side by side, which is JWS's
	 * (RFC 7518 §3.4), rather than DER.
	 */
	private static String jdkName(JWSAlgorithm algorithm) {
		String bits = algorithm.getName().substring(2);
		if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
			return "SHA" + bits + "withRSA";
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return "Ed25519";
		}
		return "SHA" + bits + "withECDSAinP1363Format";
	}

	private static JWK jwk(JWSAlgorithm algorithm, PublicKey key) {
		try {
			JWK plain;
			if (key instanceof RSAPublicKey rsa) {
				plain = new com.nimbusds.jose.jwk.RSAKey.Builder(rsa).build();
				return new com.nimbusds.jose.jwk.RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE)
					.algorithm(algorithm)
					.keyID(plain.computeThumbprint().toString())
					.build();
			}
			if (key instanceof ECPublicKey ec) {
				Curve curve = Curve.forECParameterSpec(ec.getParams());
				plain = new com.nimbusds.jose.jwk.ECKey.Builder(curve, ec).build();
				return new com.nimbusds.jose.jwk.ECKey.Builder(curve, ec).keyUse(KeyUse.SIGNATURE)
					.algorithm(algorithm)
					.keyID(plain.computeThumbprint().toString())
					.build();
			}
			// Ed25519's SubjectPublicKeyInfo ends with the 32-byte public key (RFC 8410
			// §4)
			byte[] encoded = key.getEncoded();
			Base64URL x = Base64URL.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
			plain = new OctetKeyPair.Builder(Curve.Ed25519, x).build();
			return new OctetKeyPair.Builder(Curve.Ed25519, x).keyUse(KeyUse.SIGNATURE)
				.algorithm(algorithm)
				.keyID(plain.computeThumbprint().toString())
				.build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("JWK thumbprint unavailable", ex);
		}
	}

}
