-- AuthBridge's Hasura schema: the shadow users the bridge upserts at sign-in, and the tutorial's articles.
-- Plain PostgreSQL, safe to run twice: `psql -f up.sql` on a bare database gives the same result as
-- `hasura migrate apply`.

-- One row per signed-in identity. id is "<provider>|<provider account id>" (github|583231, auth0|…), the value
-- the bridge puts in x-hasura-user-id. The bridge upserts with
--   insert_users_one(object: {id, name, email, image, last_seen_at},
--                    on_conflict: {constraint: users_pkey, update_columns: [name, email, image, last_seen_at]})
-- so the primary key keeps PostgreSQL's default name, users_pkey.
CREATE TABLE IF NOT EXISTS public.users (
    id           text        NOT NULL,
    name         text,
    email        text,
    image        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

COMMENT ON TABLE public.users IS 'Shadow users: one row per identity signed in through AuthBridge, upserted at each sign-in.';
COMMENT ON COLUMN public.users.id IS '<provider>|<provider account id>, the x-hasura-user-id of the bridge''s tokens.';
COMMENT ON COLUMN public.users.last_seen_at IS 'Time of the latest sign-in.';

-- The Hasura tutorial's articles, owned by a user: row permissions key on user_id = X-Hasura-User-Id.
CREATE TABLE IF NOT EXISTS public.articles (
    id      serial NOT NULL,
    title   text   NOT NULL,
    content text   NOT NULL,
    user_id text   NOT NULL,
    CONSTRAINT articles_pkey PRIMARY KEY (id),
    CONSTRAINT articles_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id)
        ON UPDATE CASCADE ON DELETE CASCADE
);

COMMENT ON TABLE public.articles IS 'Articles written by signed-in users; each user sees and edits only their own.';

-- Every permission filters on user_id, and PostgreSQL does not index a foreign key by itself.
CREATE INDEX IF NOT EXISTS articles_user_id_idx ON public.articles (user_id);
