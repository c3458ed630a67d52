package dev.authbridge.session;

import java.util.Set;

/**
 * A token that must not be honoured. The message is a short machine reason, one of
 * {@link #REASONS}, and never contains the token itself.
 */
public final class InvalidTokenException extends Exception {

	/** Every reason a token is refused for; metrics keep one counter per reason. */
	public static final Set<String> REASONS = Set.of("too_large", "malformed", "algorithm_not_allowed", "bad_signature",
			"expired", "issued_in_future", "missing_time_claims", "bad_claim_sub", "bad_claim_name", "bad_claim_email",
			"bad_claim_picture", "bad_claim_provider", "bad_claim_jti", "bad_claim_epoch", "bad_claim_email_verified",
			"bad_claim_role", "bad_claim_roles", "bad_claim_iss", "bad_claim_aud", "hasura_claims_malformed",
			"signed_out_everywhere");

	public InvalidTokenException(String reason) {
		super(reason, null, false, false);
		if (!REASONS.contains(reason)) {
			throw new IllegalArgumentException("Unlisted token rejection reason " + reason);
		}
	}

}
