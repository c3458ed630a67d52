// bench/idle_sockets.mjs -- idle GraphQL subscriptions through the bridge's WebSocket proxy, for bench/sockets.sh.
//
//   node bench/idle_sockets.mjs URL COOKIE COUNT STATUS_FILE [BATCH=100]
//
// Opens COUNT real graphql-ws clients (createClient, lazy: false, graphql-transport-ws) to URL (ws://bridge/v1/graphql),
// each sending the session cookie in its handshake (a `ws` subclass, as a browser would send it), each with one
// subscription that must get its first result; then they stay open and idle (the bridge's pings are answered by ws).
// Sockets are opened BATCH at a time: the next batch starts when the last one has connected or failed, so the
// bridge never sees a SYN flood. No retries: a socket that closes stays closed and is counted.
// Every second, and at once on any change of phase, it writes its counters to STATUS_FILE as one JSON line:
//   { target, connected, results, open, closed, errors, stalled, closes: { "<code> <reason>": n }, phase }
// phase: opening -> idle (all COUNT tried, or gave up after two batches in a row without a result: gaveUpAt) ; SIGTERM disposes every client and exits.
import { createRequire } from 'node:module';
import { writeFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../src/test/js/graphql-ws/package.json'));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const [url, cookie, countArg, statusFile, batchArg] = process.argv.slice(2);
const target = Number(countArg);
const batch = Number(batchArg ?? 100);
if (!url || !cookie || !Number.isInteger(target) || !statusFile || !(batch > 0)) {
  console.error('usage: node bench/idle_sockets.mjs URL COOKIE COUNT STATUS_FILE [BATCH]');
  process.exit(2);
}

class CookieSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { headers: { cookie: `authbridge.session-token=${cookie}` } });
  }
}

const QUERY = 'subscription { user_changed(id: "github|583231") { id name } }';
const stats = { target, connected: 0, results: 0, open: 0, closed: 0, errors: 0, stalled: 0, closes: {}, firstError: null, phase: 'opening' };
const clients = [];

function save() {
  const tmp = `${statusFile}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stats)}\n`);
  renameSync(tmp, statusFile);
}

// One client; resolves when its subscription got its first result or it failed.
function open() {
  return new Promise((resolve) => {
    let settled = false;
    let wasOpen = false;
    const settle = () => { if (!settled) { settled = true; clearTimeout(stall); resolve(); } };
    // neither a result nor a failure in 30 s: counted as stalled, and the next batch goes on
    const stall = setTimeout(() => { if (!settled) { stats.stalled += 1; settle(); } }, 30_000);
    const client = createClient({
      url,
      webSocketImpl: CookieSocket,
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => { wasOpen = true; stats.connected += 1; stats.open += 1; },
        closed: (event) => {
          if (wasOpen) { stats.open -= 1; wasOpen = false; }
          if (stats.phase === 'stopping') return;
          stats.closed += 1;
          const key = `${event?.code ?? '?'} ${event?.reason ?? ''}`.trim();
          stats.closes[key] = (stats.closes[key] ?? 0) + 1;
          settle();
        },
        error: (error) => {
          stats.errors += 1;
          stats.firstError ??= String(error?.message ?? error?.code ?? error);
          settle();
        },
      },
    });
    clients.push(client);
    let first = true;
    client.subscribe({ query: QUERY }, {
      next: (value) => {
        if (first && value?.data?.user_changed?.id) { first = false; stats.results += 1; settle(); }
      },
      error: (error) => {
        stats.errors += 1;
        stats.firstError ??= JSON.stringify(error)?.slice(0, 300) ?? String(error);
        settle();
      },
      complete: () => settle(),
    });
  });
}

const timer = setInterval(save, 1000);
save();
// Two batches in a row without a single first result: the bridge takes no more, so stop opening (gaveUpAt) and
// keep the sockets that are open, so that the bench can still measure them.
let failedBatches = 0;
for (let started = 0; started < target; started += batch) {
  const n = Math.min(batch, target - started);
  const before = stats.results;
  await Promise.all(Array.from({ length: n }, open));
  failedBatches = stats.results === before ? failedBatches + 1 : 0;
  if (failedBatches >= 2) { stats.gaveUpAt = started + n; break; }
}
stats.phase = 'idle';
save();

process.on('SIGTERM', () => {
  stats.phase = 'stopping';
  clearInterval(timer);
  save();
  for (const client of clients) client.dispose();
  setTimeout(() => process.exit(0), 500);
});
