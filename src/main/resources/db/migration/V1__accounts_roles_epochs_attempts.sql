-- Schema auth belongs to the bridge; Hasura's public.users (the shadow users) is never touched from here.

-- E-mail + password accounts. email is stored normalised (trimmed, lower case), so the unique constraint is the
-- duplicate check. The shadow user of an account is 'credentials|' || id.
CREATE TABLE IF NOT EXISTS auth.accounts (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text        NOT NULL CONSTRAINT accounts_email_key UNIQUE,
    name          text,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Extra Hasura roles per user id (any provider's: 'github|583231', 'credentials|<uuid>'), added to
-- x-hasura-allowed-roles at sign-in.
CREATE TABLE IF NOT EXISTS auth.user_roles (
    user_id    text        NOT NULL,
    role       text        NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role)
);

-- Sign out everywhere: sessions carry the epoch their user had at sign-in; bumping it ends every older session.
-- changed_at lets each instance poll only the recent changes.
CREATE TABLE IF NOT EXISTS auth.session_epochs (
    user_id    text        PRIMARY KEY,
    epoch      bigint      NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS session_epochs_changed_at ON auth.session_epochs (changed_at);

-- Failed credential sign-ins per key ('email:<hmac>' or 'address:<hmac>') in a fixed window, shared by instances.
CREATE TABLE IF NOT EXISTS auth.sign_in_attempts (
    key               text        PRIMARY KEY,
    failures          integer     NOT NULL,
    window_started_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_attempts_window ON auth.sign_in_attempts (window_started_at);
