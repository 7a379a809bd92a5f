import { expect, test } from '@grafana/plugin-e2e';
import { DEMO_DASHBOARDS, noGrafana, noGrafanaReason, PANEL_TEST_IDS, QUERY_EDITOR_TEST_IDS } from './grafana';

test.skip(noGrafana(), noGrafanaReason);

for (const { uid, title } of DEMO_DASHBOARDS) {
  test(`"${title}" renders the timeline, drift and predictions panels`, async ({ gotoDashboardPage, page }) => {
    const dashboardPage = await gotoDashboardPage({ uid });
    for (const testId of [PANEL_TEST_IDS.timeline, PANEL_TEST_IDS.drift, PANEL_TEST_IDS.predictions]) {
      await expect(page.getByTestId(testId), `${testId} on ${uid}`).toBeVisible({ timeout: 20_000 });
    }
    await expect(dashboardPage).not.toHavePanelErrors();
  });
}

test('the "Change events" annotation query edits only the scenario', async ({ gotoAnnotationEditPage, page }) => {
  // id 1: the demo query, after Grafana's built-in annotations at index 0.
  await gotoAnnotationEditPage({ dashboard: { uid: DEMO_DASHBOARDS[0].uid }, id: '1' });
  await expect(page.getByTestId(QUERY_EDITOR_TEST_IDS.scenario)).toBeVisible();
  await expect(page.getByTestId(QUERY_EDITOR_TEST_IDS.signal)).toHaveCount(0);
});
