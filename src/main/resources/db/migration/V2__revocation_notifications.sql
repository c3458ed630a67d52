-- Revocations reach every instance at once: each instance LISTENs on channel authbridge_revocations, and these
-- triggers NOTIFY it on commit, with a JSON payload (user ids may hold any character). Triggers, not the bridge's own
-- statements, so that an operator's manual SQL notifies too. The instances still poll auth.session_epochs as the
-- safety net for what a dropped connection missed.

-- Sessions that signed out (their token id, jti), kept only so that inserting one notifies; purged after minutes.
CREATE TABLE IF NOT EXISTS auth.ended_sessions (
    session_id text        PRIMARY KEY,
    ended_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ended_sessions_ended_at ON auth.ended_sessions (ended_at);

-- {"user": <user id>, "epoch": <epoch>} whenever a user's epoch is set: sign-out everywhere, a role removed.
CREATE OR REPLACE FUNCTION auth.notify_session_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('authbridge_revocations', json_build_object('user', NEW.user_id, 'epoch', NEW.epoch)::text);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS session_epochs_notify ON auth.session_epochs;
CREATE TRIGGER session_epochs_notify AFTER INSERT OR UPDATE ON auth.session_epochs
    FOR EACH ROW EXECUTE FUNCTION auth.notify_session_epoch();

-- {"session": <jti>} whenever a session signs out (again, should the same token sign out twice).
CREATE OR REPLACE FUNCTION auth.notify_ended_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('authbridge_revocations', json_build_object('session', NEW.session_id)::text);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS ended_sessions_notify ON auth.ended_sessions;
CREATE TRIGGER ended_sessions_notify AFTER INSERT OR UPDATE ON auth.ended_sessions
    FOR EACH ROW EXECUTE FUNCTION auth.notify_ended_session();
