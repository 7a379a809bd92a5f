/**
 * dist/ loaded as Grafana loads it (host.tsx): every module.js through SystemJS with the shared dependencies
 * handed in, on the Grafana line of this project (playwright.dist.config.ts runs it for 12.4 with React 18
 * and for 13.x with React 19). Any console error or page error fails the test.
 */
import { expect, type Page, test as base } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGrafana, type FakeGrafana } from '../recipes/fakeGrafana.mjs';
import {
  APP_ID,
  APP_PAGE_TEST_IDS,
  DEMO_DASHBOARDS,
  DEMO_DATASOURCE_UID,
  PANEL_TEST_IDS,
  QUERY_EDITOR_TEST_IDS,
} from '../grafana/grafana';
import type { DashboardPanel, DistHost } from './host';
import { serveDist } from './serveDist';
import { testIds } from '../../src/testIds';

export type GrafanaLine = 'grafana-12' | 'grafana-13';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const TOKEN = 'dist-load-token';
const MAJORS: Record<GrafanaLine, { react: string; grafana: string }> = {
  'grafana-12': { react: '18', grafana: '12' },
  'grafana-13': { react: '19', grafana: '13' },
};
const PLUGIN_CLASS: Record<string, string> = { app: 'AppPlugin', panel: 'PanelPlugin', datasource: 'DataSourcePlugin' };

interface Served {
  url: string;
  plugins: Map<string, string>;
  grafana: FakeGrafana;
}

/** A host page that records every console error and page error, and fails the test on any. */
class HostPage {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        this.errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => this.errors.push(`${error.name}: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        this.errors.push(`${response.status()} ${response.url()}`);
      }
    });
  }

  run<T, A>(fn: (host: DistHost, arg: A) => Promise<T>, arg: A): Promise<T> {
    return this.page.evaluate(
      ([source, value]) => new Function('host', 'arg', `return (${source})(host, arg)`)(window.distHost, value),
      [fn.toString(), arg] as const
    ) as Promise<T>;
  }
}

const test = base.extend<{ host: HostPage }, { line: GrafanaLine; served: Served }>({
  line: ['grafana-12', { option: true, scope: 'worker' }],
  served: [
    async ({ line }, use) => {
      const hostDir = join(ROOT, 'test-results', 'dist-load', line);
      execFileSync(process.execPath, [join(__dirname, 'buildHost.mjs'), line, hostDir], { stdio: 'inherit' });
      const grafana = await startFakeGrafana({ token: TOKEN });
      const server = await serveDist({ hostDir, dist: DIST });
      await use({ url: server.url, plugins: server.plugins, grafana });
      await server.close();
      await grafana.close();
    },
    { scope: 'worker' },
  ],
  host: async ({ page, served }, use) => {
    const host = new HostPage(page);
    await page.goto(`${served.url}/?grafana=${encodeURIComponent(served.grafana.url)}&token=${TOKEN}`);
    await expect(page.locator('body[data-host-ready="true"]')).toHaveCount(1);
    await use(host);
    expect(host.errors, 'console errors, page errors and failed requests').toEqual([]);
  },
});

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

test('the line hands the plugin its React and @grafana/data', async ({ host, line }) => {
  const versions = await host.page.evaluate(() => window.distHost.lines);
  expect(versions.react.split('.')[0]).toBe(MAJORS[line].react);
  expect(versions.grafanaData.split('.')[0]).toBe(MAJORS[line].grafana);
  console.log(`${line}: React ${versions.react}, @grafana/data ${versions.grafanaData}`);
});

test('every module.js in dist/ loads through SystemJS and exports its plugin class', async ({ host, served }) => {
  expect([...served.plugins.keys()].sort()).toEqual([
    'driftline-aiobs-app',
    'driftline-demo-datasource',
    'driftline-drift-panel',
    'driftline-predictions-panel',
    'driftline-timeline-panel',
  ]);
  for (const id of served.plugins.keys()) {
    const loaded = await host.run((distHost, pluginId) => distHost.load(pluginId), id);
    expect(loaded.kind, id).toBe(PLUGIN_CLASS[loaded.type]);
  }
});

for (const { uid, title } of DEMO_DASHBOARDS) {
  test(`the panels of "${title}" render from the demo data source's frames`, async ({ host }) => {
    const dashboard = readJson(
      join(ROOT, 'provisioning', 'dashboards', `${uid === 'driftline-model-incident' ? 'model-incident' : uid}.json`)
    );
    const annotationTargets = dashboard.annotations.list
      .filter((annotation: { datasource?: { uid?: string } }) => annotation.datasource?.uid === DEMO_DATASOURCE_UID)
      .map((annotation: { target: object; datasource: object }) => ({
        refId: 'Anno',
        ...annotation.target,
        datasource: annotation.datasource,
      }));
    const panels: DashboardPanel[] = dashboard.panels.filter((panel: DashboardPanel) =>
      panel.type.startsWith('driftline-')
    );
    expect(panels.map((panel) => panel.type).sort()).toEqual([
      'driftline-drift-panel',
      'driftline-predictions-panel',
      'driftline-timeline-panel',
    ]);
    for (const panel of panels) {
      const data = await host.run(
        (distHost, arg) =>
          distHost.renderPanel(arg.panel, arg.time, arg.annotationTargets, { width: 900, height: 420 }),
        { panel, time: dashboard.time, annotationTargets }
      );
      expect(data.rows, `${panel.type}: rows from the demo data source`).toBeGreaterThan(0);
      expect(data.annotations, `${panel.type}: annotation frames`).toBeGreaterThan(0);
      const kind = panel.type.replace(/^driftline-|-panel$/g, '') as keyof typeof PANEL_TEST_IDS;
      const rendered = host.page.getByTestId(`host-panel-${panel.type}`);
      await expect(rendered.getByTestId(PANEL_TEST_IDS[kind])).toBeVisible({ timeout: 20_000 });
      await expect(rendered.getByTestId(testIds.problem)).toHaveCount(0);
      // A real chart: uPlot drew on a canvas of a real size.
      const canvas = rendered.locator('canvas').first();
      await expect(canvas).toBeVisible();
      expect((await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    }
  });
}

test("the app's root page renders its overview and its incidents, read from Grafana's API", async ({
  host,
  served,
}) => {
  await host.run((distHost, appId) => distHost.renderApp(appId, '/overview'), APP_ID);
  await expect(host.page.getByTestId(APP_PAGE_TEST_IDS.overview)).toBeVisible();
  await host.run((distHost, appId) => distHost.renderApp(appId, '/incidents'), APP_ID);
  await expect(host.page.getByTestId(APP_PAGE_TEST_IDS.incidents)).toBeVisible();
  // The page shows before its incidents arrive: wait for the request rather than read the log once.
  await expect
    .poll(() => served.grafana.received.map((request) => `${request.method} ${request.path}`))
    .toContain('GET /api/annotations');
});

test("the data source's query editor shows the query and reports a change", async ({ host }) => {
  const query = { refId: 'A', scenario: 'latency-gc', signal: 'logs' };
  await host.run((distHost, arg) => distHost.renderQueryEditor(arg.uid, 'driftline-demo-datasource', arg.query), {
    uid: DEMO_DATASOURCE_UID,
    query,
  });
  const signal = host.page.getByTestId(QUERY_EDITOR_TEST_IDS.signal);
  await expect(host.page.getByTestId(QUERY_EDITOR_TEST_IDS.scenario)).toBeVisible();
  await expect(signal).toHaveValue('Logs');
  await signal.click();
  await host.page.getByRole('option', { name: /^Metrics/ }).click();
  const changes = await host.page.evaluate(() => (window as unknown as { queryChanges: unknown[] }).queryChanges);
  expect(changes.length).toBeGreaterThan(0);
  expect(changes.at(-1)).toEqual(expect.objectContaining({ refId: 'A', scenario: 'latency-gc', signal: 'metrics' }));
});
