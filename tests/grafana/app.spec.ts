import { expect, test } from '@grafana/plugin-e2e';
import { APP_ID, noGrafana, noGrafanaReason } from './grafana';

test.skip(noGrafana(), noGrafanaReason);

test('the overview page opens inside the app', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: APP_ID, path: '/overview' });
  await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}/overview`));
  await expect(page.getByTestId('driftline-overview')).toBeVisible();
});

test('the configuration page shows the app settings', async ({ gotoAppConfigPage, page }) => {
  await gotoAppConfigPage({ pluginId: APP_ID });
  await expect(page.getByTestId('driftline-app-config')).toBeVisible();
});
