// A small stand-in for Grafana's HTTP API, for the recipe tests, the outbox tests (through
// `createFakeAnnotationStore`, with no sockets), the browser tests of the panels and the app pages (through
// `startFakeGrafana` in fakeGrafana.mjs) and the playground's in-page Grafana. It serves:
// - annotations: POST, PATCH, DELETE and GET /api/annotations;
// - dashboards, as the workbench saves and reads RCA drafts and post-mortems: POST /api/dashboards/db,
//   GET /api/dashboards/uid/:uid and GET /api/search (by tag and type);
// - folders: GET and POST /api/folders;
// - the app's settings: GET and POST /api/plugins/:id/settings;
// - Grafana-managed alert rules (see createFakeAlerting below): the alerting provisioning API and the
//   Prometheus-compatible rules endpoint that reports their state.
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
export function seededRandom(seed) {
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
  // Alert rule writes go through otherWrite, so the failure modes apply to them too.
  const alerting = createFakeAlerting({ folders, otherWrite, now });

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
          ...(body.data !== undefined ? { data: body.data } : {}),
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
    return alerting.handle({ method, path, query, headers, body }) ?? { status: 404, body: { message: 'Not found' } };
  }

  function reset() {
    annotations.length = 0;
    received.length = 0;
    dashboards.clear();
    folders.clear();
    pluginSettings.clear();
    nextId = 1;
    nextDashboardId = 1;
    alerting.reset();
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
        alertRules: alerting.snapshot(),
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
    alerting.restore(saved.alertRules);
  }

  return {
    annotations,
    received,
    dashboards,
    folders,
    pluginSettings,
    chaosLog,
    alertRules: alerting.rules,
    setAlertRuleState: alerting.setState,
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

// --- Alerting: Grafana-managed alert rules -------------------------------------------------------------
// As Grafana documents them:
// - `POST /api/v1/provisioning/alert-rules` creates a rule (201 with the rule), `GET` and `PUT
//   /api/v1/provisioning/alert-rules/:uid` read (404 with no body when missing) and replace one (200), `GET
//   /api/v1/provisioning/alert-rules` lists them. A rule is stored with provenance "api", or none when the
//   request carries `X-Disable-Provenance` (then Grafana's UI can edit it).
// - Invalid rules are refused with 400 and Grafana's message: "invalid alert rule: …" (no title, no
//   queries, a condition that is not one of the queries, a bad `for`, a folder that does not exist), or the
//   unique-title error for a title already in the folder.
// - `GET /api/prometheus/grafana/api/v1/rules` reports every rule's state in Prometheus' format, grouped by
//   folder and evaluation group. This fake evaluates nothing: a rule is inactive with health "unknown" until
//   a test sets its state with `setAlertRuleState`.

const ALERT_RULE_TITLE_LIMIT = 190;
const PROMETHEUS_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

function headerOf(headers, name) {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : headers[key];
}

function alertRuleProblem(rule, folders) {
  if (!rule || typeof rule !== 'object') {
    return 'invalid alert rule: the body is not an alert rule';
  }
  if (typeof rule.title !== 'string' || rule.title.trim() === '') {
    return 'invalid alert rule: title is empty';
  }
  if (rule.title.length > ALERT_RULE_TITLE_LIMIT) {
    return `invalid alert rule: name length should not be greater than ${ALERT_RULE_TITLE_LIMIT}`;
  }
  if (typeof rule.ruleGroup !== 'string' || rule.ruleGroup.trim() === '') {
    return 'invalid alert rule: rule group name is empty';
  }
  if (!Array.isArray(rule.data) || rule.data.length === 0) {
    return 'invalid alert rule: no queries or expressions are found';
  }
  const refIds = rule.data.map((query) => query?.refId);
  if (!refIds.includes(rule.condition)) {
    return `invalid alert rule: condition ${rule.condition} does not exist, must be one of [${refIds.join(' ')}]`;
  }
  if (
    rule.for !== undefined &&
    (typeof rule.for !== 'string' || !PROMETHEUS_DURATION.test(rule.for) || rule.for === '')
  ) {
    return `invalid alert rule: for "${rule.for}" is not a duration`;
  }
  if (typeof rule.folderUID !== 'string' || !folders.has(rule.folderUID)) {
    return `invalid alert rule: folder "${rule.folderUID ?? ''}" does not exist`;
  }
  return undefined;
}

/** The alert rules of a fake Grafana; `otherWrite` applies the store's failure modes to writes. */
function createFakeAlerting({ folders, otherWrite, now }) {
  /** Stored rules by uid: the rule as the API returns it. */
  const rules = new Map();
  /** Evaluation state by uid, as a test sets it. */
  const states = new Map();
  let nextRuleId = 1;

  function conflictingTitle(rule, uid) {
    return [...rules.values()].some(
      (stored) => stored.uid !== uid && stored.folderUID === rule.folderUID && stored.title === rule.title
    );
  }

  function save(rule, headers, uid) {
    const problem = alertRuleProblem(rule, folders);
    if (problem) {
      return { status: 400, body: { message: problem } };
    }
    if (conflictingTitle(rule, uid)) {
      return {
        status: 400,
        body: {
          message:
            'a conflicting alert rule is found: rule title under the same organisation and folder should be unique',
        },
      };
    }
    const existing = uid ? rules.get(uid) : undefined;
    const stored = {
      ...JSON.parse(JSON.stringify(rule)),
      id: existing?.id ?? nextRuleId++,
      uid: uid ?? (typeof rule.uid === 'string' && rule.uid ? rule.uid : `rule-${nextRuleId}`),
      orgID: 1,
      for: rule.for ?? '0s',
      annotations: rule.annotations ?? {},
      labels: rule.labels ?? {},
      isPaused: rule.isPaused === true,
      updated: new Date(now()).toISOString(),
      provenance: headerOf(headers, 'X-Disable-Provenance') !== undefined ? '' : 'api',
    };
    rules.set(stored.uid, stored);
    return { status: existing ? 200 : 201, body: stored };
  }

  function ruleState(rule) {
    const state = states.get(rule.uid) ?? { state: 'inactive', health: 'unknown', alerts: [] };
    return {
      state: state.state,
      name: rule.title,
      query: JSON.stringify(rule.data.map((query) => query.model)),
      duration: durationSeconds(rule.for),
      annotations: rule.annotations,
      labels: rule.labels,
      alerts: state.alerts ?? [],
      health: state.health,
      lastError: state.lastError ?? '',
      type: 'alerting',
      uid: rule.uid,
      folderUid: rule.folderUID,
      lastEvaluation: state.lastEvaluation ?? '0001-01-01T00:00:00Z',
      evaluationTime: 0,
    };
  }

  function ruleGroups() {
    const groups = new Map();
    for (const rule of rules.values()) {
      const key = `${rule.folderUID}\u0000${rule.ruleGroup}`;
      if (!groups.has(key)) {
        groups.set(key, {
          name: rule.ruleGroup,
          file: folders.get(rule.folderUID)?.title ?? rule.folderUID,
          folderUid: rule.folderUID,
          rules: [],
          interval: 60,
          lastEvaluation: '0001-01-01T00:00:00Z',
          evaluationTime: 0,
        });
      }
      groups.get(key).rules.push(ruleState(rule));
    }
    return [...groups.values()];
  }

  function handle({ method, path, headers, body }) {
    if (path === '/api/v1/provisioning/alert-rules' && method === 'GET') {
      return { status: 200, body: [...rules.values()] };
    }
    if (path === '/api/v1/provisioning/alert-rules' && method === 'POST') {
      return otherWrite(() => {
        if (typeof body?.uid === 'string' && rules.has(body.uid)) {
          return { status: 409, body: { message: `an alert rule with uid ${body.uid} already exists` } };
        }
        return save(body, headers);
      });
    }
    const one = /^\/api\/v1\/provisioning\/alert-rules\/([^/]+)$/.exec(path);
    if (one && method === 'GET') {
      const rule = rules.get(decodeURIComponent(one[1]));
      return rule ? { status: 200, body: rule } : { status: 404, body: undefined };
    }
    if (one && method === 'PUT') {
      const uid = decodeURIComponent(one[1]);
      return otherWrite(() => (rules.has(uid) ? save(body, headers, uid) : { status: 404, body: undefined }));
    }
    if (path === '/api/prometheus/grafana/api/v1/rules' && method === 'GET') {
      return { status: 200, body: { status: 'success', data: { groups: ruleGroups() } } };
    }
    return undefined;
  }

  /** What a rule's evaluation would report: `{ state, health, alerts?, lastError?, lastEvaluation? }`. */
  function setState(uid, state) {
    states.set(uid, state);
  }

  function reset() {
    rules.clear();
    states.clear();
    nextRuleId = 1;
  }

  function snapshot() {
    return { rules: [...rules.values()], nextRuleId };
  }

  function restore(saved) {
    reset();
    (saved?.rules ?? []).forEach((rule) => rules.set(rule.uid, rule));
    nextRuleId = Number(saved?.nextRuleId) || rules.size + 1;
  }

  return { rules, handle, setState, reset, snapshot, restore };
}

function durationSeconds(text) {
  const match = PROMETHEUS_DURATION.exec(String(text ?? ''));
  if (!match) {
    return 0;
  }
  const seconds = [31_536_000, 604_800, 86_400, 3600, 60, 1, 0.001];
  return seconds.reduce((total, size, i) => total + Number(match[i + 1] ?? 0) * size, 0);
}
