// Real GraphQL WebSocket clients against the bridge's /v1/graphql proxy, in Node: the graphql-ws library (the
// graphql-transport-ws protocol) and, for Apollo's legacy graphql-ws protocol, its messages over the ws library.
// Run by GraphQlSocketClientTests, which starts the bridge with the Hasura stand-in behind it, passes a session
// cookie, and renames the user every second while this runs. A browser sends the cookie and its page's Origin with
// the handshake by itself; Node's ws is told to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';

const url = process.env.AUTHBRIDGE_WS;
const origin = process.env.AUTHBRIDGE_ORIGIN;
const cookie = `authbridge.session-token=${process.env.AUTHBRIDGE_SESSION}`;
const user = process.env.AUTHBRIDGE_USER;
const seconds = Number(process.env.AUTHBRIDGE_SECONDS);

/** A ws WebSocket as a browser page on `pageOrigin` opens it, with the session cookie. */
const socketFrom = (pageOrigin) =>
  class extends WebSocket {
    constructor(address, protocols) {
      super(address, protocols, { headers: { cookie }, origin: pageOrigin });
    }
  };

const nameQuery = `subscription { users_by_pk(id: ${JSON.stringify(user)}) { name } }`;

test('a query through the proxy: the cookie is the only credential', async () => {
  const client = createClient({ url, webSocketImpl: socketFrom(origin), retryAttempts: 0 });
  try {
    const result = await new Promise((resolve, reject) => {
      let data;
      client.subscribe(
        { query: `query { users_by_pk(id: ${JSON.stringify(user)}) { id } }` },
        { next: (value) => (data = value), error: reject, complete: () => resolve(data) },
      );
    });
    assert.deepEqual(result, { data: { users_by_pk: { id: user } } });
  } finally {
    await client.dispose();
  }
});

test(`a subscription keeps delivering for ${seconds} s while the tokens behind it expire`, async () => {
  const closes = [];
  const client = createClient({
    url,
    webSocketImpl: socketFrom(origin),
    retryAttempts: 0,
    on: { closed: (event) => closes.push(event.code) },
  });
  const names = [];
  const arrivals = [];
  const ended = new Promise((resolve, reject) => {
    const stop = client.subscribe(
      { query: nameQuery },
      {
        next: ({ data }) => {
          names.push(data.users_by_pk.name);
          arrivals.push(Date.now());
        },
        error: reject,
        complete: () => reject(new Error('the subscription completed')),
      },
    );
    setTimeout(() => {
      stop();
      resolve();
    }, seconds * 1000);
  });
  await ended;
  await client.dispose();

  assert.deepEqual(closes.slice(0, -1), [], 'the socket closed before the test ended it');
  const distinct = new Set(names).size;
  assert.ok(distinct >= seconds * 0.8, `${distinct} distinct names in ${seconds} s, one a second were written`);
  const longestGap = Math.max(...arrivals.slice(1).map((at, i) => at - arrivals[i]));
  assert.ok(longestGap < 5000, `${longestGap} ms without a result`);
});

test('legacy graphql-ws: connection_init, start, data, stop, connection_terminate', async () => {
  const Socket = socketFrom(origin);
  const socket = new Socket(url, 'graphql-ws');
  const messages = [];
  const waitFor = (type) =>
    new Promise((resolve) => {
      const check = () => {
        const found = messages.find((message) => message.type === type);
        if (found) resolve(found);
        else setTimeout(check, 20);
      };
      check();
    });
  socket.on('message', (data) => messages.push(JSON.parse(data)));
  await new Promise((resolve) => socket.once('open', resolve));
  assert.equal(socket.protocol, 'graphql-ws');
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await waitFor('connection_ack');
  socket.send(JSON.stringify({ type: 'start', id: 'a', payload: { query: nameQuery } }));
  const data = await waitFor('data');
  assert.equal(data.id, 'a');
  assert.equal(typeof data.payload.data.users_by_pk.name, 'string');
  socket.send(JSON.stringify({ type: 'stop', id: 'a' }));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.send(JSON.stringify({ type: 'connection_terminate' }));
  assert.equal(await closed, 1000);
});

test('a page on another origin cannot open a socket with the cookie (no cross-site WebSocket hijacking)', async () => {
  const Socket = socketFrom('https://evil.example');
  const socket = new Socket(url, 'graphql-transport-ws');
  const status = await new Promise((resolve) => {
    socket.on('unexpected-response', (request, response) => resolve(response.statusCode));
    socket.on('open', () => resolve('opened'));
    socket.on('error', () => {});
  });
  assert.equal(status, 403);
});
