import { expect, test } from '@grafana/plugin-e2e';
import { DEMO_DASHBOARDS, DEMO_DATASOURCE_UID, noGrafana, noGrafanaReason, QUERY_EDITOR_TEST_IDS } from './grafana';
import { testIds } from '../../src/testIds';

test.skip(noGrafana(), noGrafanaReason);

test('the config page explains there is nothing to set, and Save & test succeeds', async ({
  gotoDataSourceConfigPage,
  page,
}) => {
  const configPage = await gotoDataSourceConfigPage(DEMO_DATASOURCE_UID);
  await expect(page.getByTestId(testIds.demoConfig)).toBeVisible();
  // A frontend-only data source answers the test in the browser: there is no health request to wait for.
  await page.getByRole('button', { name: /save (&|and) test/i }).click();
  await expect(configPage).toHaveAlert('success');
});

test('the query editor shows the scenario and signal, and changing the signal re-runs the query', async ({
  gotoPanelEditPage,
  page,
}) => {
  // Panel 1 of the model-incident dashboard is the timeline, fed by A metrics, B logs and C traces.
  const panelEditPage = await gotoPanelEditPage({ dashboard: { uid: DEMO_DASHBOARDS[0].uid }, id: '1' });
  const queryB = panelEditPage.getQueryEditorRow('B');
  await expect(queryB.getByTestId(QUERY_EDITOR_TEST_IDS.scenario)).toHaveValue(/latency spike/i);
  await expect(queryB.getByTestId(QUERY_EDITOR_TEST_IDS.signal)).toHaveValue('Logs');

  await queryB.getByTestId(QUERY_EDITOR_TEST_IDS.signal).click();
  await page.getByRole('option', { name: /^Metrics/ }).click();
  await expect(queryB.getByTestId(QUERY_EDITOR_TEST_IDS.signal)).toHaveValue('Metrics');
  await expect(panelEditPage.panel.locator).toBeVisible();
});
