// A small stand-in for Grafana's annotations HTTP API (POST, PATCH and GET /api/annotations), for the
// recipe tests, the outbox tests (through `createFakeAnnotationStore`, with no sockets) and the panels'
// browser tests (through `startFakeGrafana`, which answers CORS requests from 127.0.0.1 and localhost).
//
// It follows Grafana's documented behaviour where the tests depend on it: a create answers
// `{ message, id }`, a GET keeps annotations overlapping [from, to] that carry every requested tag, newest
// first, and an empty text is rejected with 400.
import http from 'node:http';

/**
 * Modes a test can put the fake into; they apply to writes (POST and PATCH) only, so that lookups keep
 * answering while creates fail:
 * - `ok`: normal behaviour;
 * - `error500`, `forbidden` (403), `conflict` (409), `unavailable` (503): answer with that status, store nothing;
 * - `hang`: never answer and store nothing (a request lost on the way, or a timeout);
 * - `accept-then-hang`: store the annotation, then never answer (the response lost on the way back).
 */
export const FAKE_MODES = ['ok', 'error500', 'forbidden', 'conflict', 'unavailable', 'hang', 'accept-then-hang'];

const FAILURES = {
  error500: { status: 500, body: { message: 'Failed to save annotation' } },
  forbidden: { status: 403, body: { message: 'Access denied' } },
  conflict: { status: 409, body: { message: 'Annotation was modified' } },
  unavailable: { status: 503, body: { message: 'Service unavailable' } },
};

/** The annotation store and request handler, with no network: `handle` returns `{status, body}` or `'hang'`. */
export function createFakeAnnotationStore({ token = null, now = () => Date.now() } = {}) {
  const annotations = [];
  const received = [];
  let nextId = 1;
  let mode = 'ok';
  let modeTimes = Infinity;

  function setMode(next, times = Infinity) {
    if (!FAKE_MODES.includes(next)) {
      throw new Error(`Unknown fake Grafana mode "${next}"; use one of ${FAKE_MODES.join(', ')}`);
    }
    mode = next;
    modeTimes = times;
  }

  /** The mode for this write; a mode set for N requests falls back to `ok` after them. */
  function takeMode() {
    const current = mode;
    if (current !== 'ok' && Number.isFinite(modeTimes)) {
      modeTimes -= 1;
      if (modeTimes <= 0) {
        mode = 'ok';
        modeTimes = Infinity;
      }
    }
    return current;
  }

  function listAnnotations(query) {
    const from = Number(query.get('from') ?? -Infinity);
    const to = Number(query.get('to') ?? Infinity);
    const dashboardUID = query.get('dashboardUID');
    const tags = query.getAll('tags');
    const limit = Number(query.get('limit') ?? 100);
    return annotations
      .filter((a) => a.time <= to && (a.timeEnd ?? a.time) >= from)
      .filter((a) => !dashboardUID || a.dashboardUID === dashboardUID)
      .filter((a) => tags.every((tag) => a.tags.includes(tag)))
      .sort((a, b) => b.time - a.time)
      .slice(0, limit);
  }

  function write(method, id, body) {
    const current = takeMode();
    if (current === 'hang') {
      return 'hang';
    }
    if (FAILURES[current]) {
      return FAILURES[current];
    }
    let result;
    if (method === 'POST') {
      if (typeof body?.text !== 'string' || body.text.trim() === '') {
        return { status: 400, body: { message: 'text field should not be empty' } };
      }
      const time = Number(body.time) || now();
      const annotation = {
        id: nextId++,
        dashboardUID: body.dashboardUID ?? '',
        panelId: body.panelId ?? 0,
        time,
        timeEnd: Number(body.timeEnd) || time,
        text: body.text,
        tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
        login: 'admin',
        type: 'annotation',
      };
      annotations.push(annotation);
      result = { status: 200, body: { message: 'Annotation added', id: annotation.id } };
    } else {
      const annotation = annotations.find((a) => a.id === id);
      if (!annotation) {
        return { status: 404, body: { message: 'Could not find annotation to update' } };
      }
      for (const key of ['text', 'tags', 'time', 'timeEnd']) {
        if (body?.[key] !== undefined) {
          annotation[key] = body[key];
        }
      }
      result = { status: 200, body: { message: 'Annotation patched' } };
    }
    return current === 'accept-then-hang' ? 'hang' : result;
  }

  /** Handles one request: `query` is a URLSearchParams, `body` the parsed JSON (or undefined). */
  function handle({ method, path, query = new URLSearchParams(), headers = {}, body }) {
    received.push({ method, path, query: Object.fromEntries(query), tags: query.getAll('tags'), headers, body });
    if (token !== null && headers.authorization !== `Bearer ${token}`) {
      return { status: 401, body: { message: 'Unauthorized' } };
    }
    if (path === '/api/annotations' && method === 'GET') {
      return { status: 200, body: listAnnotations(query) };
    }
    if (path === '/api/annotations' && method === 'POST') {
      return write('POST', undefined, body);
    }
    const patch = /^\/api\/annotations\/(\d+)$/.exec(path);
    if (patch && method === 'PATCH') {
      return write('PATCH', Number(patch[1]), body);
    }
    return { status: 404, body: { message: 'Not found' } };
  }

  function reset() {
    annotations.length = 0;
    received.length = 0;
    nextId = 1;
    setMode('ok');
  }

  return { annotations, received, handle, setMode, reset };
}

const LOCAL_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

function corsHeaders(origin) {
  if (!origin || !LOCAL_ORIGIN.test(origin)) {
    return {};
  }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
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
 * Returns `{ url, received, annotations, setMode, reset, close }`; `received` lists every request with its
 * parsed body, and `close()` also drops requests left hanging.
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
    response.end(JSON.stringify(result.body));
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
    setMode: store.setMode,
    reset: store.reset,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
