// bench/graphql_upstream.mjs -- a GraphQL upstream standing in for Hasura in bench/proxy.sh and bench/sockets.sh.
//
//   node bench/graphql_upstream.mjs PORT
//
// A stand-in, not Hasura: graphql-js (16.11.0) executes a small schema answered from memory, so that what is
// measured is the bridge's proxying, not a database. Both of Hasura's transports at the same path:
//   POST /v1/graphql        JSON GraphQL over HTTP (Node's http server, keep-alive)
//   GET  /v1/graphql + WS   graphql-transport-ws through graphql-ws's useServer (6.4.2) on ws (8.23.0)
// Schema: query { users_by_pk(id: String!) { id name } } from a fixed map, and subscription
// { user_changed(id: String!) { id name } }, which sends one result and then stays open, idle, until the client ends it.
//
// Like Hasura, it caches parsed and validated documents by their text (Hasura keeps a plan cache), so repeated
// queries cost execution only. It does NOT verify tokens: the proxy and direct runs must cost it the same. It
// does count every request that came without `Authorization` (HTTP: the header; WebSocket: connection_init's
// payload.headers, where the bridge puts it), so a run proves that the proxy forwarded the user's identity.
// GET /stats answers the counters as JSON; they are printed on SIGTERM/SIGINT too. Loopback only.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// The pinned client libraries of src/test/js/graphql-ws (npm ci there); their CommonJS builds, so graphql-ws and
// this script share one graphql module instance.
const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../src/test/js/graphql-ws/package.json'));
const {
  GraphQLSchema, GraphQLObjectType, GraphQLString, GraphQLNonNull, parse, validate, execute, specifiedRules,
} = require('graphql');
const { WebSocketServer } = require('ws');
const { useServer } = require('graphql-ws/use/ws');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node bench/graphql_upstream.mjs PORT');
  process.exit(2);
}

const USERS = new Map([
  ['github|583231', { id: 'github|583231', name: 'Bench User' }],
  ['11111111-2222-3333-4444-555555555555', { id: '11111111-2222-3333-4444-555555555555', name: 'Ada' }],
]);

const User = new GraphQLObjectType({
  name: 'users',
  fields: { id: { type: new GraphQLNonNull(GraphQLString) }, name: { type: GraphQLString } },
});
const idArg = { id: { type: new GraphQLNonNull(GraphQLString) } };

// One result, then idle: next() stays pending until the client completes (return()).
function oneThenIdle(value) {
  let sent = false;
  let done = false;
  let wake = null;
  const end = { done: true, value: undefined };
  return {
    [Symbol.asyncIterator]() { return this; },
    next() {
      if (done) return Promise.resolve(end);
      if (!sent) { sent = true; return Promise.resolve({ done: false, value }); }
      return new Promise((resolve) => { wake = resolve; });
    },
    return() {
      done = true;
      if (wake) { wake(end); wake = null; }
      return Promise.resolve(end);
    },
  };
}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'query_root',
    fields: { users_by_pk: { type: User, args: idArg, resolve: (_, { id }) => USERS.get(id) ?? null } },
  }),
  subscription: new GraphQLObjectType({
    name: 'subscription_root',
    fields: {
      user_changed: {
        type: User,
        args: idArg,
        subscribe: (_, { id }) => oneThenIdle(USERS.get(id) ?? { id, name: null }),
        resolve: (user) => user,
      },
    },
  }),
});

const stats = { http: 0, http_no_auth: 0, ws_init: 0, ws_no_auth: 0, ws_open: 0, ws_closed: 0, subscriptions: 0 };

// Parsed and validated documents by text; small and bounded (a benchmark sends a handful of documents).
const documents = new Map();
function document(source) {
  let entry = documents.get(source);
  if (!entry) {
    try {
      const doc = parse(source);
      const errors = validate(schema, doc, specifiedRules);
      entry = errors.length ? { errors } : { doc };
    } catch (error) {
      entry = { errors: [error] };
    }
    if (documents.size > 1000) documents.clear();
    documents.set(source, entry);
  }
  return entry;
}

function send(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') return send(res, 200, stats);
  if (req.url !== '/v1/graphql' || req.method !== 'POST') return send(res, 404, { error: 'not found' });
  stats.http += 1;
  if (!req.headers.authorization) stats.http_no_auth += 1;
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    let request;
    try {
      request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { errors: [{ message: 'invalid JSON' }] });
    }
    const { doc, errors } = document(String(request.query ?? ''));
    if (errors) return send(res, 200, { errors: errors.map((e) => ({ message: e.message })) });
    const result = await execute({
      schema, document: doc, variableValues: request.variables, operationName: request.operationName,
    });
    send(res, 200, result);
  });
});
server.keepAliveTimeout = 120_000;

const wss = new WebSocketServer({ server, path: '/v1/graphql' });
wss.on('connection', (socket) => {
  stats.ws_open += 1;
  socket.on('close', () => { stats.ws_open -= 1; stats.ws_closed += 1; });
});
useServer({
  schema,
  onConnect: (ctx) => {
    stats.ws_init += 1;
    const headers = ctx.connectionParams?.headers ?? {};
    const auth = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization' && headers[name]);
    if (!auth) stats.ws_no_auth += 1;
    return true;
  },
  onSubscribe: () => { stats.subscriptions += 1; },
}, wss);

server.listen(port, '127.0.0.1', () => {
  console.log(`graphql upstream (Hasura stand-in) on http://127.0.0.1:${port}/v1/graphql`);
});

function exit() {
  console.log(`graphql upstream stats: ${JSON.stringify(stats)}`);
  if (stats.http_no_auth || stats.ws_no_auth) {
    console.log(`WITHOUT Authorization: ${stats.http_no_auth} HTTP requests, ${stats.ws_no_auth} WebSocket connection_init`);
  }
  process.exit(0);
}
process.on('SIGTERM', exit);
process.on('SIGINT', exit);
