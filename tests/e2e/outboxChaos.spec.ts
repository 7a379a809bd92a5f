import { BrowserContext, expect, Page, test } from '@playwright/test';
import { FakeGrafana, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { chaosMix, countCopies, silence, tallyModes } from '../recipes/outboxChaos.mjs';

// Exactly once against a chaotic Grafana, in Chromium: two tabs of one browser write annotations through the
// playground's outbox to the fake Grafana over HTTP, which answers 500 and 503, hangs, stores then hangs, stores
// twice the client timeout late, or stores then drops the connection; the tabs are reloaded three times, and
// for a while Grafana answers nothing at all. At the end every annotation is on the server exactly once.
//
// OUTBOX_CHAOS_ANNOTATIONS sets the number of annotations (200 by default, as in CI); OUTBOX_CHAOS_SEED the mix.
const TOKEN = 'chaos-e2e-token';
/** The dashboard the playground's timeline panel shows: one annotation in 20 goes there, to be seen pending. */
const SHOWN_DASHBOARD = 'playground-latency-gc';
/** The rest go to another dashboard, so the panel does not redraw hundreds of markers on a loaded machine. */
const BULK_DASHBOARD = 'chaos-e2e';
const TIMEOUT_MS = 1_500;
const GRACE_MS = 4 * TIMEOUT_MS;
const ANNOTATIONS = Number(process.env.OUTBOX_CHAOS_ANNOTATIONS || 200);
const SEED = Number(process.env.OUTBOX_CHAOS_SEED || 18);
/** How long the queue may take to empty once Grafana answers again. */
const DRAIN_LIMIT_MS = 90_000;
const CHECKING = 'Grafana is slow; checking whether it saved this before resending';

const CHAOS = chaosMix(SEED);
const SILENT = silence(SEED);

test.setTimeout(ANNOTATIONS * 500 + DRAIN_LIMIT_MS + 4 * GRACE_MS + 120_000);

let grafana: FakeGrafana;

test.beforeEach(async () => {
  grafana = await startFakeGrafana({ token: TOKEN, lateAcceptMs: 2 * TIMEOUT_MS });
});

test.afterEach(async () => {
  await grafana?.close();
});

function playgroundUrl(): string {
  const params = new URLSearchParams({
    scenario: 'latency-gc',
    panel: 'timeline',
    theme: 'dark',
    grafana: grafana.url,
    token: TOKEN,
    outboxTimeoutMs: String(TIMEOUT_MS),
    outboxGraceMs: String(GRACE_MS),
  });
  return `/?${params.toString()}`;
}

async function ready(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(playgroundUrl());
  await ready(page);
  return page;
}

/** Writes one annotation through the page's outbox, as the panel's form does; returns its client id. */
function write(page: Page, index: number, time: number): Promise<string> {
  return page.evaluate(
    ({ dashboard, index, time }) =>
      window.driftlineOutbox!.enqueueCreate(dashboard, { time, tags: ['chaos'], text: `chaos annotation ${index}` })
        .clientId,
    { dashboard: index % 20 === 0 ? SHOWN_DASHBOARD : BULK_DASHBOARD, index, time }
  );
}

/** The outbox's items as the tabs share them in localStorage, read by the page's outbox. */
function storedItems(page: Page): Promise<Array<{ status: string; attempts: number; copiesCheckAt?: number }>> {
  return page.evaluate(
    (dashboards) => dashboards.flatMap((uid) => [...window.driftlineOutbox!.getItems(uid)]),
    [SHOWN_DASHBOARD, BULK_DASHBOARD]
  );
}

/** Whether the pending list says the outbox is checking whether Grafana saved an annotation. */
async function showsChecking(page: Page): Promise<boolean> {
  const texts = await page.getByTestId('driftline-outbox-item').allTextContents();
  return texts.some((text) => text.includes(CHECKING));
}

test(`${ANNOTATIONS} annotations from two tabs, with reloads and a chaotic Grafana, are stored exactly once`, async ({
  browser,
}) => {
  const context = await browser.newContext();
  const tabs = [await openTab(context), await openTab(context)];
  // Which tab each request to Grafana came from, in order: one tab sends until it goes away (a reload).
  const senders: number[] = [];
  tabs.forEach((tab, index) =>
    tab.on('request', (request) => {
      if (request.url().startsWith(grafana.url)) {
        senders.push(index);
      }
    })
  );
  const written = new Set<string>();
  // A quarter, half and three quarters of the way, alternating tabs (even indexes write in tab 0, odd in tab 1),
  // so each reload takes the page that sends at that moment or the one that only stores.
  const reloads = new Set([
    2 * Math.floor(ANNOTATIONS / 8),
    2 * Math.floor(ANNOTATIONS / 4) + 1,
    2 * Math.floor((3 * ANNOTATIONS) / 8),
  ]);
  const silentFrom = Math.floor(ANNOTATIONS * 0.6);
  const silentTo = Math.floor(ANNOTATIONS * 0.7);
  let openMax = 0;
  const started = Date.now();
  const timeOf = (index: number) => started - (ANNOTATIONS - index) * 30_000;
  // The first annotation's create hangs: the pending list says the outbox is checking whether Grafana saved it.
  grafana.setMode('hang', 1);
  written.add(await write(tabs[0], 0, timeOf(0)));
  await expect
    .poll(async () => (await showsChecking(tabs[0])) && (await showsChecking(tabs[1])), { timeout: 20_000 })
    .toBe(true);
  grafana.setChaos(CHAOS);
  let writingTook = 0;

  for (let index = 1; index < ANNOTATIONS; index++) {
    if (index === silentFrom) {
      grafana.setChaos(SILENT);
    } else if (index === silentTo) {
      grafana.setChaos(CHAOS);
    }
    const tab = index % 2;
    if (reloads.has(index)) {
      await tabs[tab].reload();
      await ready(tabs[tab]);
    }
    written.add(await write(tabs[tab], index, timeOf(index)));
    openMax = Math.max(openMax, grafana.openRequests());
    await tabs[tab].waitForTimeout(50);
  }

  writingTook = Date.now() - started;
  // The chaos goes on until every annotation has been tried under it, or for a minute more on a busy machine.
  const chaosUntil = Date.now() + 60_000;
  let untried = ANNOTATIONS;
  while (Date.now() < chaosUntil) {
    untried = (await storedItems(tabs[0])).filter((item) => item.attempts === 0).length;
    if (untried === 0) {
      break;
    }
    await tabs[0].waitForTimeout(500);
  }
  // Grafana recovers: the queue must empty, however many requests hung before.
  grafana.setChaos(null);
  const recovered = Date.now();
  let drainedAt: number | undefined;
  while (Date.now() - recovered < DRAIN_LIMIT_MS) {
    openMax = Math.max(openMax, grafana.openRequests());
    const items = await storedItems(tabs[0]);
    if (items.length === ANNOTATIONS && items.every((item) => item.status === 'sent')) {
      drainedAt = Date.now();
      break;
    }
    await tabs[0].waitForTimeout(500);
  }
  // Copies found after sending are removed once late writes can no longer land.
  const settleLimit = Date.now() + 4 * GRACE_MS + 30_000;
  while (Date.now() < settleLimit) {
    const items = await storedItems(tabs[0]);
    if (
      grafana.pendingWrites() === 0 &&
      items.every((item) => item.status === 'sent' && item.copiesCheckAt === undefined)
    ) {
      break;
    }
    await tabs[0].waitForTimeout(500);
  }

  const result = countCopies(grafana.annotations, written);
  const handovers = senders.filter((sender, index) => index > 0 && sender !== senders[index - 1]).length;
  const modes = tallyModes(grafana.chaosLog);
  const drained =
    drainedAt === undefined ? `not within ${DRAIN_LIMIT_MS / 1000} s` : `${(drainedAt - recovered) / 1000} s`;
  console.log(
    `outbox chaos (Chromium, 2 tabs, 3 reloads): ${JSON.stringify(result)}; queue emptied ${drained} after Grafana ` +
      `answered again; at most ${openMax} requests held open; ${grafana.openRequests()} still open; ` +
      `${senders.length} requests, the sending tab changed ${handovers} times; ` +
      `${ANNOTATIONS - untried} of ${ANNOTATIONS} tried before Grafana recovered; ` +
      `"${CHECKING}" shown in both tabs; modes drawn ${JSON.stringify(modes)}; writing took ` +
      `${writingTook / 1000} s, the whole run ${(Date.now() - started) / 1000} s`
  );

  expect(result).toEqual({ written: ANNOTATIONS, onServer: ANNOTATIONS, lost: 0, duplicated: 0 });
  expect(drainedAt, 'the queue empties once Grafana answers again').toBeDefined();
  // Each tab's sender holds at most a few requests; hung ones are aborted at the timeout, never left open.
  expect(openMax).toBeLessThanOrEqual(6);
  // Only a reload of the sending tab hands sending to the other tab.
  expect(handovers).toBeLessThanOrEqual(reloads.size);
  await context.close();
});
