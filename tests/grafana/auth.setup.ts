import { test as setup } from '@grafana/plugin-e2e';
import { noGrafana, noGrafanaReason } from './grafana';

// Same steps as @grafana/plugin-e2e's own auth project, but it skips like the specs when there is no Grafana.
setup.skip(noGrafana(), noGrafanaReason);

setup('authenticate', async ({ login, createUser, user, grafanaAPICredentials }) => {
  if (user && (user.user !== grafanaAPICredentials.user || user.password !== grafanaAPICredentials.password)) {
    await createUser();
  }
  await login();
});
