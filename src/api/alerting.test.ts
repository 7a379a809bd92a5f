import { AlertingError, createAlertingApi, ProvisionedAlertRule } from './alerting';
import { createFakeGrafanaHttp } from './testing/fakeGrafanaTransport';

function rule(overrides: Partial<ProvisionedAlertRule> = {}): ProvisionedAlertRule {
  return {
    uid: 'driftline-psi-0a1b2c3d',
    title: 'Feature drift (PSI): model_feature_value{model="reco"} by feature',
    folderUID: 'ml-alerts',
    ruleGroup: 'Driftline drift',
    condition: 'B',
    for: '1h',
    noDataState: 'OK',
    execErrState: 'Error',
    labels: { severity: 'warning', method: 'psi' },
    annotations: { summary: 'drift' },
    data: [
      { refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 600, to: 0 }, model: { expr: 'up' } },
      { refId: 'B', datasourceUid: '__expr__', relativeTimeRange: { from: 0, to: 0 }, model: { type: 'math' } },
    ],
    ...overrides,
  };
}

function setup() {
  const http = createFakeGrafanaHttp();
  http.store.handle({ method: 'POST', path: '/api/folders', body: { uid: 'ml-alerts', title: 'ML alerts' } });
  http.store.handle({ method: 'POST', path: '/api/folders', body: { uid: 'a-team', title: 'A team' } });
  return { http, api: createAlertingApi({ transport: http.transport, timeoutMs: 200 }) };
}

async function failure(promise: Promise<unknown>): Promise<AlertingError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AlertingError);
    return error as AlertingError;
  }
  throw new Error('expected the call to fail');
}

describe('alerting API', () => {
  it('lists the folders a rule can go into, by title', async () => {
    const { api } = setup();
    expect(await api.listFolders()).toEqual([
      { uid: 'a-team', title: 'A team' },
      { uid: 'ml-alerts', title: 'ML alerts' },
    ]);
  });

  it('creates a rule with X-Disable-Provenance, then replaces it when written again', async () => {
    const { http, api } = setup();
    const created = await api.saveAlertRule(rule());
    expect(created).toEqual({
      uid: 'driftline-psi-0a1b2c3d',
      title: rule().title,
      folderUid: 'ml-alerts',
      created: true,
    });
    const post = http.requests().find((request) => request.method === 'POST');
    expect(post).toMatchObject({
      url: '/api/v1/provisioning/alert-rules',
      headers: { 'X-Disable-Provenance': 'true' },
    });
    expect(http.store.alertRules.get('driftline-psi-0a1b2c3d')).toMatchObject({ provenance: '', for: '1h' });

    const again = await api.saveAlertRule(rule({ for: '2h' }));
    expect(again.created).toBe(false);
    expect(http.requests().at(-1)).toMatchObject({
      method: 'PUT',
      url: '/api/v1/provisioning/alert-rules/driftline-psi-0a1b2c3d',
    });
    expect(http.store.alertRules.size).toBe(1);
    expect(http.store.alertRules.get('driftline-psi-0a1b2c3d').for).toBe('2h');
  });

  it("shows Grafana's validation message for a refused rule", async () => {
    const { api } = setup();
    const missingFolder = await failure(api.saveAlertRule(rule({ folderUID: 'gone' })));
    expect(missingFolder.kind).toBe('invalid');
    expect(missingFolder.status).toBe(400);
    expect(missingFolder.message).toBe(
      'Grafana refused to write the alert rule: invalid alert rule: folder "gone" does not exist'
    );
    const badCondition = await failure(api.saveAlertRule(rule({ condition: 'C' })));
    expect(badCondition.grafanaMessage).toBe('invalid alert rule: condition C does not exist, must be one of [A B]');
  });

  it('says who may create rules when Grafana answers 403, keeping its message', async () => {
    const { http, api } = setup();
    http.store.setMode('forbidden');
    const error = await failure(api.saveAlertRule(rule()));
    expect(error.kind).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/^You are not allowed to create alert rules in this folder/);
    expect(error.message).toContain('Grafana said: Access denied');
    expect(http.store.alertRules.size).toBe(0);
  });

  it('creates the rule when Grafana refuses only the lookup of its uid', async () => {
    const { http } = setup();
    const api = createAlertingApi({
      transport: (request) =>
        request.method === 'GET'
          ? Promise.resolve({ status: 403, data: { message: 'Access denied' } })
          : http.transport(request),
    });
    expect((await api.saveAlertRule(rule())).created).toBe(true);
    expect(http.store.alertRules.size).toBe(1);
  });

  it('reports an unreachable or silent Grafana instead of waiting forever', async () => {
    const { http, api } = setup();
    http.goOffline();
    expect((await failure(api.listFolders())).kind).toBe('offline');
    http.goOnline();
    http.store.setMode('hang');
    const silent = await failure(api.saveAlertRule(rule({ uid: undefined })));
    expect(silent.message).toMatch(/did not answer within 200 ms when asked to write the alert rule/);
  });

  it('lists the rules Driftline created with their state, and no other rules', async () => {
    const { http, api } = setup();
    await api.saveAlertRule(rule());
    await api.saveAlertRule(rule({ uid: 'someone-else', title: 'CPU high' }));
    let listed = await api.listDriftlineAlertRules();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      uid: 'driftline-psi-0a1b2c3d',
      folder: 'ML alerts',
      group: 'Driftline drift',
      state: 'normal',
      health: 'unknown',
      lastEvaluation: undefined,
      alerts: [],
    });
    http.store.setAlertRuleState('driftline-psi-0a1b2c3d', {
      state: 'firing',
      health: 'ok',
      lastEvaluation: '2026-11-15T23:11:00Z',
      alerts: [
        {
          labels: { feature: 'user_recent_categories_count' },
          state: 'Alerting',
          activeAt: '2026-11-15T23:10:00Z',
          value: '0.31',
        },
      ],
    });
    listed = await api.listDriftlineAlertRules();
    expect(listed[0]).toMatchObject({ state: 'firing', health: 'ok', lastEvaluation: Date.UTC(2026, 10, 15, 23, 11) });
    expect(listed[0].alerts).toEqual([
      {
        labels: { feature: 'user_recent_categories_count' },
        state: 'Alerting',
        activeAt: Date.UTC(2026, 10, 15, 23, 10),
        value: '0.31',
      },
    ]);
  });

  it('refuses an answer that is not a rule list', async () => {
    const api = createAlertingApi({ transport: async () => ({ status: 200, data: '<html>proxy login</html>' }) });
    expect((await failure(api.listDriftlineAlertRules())).message).toMatch(/not a rule list/);
  });
});
