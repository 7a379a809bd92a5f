// A fake Grafana HTTP API on 127.0.0.1 for the recipe tests and the browser tests of the panels and the app
// pages: the store of fakeGrafanaStore.mjs (annotations, dashboards, folders, the app's settings) served over
// HTTP, answering CORS requests from 127.0.0.1 and localhost.
import http from 'node:http';
import { createFakeAnnotationStore } from './fakeGrafanaStore.mjs';

export { createFakeAnnotationStore, FAKE_MODES } from './fakeGrafanaStore.mjs';

const LOCAL_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

function corsHeaders(origin) {
  if (!origin || !LOCAL_ORIGIN.test(origin)) {
    return {};
  }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, OPTIONS',
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

/**
 * Starts the fake on 127.0.0.1 (a random free port unless one is given).
 * Returns `{ url, received, annotations, dashboards, folders, pluginSettings, setMode, reset, close }`;
 * `received` lists every request with its parsed body, and `close()` also drops requests left hanging.
 */
export async function startFakeGrafana({ port = 0, token = 'test-token' } = {}) {
  const store = createFakeAnnotationStore({ token });
  const sockets = new Set();
  const server = http.createServer(async (request, response) => {
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
    response.writeHead(result.status, { 'Content-Type': 'application/json', ...cors });
    response.end(result.body === undefined ? undefined : JSON.stringify(result.body));
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
    alertRules: store.alertRules,
    setAlertRuleState: store.setAlertRuleState,
    setMode: store.setMode,
    reset: store.reset,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
