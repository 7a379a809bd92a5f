import { testIds } from '../../src/testIds';

/** Shared facts for the Grafana-server suite. */
export const grafanaUrl = process.env.GRAFANA_URL || 'http://localhost:3000';

/** Set by global-setup.ts: '1' when Grafana answered its health check. */
export const GRAFANA_UP_FLAG = 'DRIFTLINE_GRAFANA_UP';

export const noGrafana = () => process.env[GRAFANA_UP_FLAG] !== '1';

export const noGrafanaReason = `no Grafana answers at ${grafanaUrl}: start one with docker compose up`;

export const APP_ID = 'driftline-aiobs-app';
export const DEMO_DATASOURCE_UID = 'driftline-demo';

// The test ids are the components' own (src/testIds.ts).
export const PANEL_TEST_IDS = {
  timeline: testIds.panelTimeline,
  drift: testIds.panelDrift,
  predictions: testIds.panelPredictions,
};

export const QUERY_EDITOR_TEST_IDS = testIds.demoQuery;

/** The provisioned demo dashboards (provisioning/dashboards). */
export const DEMO_DASHBOARDS = [
  { uid: 'driftline-model-incident', title: 'Driftline: model incident', file: 'model-incident.json' },
  { uid: 'ctr-decline', title: 'Driftline: CTR decline', file: 'ctr-decline.json' },
  { uid: 'chatbot-outage', title: 'Driftline: chatbot outage', file: 'chatbot-outage.json' },
];

/** The app pages' roots. */
export const APP_PAGE_TEST_IDS = {
  overview: testIds.overview,
  incidents: testIds.incidents,
  fmea: testIds.fmea,
  config: testIds.appConfig,
};
