import { FORBIDDEN_MESSAGE, MAX_TEXT_LENGTH } from './annotationsApi';
import {
  AnnotationOutbox,
  CHECKING_MESSAGE,
  clientTag,
  createMemoryStorage,
  OutboxCreateItem,
  OutboxItem,
  OutboxStorage,
  retryDelay,
} from './outbox';
import { FakeClock, settle } from './testing/fakeClock';
import { createTestOutbox } from './testing/testOutbox';
import { createFakeGrafanaHttp, FakeGrafanaHttp } from './testing/fakeGrafanaTransport';

const DASHBOARD = 'incident-dash';
const TIMEOUT = 15_000;
/** The default grace period: three request timeouts. */
const GRACE = 3 * TIMEOUT;

interface Harness {
  http: FakeGrafanaHttp;
  clock: FakeClock;
  storage: OutboxStorage;
  outbox: AnnotationOutbox;
  goOnline: () => void;
}

/** An outbox on a fake Grafana; `from` reuses another page's storage, clock and server (a reload). */
function harness(from?: Harness | { retryDroppedConnection: boolean }): Harness {
  const clock = from && 'clock' in from ? from.clock : new FakeClock();
  const http =
    from && 'http' in from
      ? from.http
      : createFakeGrafanaHttp({ setTimeout: clock.setTimeout, retryDroppedConnection: from?.retryDroppedConnection });
  const storage = from && 'storage' in from ? from.storage : createMemoryStorage();
  let onlineListener = () => {};
  const outbox = new AnnotationOutbox({
    storage,
    transport: http.transport,
    requestTimeoutMs: TIMEOUT,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: () => 0,
    onOnline: (listener) => {
      onlineListener = listener;
      return () => {};
    },
    onExternalChange: () => () => {},
  });
  return {
    http,
    clock,
    storage,
    outbox,
    goOnline: () => {
      http.goOnline();
      onlineListener();
    },
  };
}

const draft = { time: Date.UTC(2026, 0, 1, 2, 55), tags: ['mitigation'], text: 'Rolled back model v42' };

function posts(http: FakeGrafanaHttp) {
  return http.requests().filter((request) => request.method === 'POST');
}

function only(h: Harness): OutboxItem {
  const items = h.outbox.getItems(DASHBOARD);
  expect(items).toHaveLength(1);
  return items[0];
}

let live: Harness[] = [];
function track(h: Harness): Harness {
  live.push(h);
  return h;
}
afterEach(() => {
  live.forEach((h) => h.outbox.dispose());
  live = [];
});

describe('AnnotationOutbox', () => {
  it('shows a new annotation as pending at once, then sends it once with its client tag', async () => {
    const h = track(harness());
    const seen: string[] = [];
    h.outbox.subscribe(DASHBOARD, (items) => seen.push(items.map((item) => item.status).join()));
    const item = h.outbox.enqueueCreate(DASHBOARD, { ...draft, tags: [' mitigation ', 'Mitigation', 'db'] });

    expect(h.outbox.getItems(DASHBOARD)[0]).toMatchObject({ status: expect.stringMatching(/pending|sending/) });
    await settle();

    expect(only(h)).toMatchObject({ status: 'sent', serverId: 1, attempts: 1 });
    expect(seen[0]).toBe('pending');
    expect(seen).toContain('sending');
    expect(h.http.store.annotations).toEqual([
      expect.objectContaining({
        dashboardUID: DASHBOARD,
        time: draft.time,
        text: draft.text,
        tags: ['mitigation', 'db', clientTag(item.clientId)],
      }),
    ]);
    expect(clientTag(item.clientId).length).toBeLessThanOrEqual(50);
  });

  it('retries 500s with backoff and sends exactly once', async () => {
    const h = track(harness());
    h.http.store.setMode('error500', 2);
    h.outbox.enqueueCreate(DASHBOARD, draft);
    await settle();

    expect(only(h)).toMatchObject({ status: 'pending', attempts: 1, lastError: { kind: 'server', retryable: true } });
    expect(only(h).nextAttemptAt).toBe(h.clock.now() + 1_000);

    await h.clock.advance(999);
    expect(posts(h.http)).toHaveLength(1);
    await h.clock.advance(1);
    expect(posts(h.http)).toHaveLength(2);
    expect(only(h)).toMatchObject({ status: 'pending', attempts: 2 });
    expect(only(h).nextAttemptAt).toBe(h.clock.now() + 2_000);

    await h.clock.advance(2_000);
    expect(only(h)).toMatchObject({ status: 'sent', attempts: 3, serverId: 1 });
    expect(only(h).lastError).toBeUndefined();
    expect(posts(h.http)).toHaveLength(3);
    expect(h.http.store.annotations).toHaveLength(1);
  });

  it('backs off 1 s, 2 s, 4 s… up to 60 s, with jitter between half and all of the step', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => retryDelay(attempt, () => 0))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(retryDelay(3, () => 0.999)).toBeGreaterThanOrEqual(2_000);
    expect(retryDelay(30, () => 0.5)).toBeLessThanOrEqual(60_000);
  });

  it('aborts a request that never answers, looks for it until the grace period is over, then sends it again', async () => {
    const h = track(harness());
    h.http.store.setMode('hang', 1);
    h.outbox.enqueueCreate(DASHBOARD, draft);
    await settle();
    expect(only(h).status).toBe('sending');
    expect(h.http.openRequests()).toBe(1);

    await h.clock.advance(TIMEOUT);
    expect(h.http.openRequests()).toBe(0);
    expect(only(h)).toMatchObject({
      status: 'pending',
      unconfirmedSince: expect.any(Number),
      lastError: { kind: 'timeout', retryable: true, message: CHECKING_MESSAGE },
    });

    // Within the grace period (3 timeouts from the request) it is only looked up, never sent again.
    await h.clock.advance(GRACE - TIMEOUT - 1);
    expect(posts(h.http)).toHaveLength(1);
    expect(h.http.requests().filter((request) => request.method === 'GET').length).toBeGreaterThanOrEqual(3);
    expect(only(h).status).toBe('pending');

    await h.clock.advance(1_000);
    expect(only(h).status).toBe('sent');
    expect(posts(h.http)).toHaveLength(2);
    expect(h.http.store.annotations).toHaveLength(1);
  });

  it('adopts a create Grafana stored after the client gave up on it, instead of sending it twice', async () => {
    const h = track(harness());
    h.http.store.setLateAcceptMs(2 * TIMEOUT);
    h.http.store.setMode('late-accept', 1);
    h.outbox.enqueueCreate(DASHBOARD, draft);
    await h.clock.advance(GRACE + 5 * 60_000);

    expect(only(h)).toMatchObject({ status: 'sent', serverId: 1 });
    expect((only(h) as OutboxCreateItem).copiesCheckAt).toBeUndefined();
    expect(posts(h.http)).toHaveLength(1);
    expect(h.http.store.annotations).toHaveLength(1);
  });

  it('deletes the copy a dropped connection made the browser send again, keeping the lowest id', async () => {
    const h = track(harness({ retryDroppedConnection: true }));
    h.http.store.setMode('reset-after-accept', 1);
    const created = h.outbox.enqueueCreate(DASHBOARD, draft);
    // Changed before the copies are found: the change goes to the copy the outbox adopted first.
    h.outbox.enqueueUpdate(DASHBOARD, { clientId: created.clientId }, { text: 'Rolled back model v42 at 03:10' });
    await h.clock.advance(60_000);

    expect(h.http.store.annotations).toEqual([
      expect.objectContaining({ id: 1, text: 'Rolled back model v42 at 03:10' }),
    ]);
    expect(h.outbox.getItems(DASHBOARD)[0]).toMatchObject({ status: 'sent', serverId: 1, copiesRemoved: 1 });
    expect(
      h.http
        .requests()
        .filter((request) => request.method === 'DELETE')
        .map((request) => request.url)
    ).toEqual(['/api/annotations/2']);
  });

  it('adopts the server id when a timed-out create had reached the server', async () => {
    const h = track(harness());
    h.http.store.setMode('accept-then-hang', 1);
    h.outbox.enqueueCreate(DASHBOARD, draft);
    await h.clock.advance(TIMEOUT + 1_000);

    expect(only(h)).toMatchObject({ status: 'sent', serverId: 1 });
    expect(posts(h.http)).toHaveLength(1);
    expect(h.http.requests().map((request) => request.method)).toEqual(['POST', 'GET']);
    expect(h.http.store.annotations).toHaveLength(1);
  });

  it('keeps annotations through an offline period and sends them when the connection is back', async () => {
    const h = track(harness());
    h.http.goOffline();
    h.outbox.enqueueCreate(DASHBOARD, draft);
    h.outbox.enqueueCreate(DASHBOARD, { ...draft, time: draft.time + 60_000, text: 'Second note' });
    await h.clock.advance(5 * 60_000);

    expect(h.outbox.getItems(DASHBOARD).map((item) => item.status)).toEqual(['pending', 'pending']);
    expect(h.outbox.getItems(DASHBOARD)[0].lastError).toMatchObject({ kind: 'offline', retryable: true });
    expect(h.http.store.annotations).toHaveLength(0);

    h.goOnline();
    await settle();
    expect(h.outbox.getItems(DASHBOARD).map((item) => item.status)).toEqual(['sent', 'sent']);
    expect(h.http.store.annotations.map((annotation) => annotation.text)).toEqual([draft.text, 'Second note']);
  });

  it('resumes after a reload: an item left pending is sent by the next page', async () => {
    const first = harness();
    first.http.store.setMode('error500', 1);
    first.outbox.enqueueCreate(DASHBOARD, draft);
    await settle();
    first.outbox.dispose();

    const second = track(harness(first));
    await second.clock.advance(1_000);
    expect(only(second).status).toBe('sent');
    expect(second.http.store.annotations).toHaveLength(1);
  });

  it.each([
    ['the create reached the server but its answer was lost', 'accept-then-hang' as const, 1],
    ['the create never reached the server', 'hang' as const, 2],
  ])('a reload in the middle of a send leaves exactly one annotation (%s)', async (_, mode, expectedPosts) => {
    const first = harness();
    first.http.store.setMode(mode, 1);
    first.outbox.enqueueCreate(DASHBOARD, draft);
    await settle();
    expect(only(first).status).toBe('sending');
    first.outbox.dispose(); // The page dies with the request in flight.

    const second = track(harness(first));
    await settle();
    // The dead page's lease holds until its request must have ended; nothing is sent twice meanwhile.
    expect(only(second).status).toBe('sending');
    expect(posts(second.http)).toHaveLength(1);

    await second.clock.advance(GRACE + 5_000);
    expect(only(second)).toMatchObject({ status: 'sent', serverId: 1 });
    expect(second.http.store.annotations).toHaveLength(1);
    expect(posts(second.http)).toHaveLength(expectedPosts);
  });

  it('a second page opened while the first is still waiting on a send leaves exactly one annotation', async () => {
    const first = track(harness());
    first.http.store.setMode('accept-then-hang', 1);
    first.outbox.enqueueCreate(DASHBOARD, draft);
    await settle();
    const second = track(harness(first));

    await first.clock.advance(5 * 60_000);
    expect(only(first)).toMatchObject({ status: 'sent', serverId: 1 });
    expect(only(second)).toMatchObject({ status: 'sent', serverId: 1 });
    expect(first.http.store.annotations).toHaveLength(1);
  });

  it('fails a 403 with the reason, and does not retry it', async () => {
    const h = track(harness());
    h.http.store.setMode('forbidden');
    h.outbox.enqueueCreate(DASHBOARD, draft);
    await h.clock.advance(10 * 60_000);

    expect(only(h)).toMatchObject({
      status: 'failed',
      lastError: { kind: 'forbidden', retryable: false, message: FORBIDDEN_MESSAGE, status: 403 },
    });
    expect(posts(h.http)).toHaveLength(1);
  });

  it('fails a 409 conflict, and sends it once when the person retries', async () => {
    const h = track(harness());
    h.http.store.setMode('conflict', 1);
    const item = h.outbox.enqueueCreate(DASHBOARD, draft);
    await h.clock.advance(60_000);
    expect(only(h)).toMatchObject({ status: 'failed', lastError: { kind: 'conflict', retryable: false } });

    h.outbox.retry(item.clientId);
    await settle();
    expect(only(h)).toMatchObject({ status: 'sent', serverId: 1 });
    expect(h.http.store.annotations).toHaveLength(1);
  });

  it('discard removes a failed item and it is never sent', async () => {
    const h = track(harness());
    h.http.store.setMode('conflict', 1);
    const item = h.outbox.enqueueCreate(DASHBOARD, draft);
    await settle();
    expect(only(h).status).toBe('failed');

    h.outbox.discard(item.clientId);
    await h.clock.advance(10 * 60_000);
    expect(h.outbox.getItems(DASHBOARD)).toEqual([]);
    expect(h.http.store.annotations).toHaveLength(0);
  });

  it('holds an update to an annotation not yet created until the create has its id', async () => {
    const h = track(harness());
    h.http.store.setMode('error500', 1);
    const created = h.outbox.enqueueCreate(DASHBOARD, { ...draft, tags: ['incident'], text: 'Incident start' });
    const end = h.outbox.enqueueUpdate(DASHBOARD, { clientId: created.clientId }, { timeEnd: draft.time + 3_600_000 });
    await settle();
    expect(h.outbox.getItems(DASHBOARD).map((item) => item.status)).toEqual(['pending', 'pending']);
    expect(h.http.requests().filter((request) => request.method === 'PATCH')).toHaveLength(0);

    await h.clock.advance(1_000);
    const items = h.outbox.getItems(DASHBOARD);
    expect(items.map((item) => item.status)).toEqual(['sent', 'sent']);
    expect(items.find((item) => item.clientId === end.clientId)?.serverId).toBe(1);
    expect(h.http.store.annotations[0]).toMatchObject({ time: draft.time, timeEnd: draft.time + 3_600_000 });
  });

  it('fails an update of an annotation deleted on the server as a conflict', async () => {
    const h = track(harness());
    h.outbox.enqueueUpdate(DASHBOARD, { serverId: 99 }, { text: 'edited' });
    await settle();
    expect(only(h)).toMatchObject({ status: 'failed', lastError: { kind: 'conflict', status: 404 } });
  });

  it('rejects a text over the limit before storing anything', () => {
    const h = track(harness());
    expect(() => h.outbox.enqueueCreate(DASHBOARD, { ...draft, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) })).toThrow(
      /10,001 characters long; the limit is 10,000/
    );
    expect(h.outbox.getItems(DASHBOARD)).toEqual([]);
  });

  it('keeps dashboards apart', async () => {
    const h = track(harness());
    h.outbox.enqueueCreate(DASHBOARD, draft);
    h.outbox.enqueueCreate('other-dash', draft);
    await settle();
    expect(h.outbox.getItems(DASHBOARD)).toHaveLength(1);
    expect(h.outbox.getItems('other-dash')).toHaveLength(1);
    expect(h.http.store.annotations.map((annotation) => annotation.dashboardUID).sort()).toEqual([
      DASHBOARD,
      'other-dash',
    ]);
  });
});

describe('two tabs of one browser', () => {
  it('send from one tab only; the other takes over when that tab goes away', async () => {
    const clock = new FakeClock();
    const http = createFakeGrafanaHttp({ setTimeout: clock.setTimeout });
    const storage = createMemoryStorage();
    const requestsBy = { a: 0, b: 0 };
    const tab = (name: 'a' | 'b') =>
      createTestOutbox(http, clock, {
        storage,
        transport: (request) => {
          requestsBy[name] += 1;
          return http.transport(request);
        },
      });
    const a = tab('a');
    const b = tab('b');
    expect([a.isSender(), b.isSender()]).toEqual([true, false]);

    b.enqueueCreate(DASHBOARD, { ...draft, text: 'written in tab b' });
    a.enqueueCreate(DASHBOARD, { ...draft, text: 'written in tab a' });
    await clock.advance(1_000);
    expect(requestsBy.b).toBe(0);
    expect(http.store.annotations.map((annotation) => annotation.text).sort()).toEqual([
      'written in tab a',
      'written in tab b',
    ]);

    a.dispose(); // Tab a is closed.
    b.enqueueCreate(DASHBOARD, { ...draft, text: 'written after tab a closed' });
    await clock.advance(1_000);
    expect(requestsBy.b).toBeGreaterThan(0);
    expect(http.store.annotations).toHaveLength(3);
    b.dispose();
  });
});

describe('a Grafana that answered nothing for minutes', () => {
  it('holds no connection meanwhile, and the queue empties within a grace period once it answers again', async () => {
    const clock = new FakeClock();
    const http = createFakeGrafanaHttp({ setTimeout: clock.setTimeout });
    const outbox = createTestOutbox(http, clock);
    http.store.setChaos({ writes: { hang: 1 }, reads: { hang: 1 } });
    for (let i = 0; i < 20; i++) {
      outbox.enqueueCreate(DASHBOARD, { ...draft, time: draft.time + i * 60_000, text: `note ${i}` });
      await clock.advance(15_000);
      expect(http.openRequests()).toBeLessThanOrEqual(3);
    }
    await clock.advance(5 * 60_000);
    expect(http.store.annotations).toHaveLength(0);

    http.store.setChaos(null);
    const answeredAt = clock.now();
    let emptiedAt: number | undefined;
    while (emptiedAt === undefined && clock.now() - answeredAt < 10 * 60_000) {
      await clock.advance(1_000);
      if (outbox.getItems(DASHBOARD).every((item) => item.status === 'sent')) {
        emptiedAt = clock.now();
      }
    }
    // Backoffs had grown to a minute; the first answer wakes every item, each is looked up, then sent.
    expect(emptiedAt! - answeredAt).toBeLessThanOrEqual(GRACE + 5_000);
    expect(http.store.annotations).toHaveLength(20);
    expect(http.openRequests()).toBe(0);
    outbox.dispose();
  });
});

describe('items stored by the earlier layout (one list per dashboard)', () => {
  it('are moved to one key per item on load, and sent', async () => {
    const clock = new FakeClock();
    const http = createFakeGrafanaHttp({ setTimeout: clock.setTimeout });
    const storage = createMemoryStorage();
    const pending = {
      clientId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      dashboardUID: DASHBOARD,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: clock.now(),
      createdAt: clock.now(),
      op: 'create',
      annotation: draft,
    };
    storage.setItem('driftline.annotations.outbox.v1:dashboards', JSON.stringify([DASHBOARD]));
    storage.setItem(`driftline.annotations.outbox.v1:${DASHBOARD}`, JSON.stringify([pending]));
    const outbox = createTestOutbox(http, clock, { storage });
    await clock.advance(1_000);

    expect(outbox.getItems(DASHBOARD)).toEqual([
      expect.objectContaining({ clientId: pending.clientId, status: 'sent' }),
    ]);
    expect(Object.keys(storage.dump()).filter((key) => key.includes('outbox.v1'))).toEqual([]);
    expect(http.store.annotations).toEqual([expect.objectContaining({ text: draft.text })]);
    outbox.dispose();
  });
});
