package dev.authbridge.user;

import java.time.Instant;
import java.util.Objects;

/**
 * Who a provider says signed in, mapped from its own profile shape.
 *
 * @param provider the provider id
 * @param accountId the provider's stable account id (GitHub's numeric {@code id}, an OIDC
 * {@code sub})
 * @param name display name, may be {@code null}
 * @param email e-mail address, may be {@code null}
 * @param image avatar URL, may be {@code null}
 * @param emailVerified when the bridge saw the owner prove {@code email} (NextAuth's
 * adapter field), {@code null} when it did not: always for a provider's users
 */
public record UserProfile(String provider, String accountId, String name, String email, String image,
		Instant emailVerified) {

	public UserProfile {
		Objects.requireNonNull(provider, "provider");
		if (accountId == null || accountId.isBlank()) {
			throw new IllegalArgumentException("accountId must not be blank");
		}
	}

	/** A provider's user, whose address the bridge has not seen proved. */
	public UserProfile(String provider, String accountId, String name, String email, String image) {
		this(provider, accountId, name, email, image, null);
	}

	/**
	 * The shadow user id, Auth0's convention: {@code <provider>|<account id>}; accounts
	 * are never linked by e-mail.
	 */
	public String userId() {
		return this.provider + "|" + this.accountId;
	}

}
