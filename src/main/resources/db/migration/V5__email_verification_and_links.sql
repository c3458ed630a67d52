-- E-mail verification and sign-in links (DESIGN §11).
-- email_verified_at: when the owner of the address proved it (a verification link, a sign-in link, a reset link);
-- NULL until then. NextAuth's adapter calls this emailVerified.
ALTER TABLE auth.accounts ADD COLUMN IF NOT EXISTS email_verified_at timestamptz;
-- An account made by a sign-in link has no password until its owner sets one (password reset).
ALTER TABLE auth.accounts ALTER COLUMN password_hash DROP NOT NULL;
-- A sign-in link may go to an address that has no account yet: its token names the address, and the account is made
-- when the link is used. Every token names either an account or an address.
ALTER TABLE auth.email_tokens ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE auth.email_tokens ADD COLUMN IF NOT EXISTS email text;
ALTER TABLE auth.email_tokens DROP CONSTRAINT IF EXISTS email_tokens_account_or_email;
ALTER TABLE auth.email_tokens ADD CONSTRAINT email_tokens_account_or_email
    CHECK (account_id IS NOT NULL OR email IS NOT NULL);
