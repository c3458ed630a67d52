-- Undoes up.sql: articles first, since it references users. Its index and sequence go with it.
DROP TABLE IF EXISTS public.articles;
DROP TABLE IF EXISTS public.users;
