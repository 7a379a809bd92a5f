import type { HttpTransport } from '../src/api/annotationsApi';
import { DEMO_DATASOURCE_REF } from '../src/datasources/demo/instance';
import { type DemoScenario, getScenario, SCENARIO_IDS, type ScenarioId } from '../src/demo';

/**
 * The playground's pages as Grafana dashboards: `playground-<scenario>`, with the three panels the page shows,
 * querying the demo data source as a provisioned dashboard would. The workbench reads an incident's dashboard
 * through Grafana's API, so these are answered to it whatever Grafana the playground talks to: the page you
 * declared the incident on is that dashboard.
 */
export type PanelKind = 'drift' | 'predictions' | 'timeline';
export const PANEL_KINDS: PanelKind[] = ['timeline', 'drift', 'predictions'];

const DEMO_DATASOURCE = DEMO_DATASOURCE_REF;

const DASHBOARD_PREFIX = 'playground-';

export function playgroundDashboardUid(scenario: ScenarioId): string {
  return `${DASHBOARD_PREFIX}${scenario}`;
}

/**
 * The options a panel of the page runs with, over the panel's defaults: the model's features, not its outcomes;
 * and a timeline showing every signal of a scenario (chatbot-outage's GenAI span lanes, finish reasons, output
 * tokens and error types, come on top of its twelve other lanes).
 */
export function playgroundPanelOptions(
  scenario: Pick<DemoScenario, 'featureNames' | 'predictionField'>,
  kind: PanelKind
) {
  if (kind === 'drift') {
    return { predictionField: scenario.predictionField, features: scenario.featureNames.join(',') };
  }
  return kind === 'predictions' ? { scoreField: scenario.predictionField } : { maxLanes: 20 };
}

const SIGNALS: Record<PanelKind, string[]> = {
  timeline: ['metrics', 'logs', 'traces'],
  drift: ['samples'],
  predictions: ['samples'],
};

const TITLES: Record<PanelKind, string> = {
  timeline: 'What changed: timeline',
  drift: 'Feature drift',
  predictions: 'Prediction distribution',
};

/** The dashboard JSON of a scenario's page, as `GET /api/dashboards/uid/:uid` gives it. */
export function playgroundDashboard(scenario: DemoScenario) {
  const id = scenario.id as ScenarioId;
  const spanMinutes = Math.round((scenario.defaultRange.to - scenario.defaultRange.from) / 60_000);
  return {
    uid: playgroundDashboardUid(id),
    title: `Playground: ${scenario.title}`,
    time: { from: `now-${spanMinutes}m`, to: 'now' },
    templating: { list: [] },
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          name: 'Annotations & Alerts',
        },
        { datasource: DEMO_DATASOURCE, enable: true, name: 'Change events', target: { refId: 'Anno', scenario: id } },
      ],
    },
    panels: PANEL_KINDS.map((kind, index) => ({
      id: index + 1,
      type: `driftline-${kind}-panel`,
      title: TITLES[kind],
      datasource: DEMO_DATASOURCE,
      options: playgroundPanelOptions(scenario, kind),
      targets: SIGNALS[kind].map((signal, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: DEMO_DATASOURCE,
        scenario: id,
        signal,
      })),
    })),
  };
}

const dashboards = new Map<ScenarioId, ReturnType<typeof playgroundDashboard>>();

/** A transport that answers `GET /api/dashboards/uid/playground-<scenario>` itself and passes the rest on. */
export function withPlaygroundDashboards(transport: HttpTransport): HttpTransport {
  return async (request) => {
    const match = /^\/api\/dashboards\/uid\/([^/?]+)$/.exec(request.url);
    const uid = match ? decodeURIComponent(match[1]) : '';
    const scenario = SCENARIO_IDS.find((id) => playgroundDashboardUid(id) === uid);
    if (request.method !== 'GET' || !scenario) {
      return transport(request);
    }
    let dashboard = dashboards.get(scenario);
    if (!dashboard) {
      // Only its title, features and default range are read: any "now" gives them.
      dashboard = playgroundDashboard(getScenario(scenario));
      dashboards.set(scenario, dashboard);
    }
    return { status: 200, data: { dashboard, meta: { url: `/d/${uid}` } } };
  };
}
