// The served client module against the running bridge, in Node (node:test, no npm packages). Run by
// ClientModuleTests, which passes the bridge's base URL and a session cookie. Node's fetch keeps no cookies, so a
// tiny jar stands in for the browser's; Node's BroadcastChannel is the browser's.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const base = process.env.AUTHBRIDGE_BASE;
const source = await (await fetch(`${base}/client.js`)).text();
const { createAuthClient } = await import(`data:text/javascript,${encodeURIComponent(source)}`);

const realFetch = globalThis.fetch;

/** A fetch for one browser: its own cookies, and a log of the paths it asked for. */
function browser(cookies = {}) {
  const jar = new Map(Object.entries(cookies));
  const paths = [];
  const fetch = async (url, init = {}) => {
    assert.equal(init.credentials, 'include');
    paths.push(new URL(url).pathname);
    const headers = new Headers(init.headers);
    headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await realFetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [name, value] = cookie.split(';')[0].split(/=(.*)/);
      /max-age=0/i.test(cookie) ? jar.delete(name) : jar.set(name, value);
    }
    return response;
  };
  return { fetch, paths, jar };
}

/** Runs `body` with `globalThis.fetch` set to `fetch`, as the module calls the global one. */
async function using(fetch, body) {
  globalThis.fetch = fetch;
  try {
    return await body();
  } finally {
    globalThis.fetch = realFetch;
  }
}

const signedIn = () => browser({ 'authbridge.session-token': process.env.AUTHBRIDGE_SESSION });

test('getCsrfToken and getProviders read the bridge', async () => {
  const client = createAuthClient({ baseUrl: base });
  await using(browser().fetch, async () => {
    assert.match(await client.getCsrfToken(), /^[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(await client.getProviders()).sort(), ['auth0', 'github']);
  });
});

test('getSession is null when signed out, and listeners hear it', async () => {
  const client = createAuthClient({ baseUrl: `${base}/` });
  const heard = [];
  client.onSessionChange((session) => heard.push(session));
  await using(browser().fetch, async () => assert.equal(await client.getSession(), null));
  assert.deepEqual(heard, [null]);
});

test('getAccessToken: one request however many callers, then the cached token', async () => {
  const client = createAuthClient({ baseUrl: base });
  const { fetch, paths } = signedIn();
  await using(fetch, async () => {
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => client.getAccessToken()));
    assert.equal(new Set(tokens).size, 1);
    assert.match(tokens[0], /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(await client.getAccessToken(), tokens[0]);
  });
  assert.deepEqual(paths, ['/api/auth/session']);
});

test('getAccessToken renews a token that expires within a minute', async () => {
  const client = createAuthClient({ baseUrl: base });
  let calls = 0;
  const expiring = async () => {
    calls++;
    return Response.json({ user: { id: 'u1' }, accessToken: `token-${calls}`,
      accessTokenExpires: new Date(Date.now() + 30_000).toISOString() });
  };
  await using(expiring, async () => {
    assert.equal(await client.getAccessToken(), 'token-1');
    assert.equal(await client.getAccessToken(), 'token-2');
  });
});

test('signIn posts the CSRF token and callbackUrl and answers the provider URL', async () => {
  const client = createAuthClient({ baseUrl: base });
  const url = await using(browser().fetch, () => client.signIn('github', { callbackUrl: '/after', redirect: false }));
  assert.match(url, /^https:\/\/github\.com\/login\/oauth\/authorize\?/);
});

test('signOut ends the session and tells the other tabs', async () => {
  const tab = createAuthClient({ baseUrl: base });
  const otherTab = createAuthClient({ baseUrl: base });
  const one = signedIn();
  const heard = [];
  await using(one.fetch, async () => {
    await otherTab.getSession();
    otherTab.onSessionChange((session) => heard.push(session));
    const url = await tab.signOut({ callbackUrl: '/bye', redirect: false });
    assert.equal(url, 'http://app.example.test/bye');
    assert.equal(one.jar.has('authbridge.session-token'), false);
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(heard, [null]);
});

test('graphqlUrls: the proxy on the bridge origin, ws for http and wss for https', () => {
  const origin = new URL(base).origin;
  assert.deepEqual(createAuthClient({ baseUrl: base }).graphqlUrls(), {
    http: `${origin}/v1/graphql`,
    ws: `${origin.replace(/^http/, 'ws')}/v1/graphql`,
  });
  assert.deepEqual(createAuthClient({ baseUrl: 'https://auth.example.com/api/auth/' }).graphqlUrls(), {
    http: 'https://auth.example.com/v1/graphql',
    ws: 'wss://auth.example.com/v1/graphql',
  });
});
