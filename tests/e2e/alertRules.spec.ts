import { expect, Page, test } from '@playwright/test';
import { testIds } from '../../src/testIds';
import { IN_PAGE_STORAGE_KEY } from '../../playground/inPageGrafanaKey';
import { FakeGrafana, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { PlaygroundPage } from './playgroundPage';

const IDS = testIds.alertRule;

// "Create alert rule" on the ctr-decline drift panel fed Prometheus histogram buckets (`input=histograms`, as
// the demo data source's "Feature buckets" or a PromQL query over model_feature_value_bucket give them).

const DAY = 86_400_000;
const TOKEN = 'alert-rules-token';
const FOLDER = { id: 1, uid: 'ml-alerts', title: 'ML alerts', url: '/dashboards/f/ml-alerts/ml-alerts' };

interface EventMark {
  kind: string;
  time: number;
}

/** The in-page Grafana as a reload finds it: one folder for alert rules, nothing else. */
async function seedInPageGrafana(page: Page) {
  await page.addInitScript(
    ([key, folder]) => {
      if (!window.sessionStorage.getItem('seeded')) {
        window.sessionStorage.setItem('seeded', 'yes');
        window.localStorage.setItem(key, JSON.stringify({ annotations: [], folders: [folder], nextId: 1 }));
      }
    },
    [IN_PAGE_STORAGE_KEY, FOLDER] as const
  );
}

async function openDialog(playground: PlaygroundPage, extra = '') {
  await playground.open('ctr-decline', 'drift', 'dark', `input=histograms${extra ? `&${extra}` : ''}`);
  const panel = playground.panel('drift');
  await expect(panel).toHaveAttribute('data-input', 'histograms');
  await panel.getByTestId(IDS.openDialog).click();
  const dialog = playground.page.getByTestId(IDS.dialog);
  await expect(dialog).toBeVisible();
  return { panel, dialog };
}

async function chooseFolder(page: Page, title: string) {
  await page.getByTestId(IDS.folderInput).click();
  await page.getByRole('option', { name: title }).click();
}

test('ctr-decline: the backtest fires within a day of the data change, drawn on the time strip', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const { panel, dialog } = await openDialog(playground);
  await expect(dialog.getByTestId(IDS.rules)).toContainText('record: driftline:feature_drift:jensenshannon');
  await expect(dialog.getByTestId(IDS.rules)).toContainText('model_feature_value_bucket{model="reco-model"');

  const summary = dialog.getByTestId(IDS.backtestSummary);
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary).toHaveAttribute('data-feature', 'user_recent_categories_count');
  await expect(summary).toContainText(
    /Would have fired .* on user_recent_categories_count, \d+ days before the incident was declared/
  );
  const firstFiring = Number(await summary.getAttribute('data-first-firing'));
  const events = JSON.parse((await panel.getAttribute('data-annotations')) ?? '[]') as EventMark[];
  const dataChange = events.filter((event) => event.kind === 'data').sort((a, b) => a.time - b.time)[0];
  expect(firstFiring - dataChange.time).toBeGreaterThan(0);
  expect(firstFiring - dataChange.time).toBeLessThan(DAY);
  const strip = dialog.getByTestId(IDS.backtestStrip);
  await expect(strip).toHaveAttribute('data-first-firing', String(firstFiring));
  await expect(strip.getByTestId(testIds.timeStrip)).toBeVisible();
  expect(playground.consoleErrors).toEqual([]);
});

test('Create in Grafana writes the rules to the in-page Grafana, and the app lists them', async ({ page }) => {
  await seedInPageGrafana(page);
  const playground = new PlaygroundPage(page);
  const { dialog } = await openDialog(playground);
  await chooseFolder(page, FOLDER.title);
  await dialog.getByTestId(IDS.createInGrafana).click();
  await expect(dialog.getByTestId(IDS.result)).toContainText('4 rules in ML alerts');

  const stored = await page.evaluate(
    (key) => JSON.parse(window.localStorage.getItem(key) ?? '{}'),
    IN_PAGE_STORAGE_KEY
  );
  const rules = stored.alertRules.rules as Array<{
    uid: string;
    folderUID: string;
    provenance: string;
    data: Array<{ datasourceUid: string }>;
  }>;
  expect(rules).toHaveLength(4);
  for (const rule of rules) {
    expect(rule.uid).toMatch(/^driftline-jensenshannon-/);
    expect(rule.folderUID).toBe(FOLDER.uid);
    expect(rule.provenance).toBe('');
    expect(rule.data[0].datasourceUid).toBe('prometheus');
  }

  await dialog.getByRole('link', { name: 'See their state' }).click();
  const listed = page.getByTestId(IDS.pageRow);
  await expect(listed).toHaveCount(4);
  await expect(listed.first()).toHaveAttribute('data-state', 'normal');
  await expect(listed.first()).toContainText('Not evaluated yet');
  await expect(listed.filter({ hasText: 'user_recent_categories_count' })).toHaveCount(1);
  expect(playground.consoleErrors).toEqual([]);
});

test('a viewer sees the rules and can download them, but cannot create them', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const { dialog } = await openDialog(playground, 'role=viewer');
  await expect(dialog.getByTestId(IDS.rules)).toContainText('alert: DriftlineFeatureDrift');
  await expect(dialog.getByTestId(IDS.createInGrafana)).toHaveCount(0);
  await expect(dialog.getByTestId(IDS.viewerNote)).toContainText('needs the Editor role');
  const download = page.waitForEvent('download');
  await dialog.getByTestId(IDS.download).click();
  expect((await download).suggestedFilename()).toBe('driftline-model_feature_value-rules.yaml');
});

test.describe('against a Grafana that refuses', () => {
  let grafana: FakeGrafana;

  test.beforeEach(async () => {
    grafana = await startFakeGrafana({ token: TOKEN });
    grafana.folders.set(FOLDER.uid, FOLDER);
  });

  test.afterEach(async () => {
    await grafana?.close();
  });

  test("Grafana's 403 is shown, and nothing is created", async ({ page }) => {
    const playground = new PlaygroundPage(page);
    const { dialog } = await openDialog(playground, `grafana=${encodeURIComponent(grafana.url)}&token=${TOKEN}`);
    await chooseFolder(page, FOLDER.title);
    grafana.setMode('forbidden');
    await dialog.getByTestId(IDS.createInGrafana).click();
    const error = dialog.getByTestId(IDS.error);
    await expect(error).toHaveAttribute('data-kind', 'forbidden');
    await expect(error).toContainText('You are not allowed to create alert rules in this folder');
    await expect(error).toContainText('Grafana said: Access denied');
    expect(grafana.alertRules.size).toBe(0);
    // The lookup of the rule's uid (none yet), then the refused create; nothing else failed.
    const expected =
      /^(404 .*\/api\/v1\/provisioning\/alert-rules\/driftline-[^/]+|403 .*\/api\/v1\/provisioning\/alert-rules)$/;
    expect(playground.failedRequests.filter((request) => !expected.test(request))).toEqual([]);
    expect(playground.failedRequests.some((request) => request.startsWith('403 '))).toBe(true);
  });
});
