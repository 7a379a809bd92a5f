import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { config } from '@grafana/runtime';
import { createAlertingApi } from '../../../api/alerting';
import { createFakeGrafanaHttp } from '../../../api/testing/fakeGrafanaTransport';
import { testIds } from '../../../testIds';
import { readAnnotations } from '../../../data/annotations';
import { chooseComboboxOption, provideComboboxLayout } from '../../../testing/combobox';
import { ctrDeclineHistograms } from '../../../testing/histogramScenario';
import { AlertRuleDialog } from './AlertRuleDialog';
import { AlertRulePanel } from './useAlertRuleDraft';

const IDS = testIds.alertRule;

provideComboboxLayout();

beforeAll(() => {
  config.datasources = {
    Prometheus: { uid: 'prom', type: 'prometheus', name: 'Prometheus' },
  } as unknown as typeof config.datasources;
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const { scenario, histograms } = ctrDeclineHistograms();
const events = readAnnotations([scenario.annotations]);
const incident = events.find((event) => event.kind === 'incident')!;
const dataChange = events.find((event) => event.kind === 'data')!;

const panel: AlertRulePanel = {
  series: scenario.featureBuckets,
  queries: [],
  features: histograms,
  featuresChosen: false,
  featureLabel: 'feature',
  method: 'jensenshannon',
  threshold: 0.1,
  baseline: { mode: 'firstPercent', percent: 25 },
  range: scenario.defaultRange,
  windowMs: 12 * HOUR,
  dashboard: { uid: 'ctr-decline', panelId: 2, url: 'https://grafana.example/d/ctr-decline?viewPanel=panel-2' },
};

function setup(canCreate = true) {
  const http = createFakeGrafanaHttp();
  http.store.handle({ method: 'POST', path: '/api/folders', body: { uid: 'ml-alerts', title: 'ML alerts' } });
  const onDismiss = jest.fn();
  render(
    <AlertRuleDialog
      panel={panel}
      events={events}
      incidentDeclared={incident.time}
      now={scenario.defaultRange.to}
      timeZone="utc"
      canCreate={canCreate}
      onDismiss={onDismiss}
      api={createAlertingApi({ transport: http.transport })}
    />
  );
  return { http, onDismiss };
}

const TIMEOUT = 30_000;

describe('AlertRuleDialog', () => {
  it(
    "shows the rules for the panel's method, threshold and baseline, and the backtest on the time strip",
    async () => {
      setup();
      const rules = screen.getByTestId(IDS.rules);
      expect(rules).toHaveAttribute('data-format', 'prometheus');
      expect(rules.textContent).toContain('record: driftline:feature_drift:jensenshannon');
      expect(rules.textContent).toContain('alert: DriftlineFeatureDrift');
      expect(rules.textContent).toContain('model_feature_value_bucket');
      expect(screen.getByTestId(IDS.dialog)).toHaveTextContent('jensenshannon, threshold 0.1, windows of 12 hours');

      const summary = await screen.findByTestId(IDS.backtestSummary, {}, { timeout: TIMEOUT });
      expect(summary.getAttribute('data-feature')).toBe('user_recent_categories_count');
      const firstFiring = Number(summary.getAttribute('data-first-firing'));
      expect(firstFiring - dataChange.time).toBeGreaterThan(0);
      expect(firstFiring - dataChange.time).toBeLessThan(DAY);
      expect(summary.textContent).toMatch(
        /^Would have fired \d{4}-\d\d-\d\d \d\d:\d\d on user_recent_categories_count, 1[67] days before the incident was declared\.$/
      );
      const strip = screen.getByTestId(IDS.backtestStrip);
      expect(strip).toHaveAttribute('data-first-firing', String(firstFiring));
      expect(within(strip).getByTestId('driftline-time-strip')).toBeInTheDocument();

      // A longer `for` fires later; the rules follow it.
      fireEvent.change(screen.getByTestId(IDS.forDuration), { target: { value: '6h' } });
      expect(screen.getByTestId(IDS.rules).textContent).toContain('for: 6h');
      await waitFor(
        () => {
          const later = Number(screen.getByTestId(IDS.backtestSummary).getAttribute('data-first-firing'));
          // Firing waits `for` after the score crossed: 6 h instead of 10 min.
          expect(later - firstFiring).toBeGreaterThanOrEqual(6 * HOUR - 10 * 60_000);
        },
        { timeout: TIMEOUT }
      );
      fireEvent.change(screen.getByTestId(IDS.forDuration), { target: { value: 'soon' } });
      expect(screen.getByTestId(IDS.rules)).toHaveTextContent('"for": "soon" is not a duration');
    },
    TIMEOUT * 2
  );

  it(
    'creates the Grafana rules in the chosen folder, editable in Grafana',
    async () => {
      const { http } = setup();
      // Not before a folder is chosen (Grafana's Button stays focusable, to show why, when disabled with a tooltip).
      expect(screen.getByTestId(IDS.createInGrafana)).toHaveAttribute('aria-disabled', 'true');
      await chooseComboboxOption(IDS.folderInput, /ML alerts/);
      fireEvent.click(screen.getByRole('radio', { name: 'Grafana alert rules' }));
      expect(screen.getByTestId(IDS.rules).textContent).toContain('folder: ML alerts');
      await act(async () => {
        fireEvent.click(screen.getByTestId(IDS.createInGrafana));
      });
      expect(await screen.findByTestId(IDS.result, {}, { timeout: TIMEOUT })).toHaveTextContent('4 rules in ML alerts');
      const stored = [...http.store.alertRules.values()];
      expect(stored).toHaveLength(4);
      expect(stored.every((rule) => rule.folderUID === 'ml-alerts' && rule.provenance === '')).toBe(true);
      expect(stored[0].data[0].datasourceUid).toBe('prom');
      expect(stored[0].uid).toMatch(/^driftline-jensenshannon-/);
    },
    TIMEOUT
  );

  it(
    "shows Grafana's 403 and its validation errors instead of swallowing them",
    async () => {
      const { http } = setup();
      await chooseComboboxOption(IDS.folderInput, /ML alerts/);
      http.store.setMode('forbidden', 1);
      await act(async () => {
        fireEvent.click(screen.getByTestId(IDS.createInGrafana));
      });
      const forbidden = await screen.findByTestId(IDS.error, {}, { timeout: TIMEOUT });
      expect(forbidden).toHaveAttribute('data-kind', 'forbidden');
      expect(forbidden).toHaveTextContent('You are not allowed to create alert rules in this folder');
      expect(http.store.alertRules.size).toBe(0);

      http.store.folders.delete('ml-alerts');
      await act(async () => {
        fireEvent.click(screen.getByTestId(IDS.createInGrafana));
      });
      await waitFor(() => expect(screen.getByTestId(IDS.error)).toHaveAttribute('data-kind', 'invalid'), {
        timeout: TIMEOUT,
      });
      expect(screen.getByTestId(IDS.error)).toHaveTextContent(
        'Grafana refused to write the alert rule: invalid alert rule: folder "ml-alerts" does not exist'
      );
    },
    TIMEOUT
  );

  it(
    'lets viewers see and download the rules, with no Create button',
    () => {
      setup(false);
      expect(screen.getByTestId(IDS.rules).textContent).toContain('driftline:feature_drift:jensenshannon');
      expect(screen.getByTestId(IDS.download)).toBeEnabled();
      expect(screen.queryByTestId(IDS.createInGrafana)).not.toBeInTheDocument();
      expect(screen.getByTestId(IDS.viewerNote)).toHaveTextContent('needs the Editor role');
    },
    TIMEOUT
  );
});
