// AuthBridge client: NextAuth-style sign-in calls for any SPA, as one dependency-free ES module.
//
//   import { getSession, getAccessToken, signIn, signOut, onSessionChange, graphqlUrls }
//     from 'https://auth.example.com/api/auth/client.js';
//
// The default exports talk to the bridge this file was loaded from; createAuthClient({ baseUrl }) talks to another.
// Every request includes credentials, so a SPA on another origin works once that origin is in AUTH_CORS_ORIGINS.

const REFRESH_BEFORE_MS = 60_000; // renew the access token this long before it expires
const FOCUS_THROTTLE_MS = 5_000; // refetch the session on window focus at most this often
const CHANNEL = 'authbridge'; // tabs of the same origin tell each other about sign-in and sign-out here

export function createAuthClient({ baseUrl = new URL('/api/auth', import.meta.url) } = {}) {
  const base = String(baseUrl).replace(/\/+$/, '');
  const listeners = new Set();
  let session; // the last session seen: undefined before the first fetch, null when signed out
  let sessionRequest = null; // the one /session request in flight, shared by every caller
  let lastFetch = 0;
  let epoch = 0; // bumped by every sign-out, so that a /session answer already on its way cannot undo it

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  channel?.unref?.(); // never keeps Node (tests, server rendering) alive
  if (channel) {
    channel.onmessage = ({ data }) => (data === 'signout' ? signedOut() : refetch());
  }

  async function request(path, init) {
    const response = await fetch(`${base}/${path}`, { credentials: 'include', ...init });
    if (!response.ok) throw new Error(`AuthBridge ${path}: HTTP ${response.status}`);
    return response.json();
  }

  // Tells the listeners when the signed-in user changes (a rolled session or a new access token is no change).
  function update(next) {
    const changed = session === undefined || session?.user?.id !== next?.user?.id;
    session = next;
    if (changed) listeners.forEach((listener) => listener(next));
    return changed;
  }

  function refetch() {
    if (sessionRequest) return sessionRequest;
    const started = epoch;
    const current = request('session')
      .then((data) => {
        if (started !== epoch) return session; // a sign-out came first: this answer is stale
        lastFetch = Date.now();
        const next = data?.user ? data : null;
        if (update(next) && next) channel?.postMessage('session'); // other tabs see the sign-in too
        return next;
      })
      .finally(() => {
        if (sessionRequest === current) sessionRequest = null;
      });
    sessionRequest = current;
    return current;
  }

  function signedOut() {
    epoch++;
    sessionRequest = null;
    update(null);
  }

  /** The session ({user, expires, accessToken, accessTokenExpires}), or null when signed out. */
  const getSession = () => refetch();

  /** The CSRF token that every POST to the bridge carries (double submit with its cookie). */
  const getCsrfToken = async () => (await request('csrf')).csrfToken;

  /** {id: {id, name, type, signinUrl, callbackUrl}} for every enabled provider. */
  const getProviders = () => request('providers');

  /** A token for Hasura's Authorization header, or null when signed out; renewed shortly before it expires. */
  async function getAccessToken() {
    const fresh = session?.accessToken && Date.parse(session.accessTokenExpires) - Date.now() > REFRESH_BEFORE_MS;
    return (fresh ? session : await refetch())?.accessToken ?? null;
  }

  // NextAuth's POST: form fields with the CSRF token, and json=true so the answer is {url} instead of a redirect.
  async function post(action, fields) {
    const body = new URLSearchParams({ ...fields, csrfToken: await getCsrfToken(), json: 'true' });
    return (await request(action, { method: 'POST', body })).url;
  }

  /** Starts a sign-in with `provider` (without one: the bridge's sign-in page); the browser leaves for it. */
  async function signIn(provider, { callbackUrl = globalThis.location?.href, redirect = true } = {}) {
    const url = provider
      ? await post(`signin/${encodeURIComponent(provider)}`, { callbackUrl })
      : `${base}/signin?${new URLSearchParams({ callbackUrl })}`;
    if (redirect) window.location.href = url;
    return url;
  }

  /** Signs out here and in every other tab, then goes to `callbackUrl` (unless `redirect` is false). */
  async function signOut({ callbackUrl = globalThis.location?.href, redirect = true } = {}) {
    const url = await post('signout', { callbackUrl });
    signedOut();
    channel?.postMessage('signout');
    if (redirect) window.location.href = url;
    return url;
  }

  /** Calls `listener(session or null)` whenever the signed-in user changes; returns the function to stop. */
  function onSessionChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  // Back to a tab after a while: the session may have ended or begun elsewhere (another tab, another window).
  globalThis.addEventListener?.('focus', () => {
    if (session !== undefined && Date.now() - lastFetch >= FOCUS_THROTTLE_MS) refetch().catch(() => {});
  });

  /**
   * The same-origin GraphQL proxy (AUTH_HASURA_PROXY=true) on this bridge's origin: `{ http, ws }` URLs for any
   * GraphQL client, which needs no token at all. The browser sends the session cookie; the bridge turns it into
   * Hasura identity and keeps subscriptions alive across token renewals. A socket closed with 4403 was signed out.
   */
  function graphqlUrls() {
    const http = new URL('/v1/graphql', `${base}/`);
    const ws = new URL(http);
    ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
    return { http: http.href, ws: ws.href };
  }

  return { getSession, getCsrfToken, getProviders, getAccessToken, signIn, signOut, onSessionChange, graphqlUrls };
}

// The default client, bound to this bridge, made on first use so that importing alone opens nothing.
let defaultClient;
const bound = (name) => (...args) => (defaultClient ??= createAuthClient())[name](...args);

export const getSession = bound('getSession');
export const getCsrfToken = bound('getCsrfToken');
export const getProviders = bound('getProviders');
export const getAccessToken = bound('getAccessToken');
export const signIn = bound('signIn');
export const signOut = bound('signOut');
export const onSessionChange = bound('onSessionChange');
export const graphqlUrls = bound('graphqlUrls');
