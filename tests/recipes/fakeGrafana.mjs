// A fake Grafana HTTP API on 127.0.0.1 for the recipe tests and the browser tests of the panels and the app
// pages: the store of fakeGrafanaStore.mjs (annotations, dashboards, folders, the app's settings) served over
// HTTP, answering CORS requests from 127.0.0.1 and localhost. A `late-accept` write is answered after its
// delay (if the client still listens); a `reset-after-accept` write drops the connection with no response.
import http from 'node:http';
import { createFakeAnnotationStore } from './fakeGrafanaStore.mjs';

export { createFakeAnnotationStore, FAKE_MODES, FAKE_READ_MODES } from './fakeGrafanaStore.mjs';

const LOCAL_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

function corsHeaders(origin) {
  if (!origin || !LOCAL_ORIGIN.test(origin)) {
    return {};
  }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Disable-Provenance',
    Vary: 'Origin',
  };
}

function readBody(request) {
  return new Promise((resolve) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve({ unparsable: text });
      }
    });
  });
}

/** Drops a connection the way a crashed proxy does: a TCP reset where Node.js has it, else a close. */
function dropConnection(socket) {
  if (typeof socket.resetAndDestroy === 'function') {
    socket.resetAndDestroy();
  } else {
    socket.destroy();
  }
}

/**
 * Starts the fake on 127.0.0.1 (a random free port unless one is given).
 * Returns `{ url, received, annotations, dashboards, folders, pluginSettings, setMode, setChaos, reset, close, … }`;
 * `received` lists every request with its parsed body, `openRequests()` counts requests whose connection is
 * still open with no answer yet (hung ones the client has not given up on), and `close()` also drops requests
 * left hanging.
 */
export async function startFakeGrafana({ port = 0, token = 'test-token', lateAcceptMs } = {}) {
  const store = createFakeAnnotationStore({ token, lateAcceptMs });
  const sockets = new Set();
  const unanswered = new Set();
  const server = http.createServer(async (request, response) => {
    unanswered.add(response);
    response.on('close', () => unanswered.delete(response));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const cors = corsHeaders(request.headers.origin);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    const body = await readBody(request);
    const result = store.handle({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
    });
    if (result === 'hang') {
      return;
    }
    if (result.reset) {
      dropConnection(request.socket);
      return;
    }
    const answer = () => {
      if (response.destroyed) {
        return; // The client gave up (aborted, or timed out) before Grafana answered.
      }
      response.writeHead(result.status, { 'Content-Type': 'application/json', ...cors });
      response.end(result.body === undefined ? undefined : JSON.stringify(result.body));
    };
    if (result.delayMs) {
      setTimeout(answer, result.delayMs);
    } else {
      answer();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    received: store.received,
    annotations: store.annotations,
    dashboards: store.dashboards,
    folders: store.folders,
    pluginSettings: store.pluginSettings,
    chaosLog: store.chaosLog,
    alertRules: store.alertRules,
    setAlertRuleState: store.setAlertRuleState,
    setMode: store.setMode,
    setChaos: store.setChaos,
    setLateAcceptMs: store.setLateAcceptMs,
    pendingWrites: store.pendingWrites,
    openRequests: () => unanswered.size,
    reset: store.reset,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
