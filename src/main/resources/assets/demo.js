// The demo page at / in a development run: fills the page from the session the way an SPA would, with client.js.
import { getSession, getAccessToken, signOut, onSessionChange } from '../client.js';

const $ = (id) => document.getElementById(id);
const show = (id, text) => { $(id).textContent = text ?? '—'; }; // textContent: nothing from a token becomes markup

// The claims object Hasura reads, wherever HASURA_GRAPHQL_JWT_SECRET puts it (a namespace, a path, or a JSON string).
function hasuraClaims(node) {
  if (typeof node === 'string' && node.startsWith('{')) {
    try { return hasuraClaims(JSON.parse(node)); } catch { return null; }
  }
  if (node === null || typeof node !== 'object') return null;
  if ('x-hasura-default-role' in node) return node;
  for (const value of Object.values(node)) {
    const found = hasuraClaims(value);
    if (found) return found;
  }
  return null;
}

function decode(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(payload))));
}

let renewal; // the timer that shows the next access token

async function render(session) {
  clearTimeout(renewal);
  $('signed-out').hidden = Boolean(session);
  $('signed-in').hidden = !session;
  if (!session) return;
  show('user-name', session.user.name ?? session.user.email ?? session.user.id);
  show('user-id', session.user.id);
  show('user-email', session.user.email);
  show('session-expires', session.expires);
  await showToken();
}

// The access token as Hasura sees it, kept current: client.js renews it shortly before it expires, so asking again
// then (as an SPA's GraphQL client asks before each request) shows the new token, its expiry and claims.
async function showToken() {
  let claims;
  try {
    const token = await getAccessToken();
    if (!token) return; // signed out meanwhile: render(null) has cleared the page
    claims = decode(token);
  } catch {
    renewal = setTimeout(showToken, 5_000); // the bridge did not answer: try again shortly
    return;
  }
  const hasura = hasuraClaims(claims) ?? {};
  show('hasura-role', hasura['x-hasura-default-role']);
  show('hasura-roles', (hasura['x-hasura-allowed-roles'] ?? []).join(', '));
  show('hasura-user-id', hasura['x-hasura-user-id']);
  show('token-expires', new Date(claims.exp * 1000).toISOString());
  show('claims', JSON.stringify(claims, null, 2));
  clearTimeout(renewal);
  renewal = setTimeout(showToken, Math.max(claims.exp * 1000 - Date.now() - 60_000, 1_000));
}

$('sign-out').addEventListener('click', () => signOut({ callbackUrl: location.href }));
$('query-hasura')?.addEventListener('click', async (event) => {
  const endpoint = event.target.dataset.endpoint;
  show('hasura-result', 'asking Hasura…');
  try {
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await getAccessToken()}` },
      body: JSON.stringify({ query: 'query { users { id name email } }' }),
    });
    show('hasura-result', JSON.stringify(await answer.json(), null, 2));
  } catch (error) {
    show('hasura-result', `No answer from ${endpoint} (${error.message}): is it reachable from this browser?`);
  }
});

onSessionChange(render);
render(await getSession());
