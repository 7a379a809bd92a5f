// A small stand-in for Grafana's HTTP API, for the recipe tests, the outbox tests (through
// `createFakeAnnotationStore`, with no sockets), the browser tests of the panels and the app pages (through
// `startFakeGrafana` in fakeGrafana.mjs) and the playground's in-page Grafana. It serves:
// - annotations: POST, PATCH, DELETE and GET /api/annotations;
// - dashboards, as the workbench saves and reads RCA drafts and post-mortems: POST /api/dashboards/db,
//   GET /api/dashboards/uid/:uid and GET /api/search (by tag and type);
// - folders: GET and POST /api/folders;
// - the app's settings: GET and POST /api/plugins/:id/settings.
//
// It follows Grafana's documented behaviour where the tests depend on it: an annotation create answers
// `{ message, id }`, a GET keeps annotations overlapping [from, to] that carry every requested tag, newest
// first, and an empty text is rejected with 400; a dashboard save answers `{ id, uid, url, status, version,
// slug }`, saving into a folder that does not exist is rejected with 400, and creating a folder whose uid
// is taken with 409.
//
// This module has no Node.js imports, so the playground runs the same fake in the page.

/**
 * Modes a test can put the fake into; they apply to writes (POST, PATCH and DELETE, of annotations, dashboards,
 * folders and settings) only, so that lookups keep answering while creates fail:
 * - `ok`: normal behaviour;
 * - `error500`, `forbidden` (403), `conflict` (409), `unavailable` (503): answer with that status, store nothing;
 * - `hang`: never answer and store nothing (a request lost on the way, or a timeout);
 * - `accept-then-hang`: store the annotation, then never answer (the response lost on the way back);
 * - `late-accept`: a slow Grafana: the write is applied `lateAcceptMs` after the request arrives, then answered
 *   (whoever still listens gets the answer);
 * - `reset-after-accept`: store, then drop the connection with no response (`reset: true` in the result).
 */
export const FAKE_MODES = [
  'ok',
  'error500',
  'forbidden',
  'conflict',
  'unavailable',
  'hang',
  'accept-then-hang',
  'late-accept',
  'reset-after-accept',
];

/** The modes a lookup (GET) can be given by `setChaos`: it fails or hangs, it never stores anything. */
export const FAKE_READ_MODES = ['ok', 'error500', 'unavailable', 'hang'];

/** A small seeded generator (mulberry32), so a chaos run can be repeated exactly. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted(weights, random) {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [mode, weight] of entries) {
    roll -= weight;
    if (roll < 0) {
      return mode;
    }
  }
  return entries.length > 0 ? entries[entries.length - 1][0] : 'ok';
}

const FAILURES = {
  error500: { status: 500, body: { message: 'Failed to save annotation' } },
  forbidden: { status: 403, body: { message: 'Access denied' } },
  conflict: { status: 409, body: { message: 'Annotation was modified' } },
  unavailable: { status: 503, body: { message: 'Service unavailable' } },
};

/**
 * The annotation store and request handler, with no network: `handle` returns `{status, body}` or `'hang'`;
 * `{status, body, delayMs}` is answered after that delay (`late-accept`, whose write `schedule` applies then),
 * and `{status, body, reset: true}` is never answered: the connection is dropped.
 */
export function createFakeAnnotationStore({
  token = null,
  now = () => Date.now(),
  schedule = (callback, ms) => setTimeout(callback, ms),
  lateAcceptMs = 4_000,
} = {}) {
  const annotations = [];
  const received = [];
  /** Saved dashboards by uid: `{ id, uid, version, folderUid, dashboard }`. */
  const dashboards = new Map();
  const folders = new Map();
  /** Plugin settings by plugin id: `{ enabled, pinned, jsonData }`. */
  const pluginSettings = new Map();
  let nextId = 1;
  let nextDashboardId = 1;
  let mode = 'ok';
  let modeTimes = Infinity;
  let lateDelay = lateAcceptMs;
  /** Writes that `late-accept` has yet to apply; `reset` drops them with a new generation. */
  let lateWrites = 0;
  let generation = 0;
  /** When set, every annotation request draws its mode: `{ random, writes, reads }`. */
  let chaos = null;
  /** The mode each annotation request got while chaos was on, in order. */
  const chaosLog = [];

  function setMode(next, times = Infinity) {
    if (!FAKE_MODES.includes(next)) {
      throw new Error(`Unknown fake Grafana mode "${next}"; use one of ${FAKE_MODES.join(', ')}`);
    }
    mode = next;
    modeTimes = times;
  }

  function setLateAcceptMs(ms) {
    lateDelay = ms;
  }

  /**
   * Chaos for the annotation API: each write draws a mode from `writes` and each lookup from `reads`
   * (weights by mode name), with a seeded generator. `setChaos(null)` ends it.
   */
  function setChaos(options) {
    if (!options) {
      chaos = null;
      return;
    }
    const unknown = [
      ...Object.keys(options.writes ?? {}).filter((name) => !FAKE_MODES.includes(name)),
      ...Object.keys(options.reads ?? {}).filter((name) => !FAKE_READ_MODES.includes(name)),
    ];
    if (unknown.length > 0) {
      throw new Error(`Unknown fake Grafana chaos modes: ${unknown.join(', ')}`);
    }
    chaos = {
      random: seededRandom(options.seed ?? 1),
      writes: options.writes ?? { ok: 1 },
      reads: options.reads ?? { ok: 1 },
    };
  }

  function chaosMode(method, kind) {
    const drawn = pickWeighted(kind === 'read' ? chaos.reads : chaos.writes, chaos.random);
    chaosLog.push({ method, mode: drawn });
    return drawn;
  }

  /** Applies a write now, or `lateDelay` ms later for `late-accept` (the result is filled in then). */
  function applyWrite(current, apply) {
    if (current !== 'late-accept') {
      const result = apply();
      return current === 'accept-then-hang'
        ? 'hang'
        : current === 'reset-after-accept'
          ? { ...result, reset: true }
          : result;
    }
    const pending = { status: 0, body: undefined, delayMs: lateDelay };
    const started = generation;
    lateWrites += 1;
    schedule(() => {
      if (started !== generation) {
        return;
      }
      lateWrites -= 1;
      Object.assign(pending, apply());
    }, lateDelay);
    return pending;
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
    const current = chaos ? chaosMode(method, 'write') : takeMode();
    if (current === 'hang') {
      return 'hang';
    }
    if (FAILURES[current]) {
      return FAILURES[current];
    }
    if (method === 'POST' && (typeof body?.text !== 'string' || body.text.trim() === '')) {
      return { status: 400, body: { message: 'text field should not be empty' } };
    }
    return applyWrite(current, () => {
      if (method === 'POST') {
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
        return { status: 200, body: { message: 'Annotation added', id: annotation.id } };
      }
      const index = annotations.findIndex((a) => a.id === id);
      if (index < 0) {
        // Grafana answers a change or a deletion of an annotation it does not have with 404.
        return { status: 404, body: { message: 'Annotation not found' } };
      }
      if (method === 'DELETE') {
        annotations.splice(index, 1);
        return { status: 200, body: { message: 'Annotation deleted' } };
      }
      const annotation = annotations[index];
      for (const key of ['text', 'tags', 'time', 'timeEnd']) {
        if (body?.[key] !== undefined) {
          annotation[key] = body[key];
        }
      }
      return { status: 200, body: { message: 'Annotation patched' } };
    });
  }

  /** A write that is not an annotation: answers by the current mode, else runs `apply`. */
  function otherWrite(apply) {
    const current = takeMode();
    if (current === 'hang') {
      return 'hang';
    }
    if (FAILURES[current]) {
      return FAILURES[current];
    }
    return applyWrite(current, apply);
  }

  function slugOf(title) {
    return (
      String(title ?? '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'dashboard'
    );
  }

  function saveDashboard(body) {
    const dashboard = body?.dashboard;
    if (!dashboard || typeof dashboard !== 'object' || typeof dashboard.title !== 'string' || !dashboard.title.trim()) {
      return { status: 400, body: { message: 'Dashboard title cannot be empty' } };
    }
    const folderUid = body.folderUid ?? '';
    if (folderUid && !folders.has(folderUid)) {
      return { status: 400, body: { message: 'folder not found' } };
    }
    const uid = typeof dashboard.uid === 'string' && dashboard.uid ? dashboard.uid : `fake-${nextDashboardId}`;
    const existing = dashboards.get(uid);
    if (existing && body.overwrite !== true && dashboard.version !== existing.version) {
      return {
        status: 412,
        body: { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' },
      };
    }
    const id = existing?.id ?? nextDashboardId++;
    const version = (existing?.version ?? 0) + 1;
    const slug = slugOf(dashboard.title);
    dashboards.set(uid, {
      id,
      uid,
      version,
      folderUid,
      slug,
      dashboard: JSON.parse(JSON.stringify({ ...dashboard, id, uid, version })),
    });
    return { status: 200, body: { id, uid, url: `/d/${uid}/${slug}`, status: 'success', version, slug } };
  }

  function search(query) {
    const tags = query.getAll('tag');
    const type = query.get('type');
    const text = (query.get('query') ?? '').toLowerCase();
    const limit = Number(query.get('limit') ?? 1000);
    const hits = [];
    if (!type || type === 'dash-db') {
      for (const saved of dashboards.values()) {
        const dashboardTags = Array.isArray(saved.dashboard.tags) ? saved.dashboard.tags : [];
        if (tags.every((tag) => dashboardTags.includes(tag)) && saved.dashboard.title.toLowerCase().includes(text)) {
          hits.push({
            id: saved.id,
            uid: saved.uid,
            title: saved.dashboard.title,
            url: `/d/${saved.uid}/${saved.slug}`,
            type: 'dash-db',
            tags: dashboardTags,
            folderUid: saved.folderUid || undefined,
          });
        }
      }
    }
    return hits.sort((a, b) => a.title.localeCompare(b.title)).slice(0, limit);
  }

  function createFolder(body) {
    const title = typeof body?.title === 'string' ? body.title.trim() : '';
    if (!title) {
      return { status: 400, body: { message: 'folder title cannot be empty' } };
    }
    const uid = typeof body.uid === 'string' && body.uid ? body.uid : slugOf(title);
    if (folders.has(uid)) {
      return { status: 409, body: { message: 'a folder with the same uid already exists' } };
    }
    const folder = { id: folders.size + 1, uid, title, url: `/dashboards/f/${uid}/${slugOf(title)}` };
    folders.set(uid, folder);
    return { status: 200, body: folder };
  }

  function settingsOf(pluginId) {
    return { id: pluginId, enabled: true, pinned: true, jsonData: {}, ...pluginSettings.get(pluginId) };
  }

  /** Handles one request: `query` is a URLSearchParams, `body` the parsed JSON (or undefined). */
  function handle({ method, path, query = new URLSearchParams(), headers = {}, body }) {
    received.push({ method, path, query: Object.fromEntries(query), tags: query.getAll('tags'), headers, body });
    if (token !== null && headers.authorization !== `Bearer ${token}`) {
      return { status: 401, body: { message: 'Unauthorized' } };
    }
    if (path === '/api/annotations' && method === 'GET') {
      const current = chaos ? chaosMode('GET', 'read') : 'ok';
      if (current === 'hang') {
        return 'hang';
      }
      return FAILURES[current] ?? { status: 200, body: listAnnotations(query) };
    }
    if (path === '/api/annotations' && method === 'POST') {
      return write('POST', undefined, body);
    }
    const byId = /^\/api\/annotations\/(\d+)$/.exec(path);
    if (byId && (method === 'PATCH' || method === 'DELETE')) {
      return write(method, Number(byId[1]), body);
    }
    if (path === '/api/dashboards/db' && method === 'POST') {
      return otherWrite(() => saveDashboard(body));
    }
    const byUid = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path);
    if (byUid && method === 'GET') {
      const saved = dashboards.get(decodeURIComponent(byUid[1]));
      return saved
        ? {
            status: 200,
            body: {
              dashboard: saved.dashboard,
              meta: {
                slug: saved.slug,
                url: `/d/${saved.uid}/${saved.slug}`,
                folderUid: saved.folderUid,
                version: saved.version,
              },
            },
          }
        : { status: 404, body: { message: 'Dashboard not found' } };
    }
    if (path === '/api/search' && method === 'GET') {
      return { status: 200, body: search(query) };
    }
    if (path === '/api/folders' && method === 'GET') {
      return { status: 200, body: [...folders.values()].map(({ id, uid, title }) => ({ id, uid, title })) };
    }
    if (path === '/api/folders' && method === 'POST') {
      return otherWrite(() => createFolder(body));
    }
    const settings = /^\/api\/plugins\/([^/]+)\/settings$/.exec(path);
    if (settings && method === 'GET') {
      return { status: 200, body: settingsOf(settings[1]) };
    }
    if (settings && method === 'POST') {
      return otherWrite(() => {
        const { enabled, pinned, jsonData } = body ?? {};
        pluginSettings.set(settings[1], {
          ...pluginSettings.get(settings[1]),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(pinned !== undefined ? { pinned } : {}),
          ...(jsonData !== undefined ? { jsonData } : {}),
        });
        return { status: 200, body: { message: 'Plugin settings updated' } };
      });
    }
    return { status: 404, body: { message: 'Not found' } };
  }

  function reset() {
    annotations.length = 0;
    received.length = 0;
    dashboards.clear();
    folders.clear();
    pluginSettings.clear();
    nextId = 1;
    nextDashboardId = 1;
    setMode('ok');
    chaos = null;
    chaosLog.length = 0;
    generation += 1;
    lateWrites = 0;
  }

  /** What is stored, as plain JSON: the playground keeps it across reloads. */
  function snapshot() {
    return JSON.parse(
      JSON.stringify({
        annotations,
        dashboards: [...dashboards.values()],
        folders: [...folders.values()],
        pluginSettings: [...pluginSettings.entries()],
        nextId,
        nextDashboardId,
      })
    );
  }

  /** Replaces what is stored with a snapshot; a malformed one leaves the store empty. */
  function restore(saved) {
    reset();
    if (!saved || typeof saved !== 'object' || !Array.isArray(saved.annotations)) {
      return;
    }
    annotations.push(...saved.annotations);
    (saved.dashboards ?? []).forEach((dashboard) => dashboards.set(dashboard.uid, dashboard));
    (saved.folders ?? []).forEach((folder) => folders.set(folder.uid, folder));
    (saved.pluginSettings ?? []).forEach(([id, settings]) => pluginSettings.set(id, settings));
    nextId = Number(saved.nextId) || annotations.reduce((max, a) => Math.max(max, a.id), 0) + 1;
    nextDashboardId = Number(saved.nextDashboardId) || dashboards.size + 1;
  }

  return {
    annotations,
    received,
    dashboards,
    folders,
    pluginSettings,
    chaosLog,
    handle,
    setMode,
    setLateAcceptMs,
    setChaos,
    pendingWrites: () => lateWrites,
    reset,
    snapshot,
    restore,
  };
}
