-- Not part of the hasura/ migration: the schema of a user who keeps roles in a table of their own, tracked in Hasura
-- as the array relationship users.roles. Tests of AUTH_HASURA_UPSERT_DOCUMENT select it.
CREATE TABLE IF NOT EXISTS public.user_roles (user_id text NOT NULL REFERENCES public.users (id), role text NOT NULL,
  PRIMARY KEY (user_id, role));
