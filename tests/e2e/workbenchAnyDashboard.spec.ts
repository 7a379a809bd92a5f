import { expect, test } from '@playwright/test';
import { FakeGrafana, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { IncidentsPage } from './pages/incidentsPage';
import { expectInOrder, WorkbenchPage } from './pages/workbenchPage';
import { PlaygroundPage } from './playgroundPage';
import { testIds } from '../../src/testIds';

// The workbench on a dashboard of its own, not one of the demo scenarios': someone's "Checkout recommendations"
// dashboard, with a variable, a panel Driftline does not read, and Driftline panels that query the demo data source
// (latency-gc's signals). An incident declared on it gets its evidence from those panels' queries alone: nothing
// is pinned, and no dashboard uid is mapped to a scenario.
const TOKEN = 'any-dashboard-token';
const DASHBOARD = 'checkout-reco';
const TITLE = 'Checkout recommendations slow';
const DEMO = { type: 'driftline-demo-datasource', uid: 'driftline-demo' };

const target = (refId: string, signal: string) => ({
  refId,
  datasource: DEMO,
  scenario: 'latency-gc',
  signal,
  legend: '$model',
});

const CHECKOUT_DASHBOARD = {
  uid: DASHBOARD,
  title: 'Checkout recommendations',
  time: { from: 'now-2h', to: 'now' },
  templating: {
    list: [
      { name: 'model', type: 'custom', current: { text: 'reco-v41', value: 'reco-v41' }, query: 'reco-v40,reco-v41' },
    ],
  },
  annotations: {
    list: [
      { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, name: 'Annotations & Alerts' },
      {
        datasource: DEMO,
        enable: true,
        name: 'Releases and campaigns',
        target: { refId: 'Anno', scenario: 'latency-gc' },
      },
    ],
  },
  panels: [
    { id: 1, type: 'row', title: 'Service', collapsed: false, panels: [] },
    { id: 2, type: 'timeseries', title: 'Requests', datasource: DEMO, targets: [target('A', 'metrics')] },
    {
      id: 11,
      type: 'driftline-timeline-panel',
      title: 'Checkout signals',
      datasource: DEMO,
      targets: [target('A', 'metrics'), target('B', 'logs'), target('C', 'traces')],
    },
    {
      id: 12,
      type: 'driftline-drift-panel',
      title: 'Input drift',
      datasource: DEMO,
      options: { features: 'input_tokens,request_chars,language', predictionField: 'confidence' },
      targets: [target('A', 'samples')],
    },
  ],
};

let grafana: FakeGrafana;

test.beforeEach(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
  const saved = await fetch(`${grafana.url}/api/dashboards/db`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ dashboard: CHECKOUT_DASHBOARD, overwrite: true }),
  });
  expect(saved.status).toBe(200);
});

test.afterEach(async () => {
  await grafana?.close();
});

test('an incident on any dashboard with Driftline panels lists what changed first, in the scenario’s order, with nothing pinned', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const playground = new PlaygroundPage(page);
  const incidents = new IncidentsPage(page);
  const workbench = new WorkbenchPage(page);

  await incidents.open(`grafana=${encodeURIComponent(grafana.url)}&token=${TOKEN}`);
  await incidents.declare({ title: TITLE, dashboardUID: DASHBOARD });
  await incidents.openWorkbench(TITLE);

  // Every query ran: the dashboard's two annotation queries, the timeline's and the drift panel's.
  const queries = await workbench.queries();
  expect(queries.map((query) => query.state)).toEqual(['done', 'done', 'done', 'done']);
  expect(queries.map((query) => query.text).join(' | ')).toContain('Timeline panel “Checkout signals”');

  const steps = await workbench.items('sequence');
  type Step = (typeof steps)[number];
  const rose = (lane: string) => (step: Step) => step.type === 'onset' && step.text.includes(`${lane} rose`);
  const change = (kind: string) => (step: Step) => step.type === 'change' && step.kind === kind;
  // The deploy moved nothing; then the campaign, the input drift, GC pauses, latency and errors.
  const [deployAt, campaignAt] = expectInOrder(steps, [
    ['deploy', change('deploy')],
    ['campaign', change('business')],
    ['input drift', rose('input tokens (mean)')],
    ['GC pauses', rose('GC pause (s/s)')],
    ['p99 latency', rose('p99 latency')],
    ['errors', rose('HTTP 504 rate')],
  ]);
  expect(steps[deployAt].exonerated).toBe(true);
  // Each step links to this dashboard's own timeline panel.
  expect(steps[campaignAt].link).toMatch(new RegExp(`^/d/${DASHBOARD}\\?viewPanel=11&from=\\d+&to=\\d+$`));

  const drift = await workbench.items('drift');
  expect(drift[0].id).toBe('drift:input_tokens');
  expect(drift[0].text).toContain('drifted');

  // Nobody pinned anything.
  await expect(workbench.section('pinned').getByTestId(testIds.evidenceItem)).toHaveCount(0);

  // The only HTTP errors are Grafana's answers the page expects: no RCA dashboard for the incident yet.
  const expectedErrors = /^404 .*\/api\/dashboards\/uid\/dl-rca-[^/]+$/;
  expect(playground.failedRequests.filter((failure) => !expectedErrors.test(failure))).toEqual([]);
  expect(playground.consoleErrors.filter((error) => !error.includes('Failed to load resource'))).toEqual([]);
});
