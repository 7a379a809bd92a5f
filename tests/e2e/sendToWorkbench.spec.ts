import { expect, Page, test } from '@playwright/test';
import { FakeGrafana, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { IncidentsPage } from './pages/incidentsPage';
import { WorkbenchPage } from './pages/workbenchPage';
import { evidenceItems, PlaygroundPage } from './playgroundPage';
import { testIds } from '../../src/testIds';

// "Send to workbench" from the latency-gc timeline: the panel's "what changed first" steps pinned in an incident's
// worksheet, through the URL, in the playground's pages against a fake Grafana HTTP API served by this test.
const TOKEN = 'send-to-workbench-token';
const TITLE = 'p99 latency spike on nlp-serving';
const DASHBOARD = 'playground-latency-gc';

/**
 * Grafana's answers the pages expect: no RCA dashboard yet, and the first draft's folder not created yet (the
 * draft autosave creates it and saves again).
 */
const EXPECTED_ERRORS = /^(404 .*\/api\/dashboards\/uid\/[^/]+|400 .*\/api\/dashboards\/db)$/;

let grafana: FakeGrafana;

test.beforeEach(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
});

test.afterEach(async () => {
  await grafana?.close();
});

const connection = () => `grafana=${encodeURIComponent(grafana.url)}&token=${TOKEN}`;

/** What a step of the panel's list should become in the workbench: its type, and its lane or kind. */
interface Shown {
  type: string;
  what: string;
}

/** The panel's "what changed first" list, once the analysis has settled. */
async function panelSteps(page: Page): Promise<Shown[]> {
  const list = page.getByTestId(testIds.panelTimeline).getByTestId(testIds.whatChangedFirst);
  await expect(list).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
  return list.getByTestId(testIds.changeStep).evaluateAll((nodes) =>
    nodes.map((node) => {
      const event = node.getAttribute('data-step-type') === 'event';
      const recovery = node.getAttribute('data-recovery') === 'true';
      const moved = recovery ? 'recovered' : node.getAttribute('data-direction') === 'up' ? 'rose' : 'fell';
      return event
        ? { type: 'change', what: node.getAttribute('data-kind') ?? '' }
        : { type: 'onset', what: `${node.getAttribute('data-lane')} ${moved}` };
    })
  );
}

async function expectPinnedInOrder(page: Page, sent: Shown[]) {
  const section = new WorkbenchPage(page).section('pinned');
  await expect(section.getByTestId(testIds.evidenceItem)).toHaveCount(sent.length, { timeout: 20_000 });
  const pinned = await evidenceItems(section);
  expect(pinned.map((item) => item.type)).toEqual(sent.map((step) => step.type));
  pinned.forEach((item, index) => {
    const expected = sent[index];
    if (expected.type === 'change') {
      expect(item.kind).toBe(expected.what);
    } else {
      expect(item.text).toContain(expected.what);
    }
    expect(item.id.startsWith(`pin:${DASHBOARD}/1/`)).toBe(true);
    expect(item.link).toMatch(new RegExp(`^/d/${DASHBOARD}\\?viewPanel=1&from=\\d+&to=\\d+$`));
  });
  const times = pinned.map((item) => item.time);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  // The deploy before the campaign moved nothing; the campaign comes before the input drift and the latency.
  const deploy = pinned.find((item) => item.kind === 'deploy');
  expect(deploy?.exonerated).toBe(true);
  expect(deploy?.text).toContain('exonerated');
  const position = (match: (item: (typeof pinned)[number]) => boolean) => pinned.findIndex(match);
  const order = [
    position((item) => item.kind === 'business'),
    position((item) => item.text.includes('input tokens (mean) rose')),
    position((item) => item.text.includes('GC pause (s/s) rose')),
    position((item) => item.text.includes('p99 latency rose')),
  ];
  expect(order.every((index) => index >= 0)).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  return pinned;
}

test('declare an incident, then Send to workbench from the timeline: the steps are pinned in order, once', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const playground = new PlaygroundPage(page);

  // 1. Declare the incident from the incidents page of the panel's dashboard.
  const incidents = new IncidentsPage(page);
  await incidents.open(`dashboardUID=${DASHBOARD}&from=0&to=now&${connection()}`);
  await incidents.declare({ title: TITLE });
  expect(grafana.annotations).toHaveLength(1);
  const incident = grafana.annotations[0];

  // 2. Back on the panels, the timeline takes its window from that incident (written through the same outbox).
  // The playground's range ends at the page's "now" floored to the demo's 15 s step: open it once that is after
  // the incident's start, as a Grafana dashboard's next refresh would be.
  await page.waitForTimeout(Math.max(0, incident.time + 15_500 - Date.now()));
  await page.goto(`/?scenario=latency-gc&panel=timeline&theme=dark&${connection()}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const sent = await panelSteps(page);
  expect(sent.length).toBeGreaterThan(4);
  const button = page.getByTestId(testIds.sendToWorkbench);
  await expect(button).toHaveAttribute('aria-disabled', 'false');
  await button.click();

  // 3. The incident's workbench opens with the steps pinned, and the pin leaves the URL.
  await expect(page).toHaveURL(new RegExp(`/a/driftline-aiobs-app/incidents/${incident.id}\\?`));
  await expect(page.getByTestId(testIds.workbench)).toContainText(TITLE);
  await expect(page.getByTestId(testIds.workbenchPins)).toContainText(`Pinned ${sent.length} steps`);
  await expect(page).not.toHaveURL(/[?&]pin=/);
  // The playground's connection to Grafana came along.
  expect(new URL(page.url()).searchParams.get('grafana')).toBe(grafana.url);
  const pinned = await expectPinnedInOrder(page, sent);

  // 4. Saved: a reload shows them once; sending again from the panel adds nothing.
  await expect(page.getByTestId(testIds.workbenchSaveState)).toHaveText('saved to Grafana', { timeout: 15_000 });
  await page.reload();
  await expectPinnedInOrder(page, sent);
  await page.goBack();
  await page.goto(`/?scenario=latency-gc&panel=timeline&theme=dark&${connection()}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // The demo is generated afresh on each load, the same story at a later "now", and the ongoing incident's window
  // has grown: the list may gain (or lose) a late step, but what was pinned before is pinned again, not twice.
  const sentAgain = await panelSteps(page);
  await page.getByTestId(testIds.sendToWorkbench).click();
  const notice = page.getByTestId(testIds.workbenchPins);
  await expect(notice).toContainText(`Pinned ${sentAgain.length} steps`);
  await expect(notice).toContainText('already pinned, updated');
  const text = (await notice.textContent()) ?? '';
  const added = Number(/(\d+) added/.exec(text)?.[1] ?? 0);
  const updated = Number(/(\d+) already pinned/.exec(text)?.[1] ?? 0);
  expect(added + updated).toBe(sentAgain.length);
  const section = page.getByTestId(testIds.evidencePinned);
  await expect(section.getByTestId(testIds.evidenceItem)).toHaveCount(sent.length + added);
  const again = await evidenceItems(section);
  expect(new Set(again.map((item) => item.id)).size).toBe(again.length);
  expect(again.slice(0, sent.length).map((item) => item.id)).toEqual(pinned.map((item) => item.id));

  // 5. Each pinned step links back to the panel over the range it was found in.
  await page.getByTestId(testIds.evidencePinned).getByTestId(testIds.evidenceLink).first().click();
  await expect(page.getByTestId(testIds.panelTimeline)).toBeVisible({ timeout: 30_000 });
  expect(new URL(page.url()).searchParams.get('panel')).toBe('timeline');

  expect(playground.failedRequests.filter((failure) => !EXPECTED_ERRORS.test(failure))).toEqual([]);
  expect(playground.consoleErrors.filter((error) => !error.includes('Failed to load resource'))).toEqual([]);
});

test('with no incident in Grafana yet, the steps wait on the incidents page and follow the incident declared there', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const playground = new PlaygroundPage(page);
  await page.goto(`/?scenario=latency-gc&panel=timeline&theme=dark&${connection()}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const sent = await panelSteps(page);
  // The demo's incident comes from its data source: Grafana's incident list does not have it.
  await page.getByTestId(testIds.sendToWorkbench).click();

  await expect(page).toHaveURL(/\/a\/driftline-aiobs-app\/incidents\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('dashboardUID')).toBe(DASHBOARD);
  expect(url.searchParams.get('pin')).toBeTruthy();
  expect(url.searchParams.get('grafana')).toBe(grafana.url);
  await expect(page.getByTestId(testIds.incidentsPins)).toContainText(`${sent.length} steps from the timeline panel`);
  await expect(page.getByTestId(testIds.incidentsContext)).toContainText('No incident overlaps');

  await page.getByTestId(testIds.declareOpen).click();
  await expect(page.getByTestId(testIds.declareDashboard)).toHaveValue(DASHBOARD);
  await page.getByTestId(testIds.declareTitle).fill(TITLE);
  await page.getByTestId(testIds.declareSubmit).click();

  await expect(page.getByTestId(testIds.workbench)).toContainText(TITLE, { timeout: 20_000 });
  expect(grafana.annotations).toHaveLength(1);
  await expect(page).toHaveURL(new RegExp(`/a/driftline-aiobs-app/incidents/${grafana.annotations[0].id}\\?`));
  await expectPinnedInOrder(page, sent);
  await expect(page).not.toHaveURL(/[?&]pin=/);

  expect(playground.failedRequests.filter((failure) => !EXPECTED_ERRORS.test(failure))).toEqual([]);
  expect(playground.consoleErrors.filter((error) => !error.includes('Failed to load resource'))).toEqual([]);
});
