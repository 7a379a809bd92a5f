import { AnnotationOutbox, clientIdOf, createMemoryStorage, OutboxItem, OutboxStorage, STORAGE_PREFIX } from './outbox';
import { FakeClock } from './testing/fakeClock';
import { createFakeGrafanaHttp, FakeGrafanaHttp } from './testing/fakeGrafanaTransport';

// Exactly once under chaos, in memory and on a test clock: two tabs of one browser (two outboxes on one
// storage, each told of the other's writes as the `storage` event tells a tab), reloads, and a fake Grafana
// that answers 500 and 503, hangs, stores and then hangs, stores twice the client timeout late, or stores
// and drops the connection (which the browser then sends again, as Chromium does on a reused connection).
// The browser e2e (tests/e2e/outboxChaos.spec.ts) runs the same mix in Chromium against the fake over HTTP.

const DASHBOARD = 'chaos-dash';
const TIMEOUT = 2_000;
const GRACE = 5 * TIMEOUT;
const ANNOTATIONS = Number(process.env.OUTBOX_CHAOS_ANNOTATIONS ?? 200);

jest.setTimeout(120_000);

/** A storage shared by tabs: a write by one tab is announced to the others, never to itself. */
function sharedStorage() {
  const storage = createMemoryStorage();
  const tabs = new Map<number, (key: string) => void>();
  let nextTab = 1;
  return {
    forTab(): { storage: OutboxStorage; onExternalChange: (listener: (key: string) => void) => () => void } {
      const tab = nextTab++;
      const announce = (key: string) => tabs.forEach((listener, other) => other !== tab && listener(key));
      return {
        storage: {
          getItem: (key) => storage.getItem(key),
          setItem: (key, value) => {
            storage.setItem(key, value);
            announce(key);
          },
          removeItem: (key) => {
            storage.removeItem(key);
            announce(key);
          },
          key: (index) => storage.key(index),
          get length() {
            return storage.length;
          },
        },
        onExternalChange: (listener) => {
          tabs.set(tab, listener);
          return () => tabs.delete(tab);
        },
      };
    },
    /** The dashboard's items as the tabs share them, read from the storage itself. */
    items(): OutboxItem[] {
      return Object.entries(storage.dump())
        .filter(([key]) => key.startsWith(`${STORAGE_PREFIX}${DASHBOARD}:`))
        .map(([, raw]) => JSON.parse(raw));
    },
  };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function openTab(http: FakeGrafanaHttp, clock: FakeClock, shared: ReturnType<typeof sharedStorage>, seed: number) {
  const { storage, onExternalChange } = shared.forTab();
  return new AnnotationOutbox({
    storage,
    transport: http.transport,
    requestTimeoutMs: TIMEOUT,
    unconfirmedGraceMs: GRACE,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: seeded(seed),
    onOnline: () => () => {},
    onExternalChange,
  });
}

/** Copies on the server per annotation written: lost (0 copies) and duplicated (more than 1). */
function count(http: FakeGrafanaHttp, written: Set<string>) {
  const copies = new Map<string, number>();
  for (const annotation of http.store.annotations) {
    const clientId = clientIdOf(annotation.tags);
    if (clientId) {
      copies.set(clientId, (copies.get(clientId) ?? 0) + 1);
    }
  }
  let lost = 0;
  let duplicated = 0;
  written.forEach((clientId) => {
    const n = copies.get(clientId) ?? 0;
    lost += n === 0 ? 1 : 0;
    duplicated += Math.max(0, n - 1);
  });
  return { written: written.size, onServer: http.store.annotations.length, lost, duplicated };
}

const CHAOS = {
  seed: 18,
  writes: {
    ok: 40,
    error500: 8,
    unavailable: 8,
    hang: 10,
    'accept-then-hang': 10,
    'late-accept': 12,
    'reset-after-accept': 12,
  },
  reads: { ok: 80, error500: 8, unavailable: 6, hang: 6 },
} as const;

describe('the outbox under chaos', () => {
  it(`sends ${ANNOTATIONS} annotations from two tabs with reloads exactly once, and a silent Grafana does not stall it`, async () => {
    const clock = new FakeClock();
    const http = createFakeGrafanaHttp({ setTimeout: clock.setTimeout, retryDroppedConnection: true });
    http.store.setLateAcceptMs(2 * TIMEOUT);
    const shared = sharedStorage();
    let seed = 1;
    const tabs = [openTab(http, clock, shared, seed++), openTab(http, clock, shared, seed++)];
    const written = new Set<string>();
    const reloadAt = new Set([
      Math.floor(ANNOTATIONS * 0.25),
      Math.floor(ANNOTATIONS * 0.5),
      Math.floor(ANNOTATIONS * 0.75),
    ]);
    const silentFrom = Math.floor(ANNOTATIONS * 0.6);
    const silentTo = Math.floor(ANNOTATIONS * 0.7);
    http.store.setChaos(CHAOS);

    for (let i = 0; i < ANNOTATIONS; i++) {
      if (i === silentFrom) {
        // Grafana stops answering anything at all.
        http.store.setChaos({ seed: 7, writes: { hang: 1 }, reads: { hang: 1 } });
      }
      if (i === silentTo) {
        http.store.setChaos(CHAOS);
      }
      if (reloadAt.has(i)) {
        const index = i % 2;
        tabs[index].dispose(); // The page dies with whatever it had in flight.
        tabs[index] = openTab(http, clock, shared, seed++);
      }
      const item = tabs[i % 2].enqueueCreate(DASHBOARD, {
        time: Date.UTC(2026, 0, 1, 2, 0) + i * 60_000,
        tags: ['chaos'],
        text: `chaos annotation ${i}`,
      });
      written.add(item.clientId);
      await clock.advance(400);
    }

    // Grafana recovers: everything must be sent within a bounded time, however much hung before.
    http.store.setChaos(null);
    const recoveredAt = clock.now();
    let drainedAt: number | undefined;
    for (let step = 0; step < 120 && drainedAt === undefined; step++) {
      await clock.advance(5_000);
      if (shared.items().length === ANNOTATIONS && shared.items().every((item) => item.status === 'sent')) {
        drainedAt = clock.now();
      }
    }
    // Then long enough for late writes to land and copies to be reconciled.
    await clock.advance(GRACE * 4);
    const counts = count(http, written);
    const drained = drainedAt === undefined ? 'never' : `${Math.round((drainedAt - recoveredAt) / 1000)} s`;
    const modes = http.store.chaosLog.reduce<Record<string, number>>((tally, entry) => {
      const key = `${entry.method} ${entry.mode}`;
      tally[key] = (tally[key] ?? 0) + 1;
      return tally;
    }, {});
    console.log(
      `outbox chaos (in memory): ${JSON.stringify(counts)}, open requests ${http.openRequests()}, ` +
        `queue drained ${drained} after Grafana answered again; modes drawn ${JSON.stringify(modes)}`
    );
    tabs.forEach((tab) => tab.dispose());

    expect(counts).toMatchObject({ written: ANNOTATIONS, lost: 0, duplicated: 0, onServer: ANNOTATIONS });
    expect(http.openRequests()).toBe(0);
    expect(drainedAt).toBeDefined();
    expect(shared.items().filter((item) => item.status !== 'sent')).toEqual([]);
    expect(shared.items().filter((item) => item.op === 'create' && item.copiesCheckAt !== undefined)).toEqual([]);
  });
});
