import { expect, test } from '@grafana/plugin-e2e';
import { ANNOTATION_TEST_IDS, ctrlDragRegionAnnotation } from '../annotationGestures';
import { DEMO_DASHBOARDS, noGrafana, noGrafanaReason, PANEL_TEST_IDS } from './grafana';

test.skip(noGrafana(), noGrafanaReason);

interface StoredAnnotation {
  id: number;
  text: string;
  time: number;
  timeEnd?: number;
  dashboardUID?: string;
}

test('an annotation made on the timeline panel is saved in Grafana and drawn again after a reload', async ({
  gotoDashboardPage,
  page,
}) => {
  const { uid } = DEMO_DASHBOARDS[0];
  const text = `e2e round trip ${Date.now()}`;
  await gotoDashboardPage({ uid });
  const panel = page.getByTestId(PANEL_TEST_IDS.timeline);
  await expect(panel).toBeVisible({ timeout: 20_000 });

  await ctrlDragRegionAnnotation(page, panel, text);

  const marker = () => panel.locator(`[data-testid="${ANNOTATION_TEST_IDS.marker}"][aria-label$="${text}"]`).first();
  await expect(marker()).toHaveAttribute('data-status', 'saved', { timeout: 30_000 });

  // Grafana has it, once, on this dashboard, as a region.
  const stored = async (): Promise<StoredAnnotation[]> => {
    const response = await page.request.get(`/api/annotations?dashboardUID=${uid}&limit=1000`);
    expect(response.ok()).toBe(true);
    return ((await response.json()) as StoredAnnotation[]).filter((annotation) => annotation.text === text);
  };
  const saved = await stored();
  expect(saved).toHaveLength(1);
  expect(saved[0].dashboardUID).toBe(uid);
  expect(saved[0].timeEnd ?? 0).toBeGreaterThan(saved[0].time);

  // Read back from Grafana on a fresh load, not from the browser's outbox.
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await expect(marker()).toBeVisible({ timeout: 20_000 });

  // Deleted in Grafana, it is gone from the panel after a reload.
  expect((await page.request.delete(`/api/annotations/${saved[0].id}`)).ok()).toBe(true);
  expect(await stored()).toHaveLength(0);
  await page.reload();
  await expect(page.getByTestId(PANEL_TEST_IDS.timeline)).toBeVisible({ timeout: 20_000 });
  await expect(marker()).toHaveCount(0);
});
