import { expect, test } from '@playwright/test';
import { FakeGrafana, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { PlaygroundPage } from './playgroundPage';

// A worksheet is stored in Grafana, where any editor can write it. One planted with `javascript:` links (an
// evidence link and the published URL) opens in the workbench with no link that runs script.
const TOKEN = 'planted-links-e2e-token';
const INCIDENT = '666';
const PAYLOAD = 'javascript:window.plantedRan=true';

let grafana: FakeGrafana;

test.beforeEach(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
});

test.afterEach(async () => {
  await grafana?.close();
});

/** What an editor could save through Grafana's dashboard API: a worksheet with planted links. */
async function plantWorksheet() {
  const now = Date.now();
  const worksheet = {
    version: 1,
    incident: {
      id: INCIDENT,
      title: 'Checkout model down',
      start: now - 3_600_000,
      end: now - 1_800_000,
      dashboardUID: 'playground-latency-gc',
      severity: 'sev2',
    },
    evidence: [
      { id: 'planted', type: 'note', title: 'See the panel', detail: 'p99 rose', link: PAYLOAD },
      { id: 'fine', type: 'note', title: 'The deploy', link: '/d/playground-latency-gc?from=1&to=2' },
    ],
    whys: [],
    fishbone: { problem: 'Checkout model down', categories: {} },
    postMortem: {
      summary: '',
      impact: '',
      rootCause: '',
      contributingFactors: [],
      whatWentWell: [],
      actionItems: [],
    },
    status: 'published',
    updatedAt: now,
    published: { uid: `dl-rca-${INCIDENT}`, url: PAYLOAD, at: now },
  };
  const response = await fetch(`${grafana.url}/api/dashboards/db`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      dashboard: { uid: `dl-rca-${INCIDENT}`, title: 'RCA: Checkout model down', driftline: { worksheet } },
      overwrite: true,
    }),
  });
  expect(response.status).toBe(200);
}

test('a worksheet with planted javascript: links shows them as inert text', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await plantWorksheet();
  await page.goto(
    `/a/driftline-aiobs-app/incidents/${INCIDENT}?grafana=${encodeURIComponent(grafana.url)}&token=${TOKEN}`
  );
  await expect(page.getByTestId('driftline-workbench')).toContainText('Checkout model down', { timeout: 30_000 });

  const planted = page.locator('[data-testid="driftline-evidence-item"][data-evidence-id="planted"]');
  await expect(planted).toContainText(`link not opened (javascript: links are not opened): ${PAYLOAD}`);
  await expect(planted.getByTestId('driftline-evidence-link')).toHaveCount(0);
  const fine = page.locator('[data-testid="driftline-evidence-item"][data-evidence-id="fine"]');
  await expect(fine.getByTestId('driftline-evidence-link')).toHaveAttribute(
    'href',
    '/d/playground-latency-gc?from=1&to=2'
  );
  await planted.getByText(PAYLOAD, { exact: false }).click();

  await page.getByTestId('driftline-tab-postmortem').click();
  const published = page.getByTestId('driftline-pm-published');
  await expect(published.locator('a')).toHaveAttribute('href', `/d/dl-rca-${INCIDENT}`);

  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  expect(await page.evaluate(() => (window as { plantedRan?: boolean }).plantedRan)).toBeUndefined();
  expect(playground.consoleErrors.filter((error) => /javascript:/i.test(error))).toEqual([]);
});
