package dev.authbridge.session;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Key pairs made in the test, written as PEM by BouncyCastle (as openssl writes them),
 * not by the code under test.
 */
public final class TestKeys {

	private TestKeys() {
	}

	/** A fresh pair for Hasura's {@code type}. */
	public static KeyPair generate(String type) {
		try {
			return switch (type) {
				case "RS256", "RS384", "RS512" -> rsa(2048);
				case "ES256" -> ec("secp256r1");
				case "ES384" -> ec("secp384r1");
				case "ES512" -> ec("secp521r1");
				case "Ed25519" -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
				default -> throw new IllegalArgumentException(type);
			};
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static KeyPair rsa(int bits) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return generator.generateKeyPair();
	}

	public static KeyPair ec(String curve) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec(curve));
		return generator.generateKeyPair();
	}

	/** {@code BEGIN PUBLIC KEY}. */
	public static String publicPem(KeyPair pair) {
		return pem(pair.getPublic());
	}

	/** {@code BEGIN PRIVATE KEY}: PKCS#8. */
	public static String pkcs8Pem(KeyPair pair) {
		try {
			return pem(new JcaPKCS8Generator(pair.getPrivate(), null));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY} (SEC1), as
	 * {@code openssl genrsa} and {@code openssl ecparam -genkey} write them.
	 */
	public static String traditionalPem(KeyPair pair) {
		if (!(pair.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec)) {
			return pem(pair.getPrivate());
		}
		// BouncyCastle keeps the JDK's inner SEC1, which lacks the curve; openssl writes
		// it
		// with the named curve ([0]) and the public key ([1]), RFC 5915 §3
		try {
			PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getEncoded());
			org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
					ec.getParams().getOrder().bitLength(), ec.getS(),
					SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData(),
					info.getPrivateKeyAlgorithm().getParameters());
			return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A self-signed X.509 certificate for the public key, {@code BEGIN CERTIFICATE}. */
	public static String certificatePem(KeyPair pair, String signatureAlgorithm) {
		try {
			Instant now = Instant.now();
			X500Name name = new X500Name("CN=authbridge test");
			return pem(new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)),
					Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic())
				.build(new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

}
