import { expect, test } from '@grafana/plugin-e2e';
import { APP_ID, APP_PAGE_TEST_IDS, noGrafana, noGrafanaReason } from './grafana';

test.skip(noGrafana(), noGrafanaReason);

for (const [path, testId] of [
  ['/overview', APP_PAGE_TEST_IDS.overview],
  ['/incidents', APP_PAGE_TEST_IDS.incidents],
  ['/fmea', APP_PAGE_TEST_IDS.fmea],
] as const) {
  test(`the app page ${path} opens inside the app`, async ({ gotoAppPage, page }) => {
    await gotoAppPage({ pluginId: APP_ID, path });
    await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}${path}`));
    await expect(page.getByTestId(testId)).toBeVisible();
  });
}

test('the configuration page shows the app settings', async ({ gotoAppConfigPage, page }) => {
  await gotoAppConfigPage({ pluginId: APP_ID });
  await expect(page.getByTestId(APP_PAGE_TEST_IDS.config)).toBeVisible();
});
