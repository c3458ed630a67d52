-- The access tokens' signing keys for Hasura's jwk_url, shared by every instance (DESIGN §10). A key is published
-- (served in /api/auth/jwks) from created_at, signs from signs_from until a newer key signs, and is deleted after
-- unpublish_at, set when a newer key supersedes it. The private half is sealed with a key derived from AUTH_SECRET.
CREATE TABLE IF NOT EXISTS auth.signing_keys (
    kid text PRIMARY KEY,
    alg text NOT NULL,
    public_jwk text NOT NULL,
    sealed_private text NOT NULL,
    created_at timestamptz NOT NULL,
    signs_from timestamptz NOT NULL,
    unpublish_at timestamptz
);
