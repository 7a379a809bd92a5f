import { seededRandom } from '../../tests/recipes/fakeGrafanaStore.mjs';
import { chaosMix, countCopies, silence, tallyModes } from '../../tests/recipes/outboxChaos.mjs';
import { AnnotationOutbox, OutboxItem, STORAGE_PREFIX } from './outbox';
import { FakeClock } from './testing/fakeClock';
import { createFakeGrafanaHttp, FakeGrafanaHttp } from './testing/fakeGrafanaTransport';
import { createSharedStorage } from './testing/sharedStorage';

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

type SharedStorage = ReturnType<typeof createSharedStorage>;

/** The dashboard's items as the tabs share them, read from the storage itself. */
function storedItems(shared: SharedStorage): OutboxItem[] {
  return Object.entries(shared.storage.dump())
    .filter(([key]) => key.startsWith(`${STORAGE_PREFIX}${DASHBOARD}:`))
    .map(([, raw]) => JSON.parse(raw));
}

function openTab(http: FakeGrafanaHttp, clock: FakeClock, shared: SharedStorage, seed: number) {
  const { storage, onExternalChange } = shared.forTab();
  return new AnnotationOutbox({
    storage,
    transport: http.transport,
    requestTimeoutMs: TIMEOUT,
    unconfirmedGraceMs: GRACE,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: seededRandom(seed),
    onOnline: () => () => {},
    onExternalChange,
  });
}

describe('the outbox under chaos', () => {
  it(`sends ${ANNOTATIONS} annotations from two tabs with reloads exactly once, and a silent Grafana does not stall it`, async () => {
    const clock = new FakeClock();
    const http = createFakeGrafanaHttp({ setTimeout: clock.setTimeout, retryDroppedConnection: true });
    http.store.setLateAcceptMs(2 * TIMEOUT);
    const shared = createSharedStorage();
    let seed = 1;
    const tabs = [openTab(http, clock, shared, seed++), openTab(http, clock, shared, seed++)];
    const written = new Set<string>();
    // Alternating tabs (even indexes write in tab 0, odd in tab 1), whichever sends at that moment.
    const reloadAt = new Set([
      2 * Math.floor(ANNOTATIONS / 8),
      2 * Math.floor(ANNOTATIONS / 4) + 1,
      2 * Math.floor((3 * ANNOTATIONS) / 8),
    ]);
    const silentFrom = Math.floor(ANNOTATIONS * 0.6);
    const silentTo = Math.floor(ANNOTATIONS * 0.7);
    http.store.setChaos(chaosMix(18));

    for (let i = 0; i < ANNOTATIONS; i++) {
      if (i === silentFrom) {
        // Grafana stops answering anything at all.
        http.store.setChaos(silence(7));
      }
      if (i === silentTo) {
        http.store.setChaos(chaosMix(19));
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
      if (storedItems(shared).length === ANNOTATIONS && storedItems(shared).every((item) => item.status === 'sent')) {
        drainedAt = clock.now();
      }
    }
    // Then long enough for late writes to land and copies to be reconciled.
    await clock.advance(GRACE * 4);
    const counts = countCopies(http.store.annotations, written);
    const drained = drainedAt === undefined ? 'never' : `${Math.round((drainedAt - recoveredAt) / 1000)} s`;
    const modes = tallyModes(http.store.chaosLog);
    console.log(
      `outbox chaos (in memory): ${JSON.stringify(counts)}, open requests ${http.openRequests()}, ` +
        `queue drained ${drained} after Grafana answered again; modes drawn ${JSON.stringify(modes)}`
    );
    tabs.forEach((tab) => tab.dispose());

    expect(counts).toMatchObject({ written: ANNOTATIONS, lost: 0, duplicated: 0, onServer: ANNOTATIONS });
    expect(http.openRequests()).toBe(0);
    expect(drainedAt).toBeDefined();
    expect(storedItems(shared).filter((item) => item.status !== 'sent')).toEqual([]);
    expect(storedItems(shared).filter((item) => item.op === 'create' && item.copiesCheckAt !== undefined)).toEqual([]);
  });
});
