-- A copy of the users table the hasura/ migration creates (constraint users_pkey), for the Hasura stand-in's
-- PostgreSQL. Kept here until the tests read hasura/migrations directly; keep the two identical.
CREATE TABLE IF NOT EXISTS public.users (id text PRIMARY KEY, name text, email text, image text,
  created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz NOT NULL DEFAULT now());
