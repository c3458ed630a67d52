-- Single-use links sent by mail (password reset). Only the SHA-256 of a token is kept: a copy of this table opens no
-- account. A token is used up by one UPDATE ... WHERE used_at IS NULL AND expires_at > now(), so two clicks racing
-- cannot both pass; used and expired rows are purged a day later.
CREATE TABLE IF NOT EXISTS auth.email_tokens (
    token_hash bytea       PRIMARY KEY,
    purpose    text        NOT NULL,
    account_id uuid        NOT NULL REFERENCES auth.accounts (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS email_tokens_expires_at ON auth.email_tokens (expires_at);
