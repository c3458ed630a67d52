// The unmodified next-auth/react client (NextAuth v4) signing in by an e-mail link against the bridge, as an app's page
// does: signIn("email", { email, redirect: false }), the link from the mail, then getSession(). Run by EmailLinkTests,
// which starts the bridge (AUTH_URL http://app.example.test) with a real SMTP server, and serves the link of the
// mail it received at AUTHBRIDGE_MAILBOX.
//
// What a browser gives next-auth/react and Node does not, shimmed here and nothing else:
// - window.location: the app's page. With a window, next-auth/react calls its API by the path of NEXTAUTH_URL, relative
//   to the page, and takes the page as the default callbackUrl, as in a browser. signIn with redirect: false never
//   navigates, so nothing else of window is used.
// - fetch with a cookie jar: a browser keeps the CSRF and session cookies and sends them back; Node's fetch does not.
//   The shim also resolves relative URLs against the page and sends the app's host (app.example.test, which no DNS
//   knows) to the bridge on loopback, as a hosts-file entry would.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const bridge = process.env.AUTHBRIDGE_BRIDGE;
const mailbox = process.env.AUTHBRIDGE_MAILBOX;
const email = process.env.AUTHBRIDGE_EMAIL;
const user = process.env.AUTHBRIDGE_USER;
const page = new URL('/', process.env.NEXTAUTH_URL);

globalThis.window = { location: { href: page.href } };

const cookies = new Map();
const nodeFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const url = new URL(String(input), window.location.href);
  const target = url.origin === page.origin ? new URL(url.pathname + url.search, bridge) : url;
  const headers = new Headers(init.headers);
  if (cookies.size > 0) {
    headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
  }
  const response = await nodeFetch(target, { ...init, headers });
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const name = pair.slice(0, pair.indexOf('=')).trim();
    const value = pair.slice(pair.indexOf('=') + 1).trim();
    if (value === '' || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) {
      cookies.delete(name);
    } else {
      cookies.set(name, value);
    }
  }
  return response;
};

// read NEXTAUTH_URL when it loads: imported once the globals are in place
const { getProviders, getSession, signIn } = await import('next-auth/react');

test('signIn("email") mails a link that signs in, and getSession() then returns the user', async () => {
  const providers = await getProviders();
  assert.equal(providers.email.type, 'email');

  const result = await signIn('email', { email, redirect: false });

  assert.deepEqual(result, {
    error: null,
    status: 200,
    ok: true,
    url: `${page.origin}/api/auth/verify-request?provider=email&type=email`,
  });
  assert.equal(await getSession(), null, 'not signed in before the link is followed');

  const link = await (await nodeFetch(`${mailbox}?to=${encodeURIComponent(email)}`)).text();
  const followed = await fetch(link, { redirect: 'manual' });
  assert.equal(followed.status, 302);
  assert.equal(followed.headers.get('location'), page.href, 'back on the page that asked');

  const session = await getSession();
  assert.equal(session.user.id, user);
  assert.equal(session.user.email, email);
});
