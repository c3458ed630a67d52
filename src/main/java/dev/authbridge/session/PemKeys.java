package dev.authbridge.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys in the PEM forms openssl writes (RFC 7468), read with the JDK alone: a public key
 * ({@code BEGIN PUBLIC KEY}, SubjectPublicKeyInfo) or an X.509 certificate, as Hasura
 * takes them, and a private key as PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, RFC 8017 A.1.2, what {@code openssl genrsa} writes) or
 * SEC1 ({@code BEGIN EC PRIVATE KEY}, RFC 5915). The last two are wrapped into PKCS#8
 * (RFC 5208 §5), the one private form the JDK's key factories read.
 */
final class PemKeys {

	private static final Pattern BLOCK = Pattern
		.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

	/** rsaEncryption (1.2.840.113549.1.1.1) with its NULL parameters. */
	private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");

	/** id-ecPublicKey (1.2.840.10045.2.1). */
	private static final byte[] EC_PUBLIC_KEY = hex("06072a8648ce3d0201");

	private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519");

	private PemKeys() {
	}

	/**
	 * The public key in {@code pem}: a {@code PUBLIC KEY} or a {@code CERTIFICATE}.
	 * @throws IllegalArgumentException when there is none or it does not parse
	 */
	static PublicKey publicKey(String pem) {
		Matcher block = block(pem);
		byte[] der = Base64.getMimeDecoder().decode(block.group(2));
		try {
			return switch (block.group(1)) {
				case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
					.generateCertificate(new ByteArrayInputStream(der))
					.getPublicKey();
				case "PUBLIC KEY" ->
					anyAlgorithm(factory -> factory.generatePublic(new X509EncodedKeySpec(der)), "public key");
				default -> throw new IllegalArgumentException(
						"holds a " + block.group(1) + ", not a PUBLIC KEY or CERTIFICATE");
			};
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("is not a valid X.509 certificate");
		}
	}

	/**
	 * The private key in {@code pem}: PKCS#8, PKCS#1 (RSA) or SEC1 (EC).
	 * @throws IllegalArgumentException when there is none or it does not parse
	 */
	static PrivateKey privateKey(String pem) {
		Matcher block = block(pem);
		byte[] der = Base64.getMimeDecoder().decode(block.group(2));
		try {
			return switch (block.group(1)) {
				case "PRIVATE KEY" ->
					anyAlgorithm(factory -> factory.generatePrivate(new PKCS8EncodedKeySpec(der)), "private key");
				case "RSA PRIVATE KEY" ->
					KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(RSA_ALGORITHM, der)));
				case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC")
					.generatePrivate(new PKCS8EncodedKeySpec(pkcs8(sequence(EC_PUBLIC_KEY, sec1Curve(der)), der)));
				default -> throw new IllegalArgumentException("holds a " + block.group(1)
						+ ", not a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY (encrypted keys are not read)");
			};
		}
		catch (GeneralSecurityException | IndexOutOfBoundsException ex) {

			throw new IllegalArgumentException("is not a valid " + block.group(1));
		}
	}

	/**
	 * The key {@code generate} makes with the first of RSA, EC and Ed25519 whose factory
	 * takes it: the PEM label does not say which.
	 */
	private static <K> K anyAlgorithm(Generate<K> generate, String what) {
		for (String algorithm : ALGORITHMS) {
			try {
				return generate.apply(KeyFactory.getInstance(algorithm));
			}
			catch (GeneralSecurityException ex) {
				// another algorithm's key
			}
		}
		throw new IllegalArgumentException("is not an RSA, EC or Ed25519 " + what);
	}

	@FunctionalInterface
	private interface Generate<K> {

		K apply(KeyFactory factory) throws GeneralSecurityException;

	}

	/**
	 * The one key block in {@code pem}; others, such as the {@code EC PARAMETERS} that
	 * {@code openssl ecparam -genkey} writes first, are skipped.
	 */
	private static Matcher block(String pem) {
		Matcher matcher = BLOCK.matcher(pem.replace("\\n", "\n"));
		while (matcher.find()) {
			if (!matcher.group(1).equals("EC PARAMETERS")) {
				return matcher;
			}
		}
		throw new IllegalArgumentException("is not PEM (no -----BEGIN ...----- block)");
	}

	/** PrivateKeyInfo: version 0, the algorithm, the key as an OCTET STRING. */
	private static byte[] pkcs8(byte[] algorithm, byte[] key) {
		return sequence(hex("020100"), algorithm, tlv(0x04, key));
	}

	/**
	 * The named curve's OID in a SEC1 ECPrivateKey: SEQUENCE { version, OCTET STRING, [0]
	 * parameters, [1] public key }.
	 */
	private static byte[] sec1Curve(byte[] der) {
		int[] at = { 0 };
		header(der, at, 0x30);
		skip(der, at, 0x02);
		skip(der, at, 0x04);
		int length = header(der, at, 0xa0);
		byte[] curve = new byte[length];
		System.arraycopy(der, at[0], curve, 0, length);
		if (curve.length == 0 || curve[0] != 0x06) {
			throw new IndexOutOfBoundsException("no named curve");
		}
		return curve;
	}

	private static void skip(byte[] der, int[] at, int tag) {
		// not `at[0] += header(...)`: that adds to the offset read before the header
		int length = header(der, at, tag);
		at[0] += length;
	}

	/** Reads a tag and length at {@code at}, leaving it at the contents. */
	private static int header(byte[] der, int[] at, int tag) {
		if ((der[at[0]++] & 0xff) != tag) {
			throw new IndexOutOfBoundsException("unexpected DER tag");
		}
		int length = der[at[0]++] & 0xff;
		if (length > 0x80) {
			int bytes = length & 0x7f;
			length = 0;
			for (int i = 0; i < bytes; i++) {
				length = (length << 8) | (der[at[0]++] & 0xff);
			}
		}
		return length;
	}

	private static byte[] sequence(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return tlv(0x30, out.toByteArray());
	}

	private static byte[] tlv(int tag, byte[] contents) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		int length = contents.length;
		if (length < 0x80) {
			out.write(length);
		}
		else {
			byte[] bytes = BigInteger.valueOf(length).toByteArray();
			int offset = bytes[0] == 0 ? 1 : 0;
			out.write(0x80 | (bytes.length - offset));
			out.write(bytes, offset, bytes.length - offset);
		}
		out.writeBytes(contents);
		return out.toByteArray();
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
