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

async function render(session) {
  $('signed-out').hidden = Boolean(session);
  $('signed-in').hidden = !session;
  if (!session) return;
  show('user-name', session.user.name ?? session.user.email ?? session.user.id);
  show('user-id', session.user.id);
  show('user-email', session.user.email);
  show('session-expires', session.expires);
  const claims = decode(await getAccessToken());
  const hasura = hasuraClaims(claims) ?? {};
  show('hasura-role', hasura['x-hasura-default-role']);
  show('hasura-roles', (hasura['x-hasura-allowed-roles'] ?? []).join(', '));
  show('hasura-user-id', hasura['x-hasura-user-id']);
  show('token-expires', session.accessTokenExpires);
  show('claims', JSON.stringify(claims, null, 2));
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
