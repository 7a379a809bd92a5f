import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createAlertingApi } from '../../api/alerting';
import { HttpTransport } from '../../api/annotationsApi';
import { createFakeGrafanaHttp } from '../../api/testing/fakeGrafanaTransport';
import { testIds } from '../../testIds';
import { AlertRulesPage } from './AlertRulesPage';

function grafanaWithRules() {
  const http = createFakeGrafanaHttp();
  const write = (path: string, body: unknown, method = 'POST') => http.store.handle({ method, path, body });
  write('/api/folders', { uid: 'ml', title: 'ML alerts' });
  const rule = (uid: string, title: string) => ({
    uid,
    title,
    folderUID: 'ml',
    ruleGroup: 'Driftline drift',
    condition: 'B',
    for: '1h',
    data: [{ refId: 'A' }, { refId: 'B' }],
    labels: { severity: 'warning' },
  });
  write('/api/v1/provisioning/alert-rules', rule('driftline-psi-1', 'Feature drift (PSI): reco'));
  write('/api/v1/provisioning/alert-rules', rule('driftline-ks-2', 'Feature drift (KS): ranker'));
  write('/api/v1/provisioning/alert-rules', rule('cpu-high', 'CPU high'));
  http.store.setAlertRuleState('driftline-psi-1', {
    state: 'firing',
    health: 'ok',
    lastEvaluation: '2026-11-15T23:11:00Z',
    alerts: [
      {
        labels: { feature: 'user_recent_categories_count' },
        state: 'Alerting',
        activeAt: '2026-11-15T23:10:00Z',
        value: '0.3',
      },
      { labels: { feature: 'item_price' }, state: 'Normal', activeAt: '2026-11-15T23:10:00Z', value: '0.01' },
    ],
  });
  http.store.setAlertRuleState('driftline-ks-2', {
    state: 'inactive',
    health: 'error',
    lastError: 'datasource not found',
    lastEvaluation: '2026-11-15T23:11:00Z',
  });
  return http;
}

const rows = () => screen.getAllByTestId(testIds.alertRule.pageRow);
// Generous on a busy machine: a wait that is met returns at once.
const WAIT = { timeout: 10_000 };

describe('AlertRulesPage', () => {
  it("lists the rules Driftline created with Grafana's state, the active features and a link to each", async () => {
    const http = grafanaWithRules();
    render(<AlertRulesPage api={createAlertingApi({ transport: http.transport })} />);
    expect(screen.getByTestId(testIds.alertRule.pageLoading)).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(2), WAIT);
    const [ks, psi] = rows();
    expect(psi).toHaveAttribute('data-uid', 'driftline-psi-1');
    expect(psi).toHaveAttribute('data-state', 'firing');
    expect(psi).toHaveTextContent('Firing');
    expect(psi).toHaveTextContent('ML alerts / Driftline drift');
    expect(psi).toHaveTextContent('user_recent_categories_count (firing since');
    expect(psi).not.toHaveTextContent('item_price');
    expect(within(psi).getByRole('link', { name: /Open/ })).toHaveAttribute(
      'href',
      '/alerting/grafana/driftline-psi-1/view'
    );
    expect(ks).toHaveTextContent('Normal');
    expect(ks).toHaveTextContent('Error: datasource not found');
    expect(screen.queryByText('CPU high')).not.toBeInTheDocument();
  });

  it('says how to create the first rule when there is none', async () => {
    const http = createFakeGrafanaHttp();
    render(<AlertRulesPage api={createAlertingApi({ transport: http.transport })} />);
    expect(await screen.findByTestId(testIds.alertRule.pageEmpty, {}, WAIT)).toHaveTextContent('Create alert rule');
  });

  it("shows Grafana's refusal, keeps what it had read, and reads again on Refresh", async () => {
    const http = grafanaWithRules();
    let refuse = false;
    const transport: HttpTransport = (request) =>
      refuse
        ? Promise.resolve({ status: 403, data: { message: 'Permissions needed: alert.rules:read' } })
        : http.transport(request);
    render(<AlertRulesPage api={createAlertingApi({ transport })} />);
    await waitFor(() => expect(rows()).toHaveLength(2), WAIT);
    refuse = true;
    fireEvent.click(screen.getByTestId(testIds.alertRule.refresh));
    const error = await screen.findByTestId(testIds.alertRule.pageError, {}, WAIT);
    expect(error).toHaveTextContent('You are not allowed to read the alert rules');
    expect(error).toHaveTextContent('Grafana said: Permissions needed: alert.rules:read');
    expect(rows()).toHaveLength(2);
    refuse = false;
    http.store.setAlertRuleState('driftline-ks-2', { state: 'pending', health: 'ok' });
    fireEvent.click(screen.getByTestId(testIds.alertRule.refresh));
    await waitFor(() => expect(rows()[0]).toHaveAttribute('data-state', 'pending'), WAIT);
    expect(screen.queryByTestId(testIds.alertRule.pageError)).not.toBeInTheDocument();
  });
});
