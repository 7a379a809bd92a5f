import { expect, test } from '@grafana/plugin-e2e';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DASHBOARDS, noGrafana, noGrafanaReason, PANEL_TEST_IDS, QUERY_EDITOR_TEST_IDS } from './grafana';
import { testIds } from '../../src/testIds';

test.skip(noGrafana(), noGrafanaReason);

interface ProvisionedPanel {
  id: number;
  type: string;
  title: string;
}

/** The Driftline panels of a provisioned demo dashboard, read from provisioning/dashboards. */
function driftlinePanels(file: string): ProvisionedPanel[] {
  const dashboard = JSON.parse(readFileSync(join(__dirname, '..', '..', 'provisioning', 'dashboards', file), 'utf8'));
  return dashboard.panels.filter((panel: ProvisionedPanel) => panel.type.startsWith('driftline-'));
}

const testIdOf = (type: string) =>
  PANEL_TEST_IDS[type.replace(/^driftline-|-panel$/g, '') as keyof typeof PANEL_TEST_IDS];

for (const { uid, title, file } of DEMO_DASHBOARDS) {
  test(`"${title}" renders every Driftline panel, each without a panel error`, async ({ gotoDashboardPage, page }) => {
    const dashboardPage = await gotoDashboardPage({ uid });
    const panels = driftlinePanels(file);
    expect(panels.map((panel) => panel.type).sort()).toEqual([
      'driftline-drift-panel',
      'driftline-predictions-panel',
      'driftline-timeline-panel',
    ]);
    for (const panel of panels) {
      const shown = dashboardPage.getPanelByTitle(panel.title);
      await expect(shown.locator, `${panel.title} on ${uid}`).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId(testIdOf(panel.type)), `${panel.type} on ${uid}`).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId(testIdOf(panel.type)).getByTestId(testIds.problem)).toHaveCount(0);
    }
    await expect(dashboardPage).not.toHavePanelErrors();
  });
}

for (const panel of driftlinePanels(DEMO_DASHBOARDS[0].file)) {
  test(`the ${panel.type} panel renders alone in its panel editor`, async ({ gotoPanelEditPage, page }) => {
    const panelEditPage = await gotoPanelEditPage({ dashboard: { uid: DEMO_DASHBOARDS[0].uid }, id: String(panel.id) });
    await expect(panelEditPage.panel.locator).toBeVisible();
    await expect(page.getByTestId(testIdOf(panel.type))).toBeVisible({ timeout: 20_000 });
    await expect(panelEditPage).not.toHaveAlert('error');
  });
}

test('the "Change events" annotation query edits only the scenario', async ({ gotoAnnotationEditPage, page }) => {
  // id 1: the demo query, after Grafana's built-in annotations at index 0.
  await gotoAnnotationEditPage({ dashboard: { uid: DEMO_DASHBOARDS[0].uid }, id: '1' });
  await expect(page.getByTestId(QUERY_EDITOR_TEST_IDS.scenario)).toBeVisible();
  await expect(page.getByTestId(QUERY_EDITOR_TEST_IDS.signal)).toHaveCount(0);
});
