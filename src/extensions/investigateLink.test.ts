import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dateTime, PluginExtensionPanelContext, PluginExtensionPoints } from '@grafana/data';
import { setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { readPanelContext } from '../rca/panelContext';
import { configureInvestigateLink, INVESTIGATE_LINK_TITLE, investigateLink } from './investigateLink';

const FROM = Date.UTC(2026, 2, 14, 10, 0);
const TO = Date.UTC(2026, 2, 14, 11, 30);

function panelContext(overrides: Partial<PluginExtensionPanelContext> = {}): PluginExtensionPanelContext {
  return {
    pluginId: 'driftline-timeline-panel',
    id: 1,
    title: 'What changed first',
    timeRange: { from: dateTime(FROM), to: dateTime(TO) },
    timeZone: 'utc',
    dashboard: { uid: 'driftline-model-incident', title: 'Model incident', tags: [] },
    targets: [],
    ...overrides,
  };
}

function pathOf(context: PluginExtensionPanelContext | undefined): URL {
  const configured = configureInvestigateLink(context);
  return new URL(configured.path ?? investigateLink.path!, 'http://grafana.example');
}

describe('Investigate in Driftline (panel menu link)', () => {
  it('is added to the dashboard panel menu and declared in plugin.json with the same title', () => {
    expect(investigateLink.targets).toEqual([PluginExtensionPoints.DashboardPanelMenu]);
    expect(investigateLink.title).toBe('Investigate in Driftline');
    expect(investigateLink.path).toBe('/a/driftline-aiobs-app/incidents');
    const pluginJson = JSON.parse(readFileSync(path.join(__dirname, '..', 'plugin.json'), 'utf8'));
    expect(pluginJson.extensions.addedLinks).toEqual([
      expect.objectContaining({ targets: ['grafana/dashboard/panel/menu'], title: INVESTIGATE_LINK_TITLE }),
    ]);
  });

  it("opens the incidents page on the panel's dashboard and absolute time range", () => {
    const url = pathOf(panelContext({ id: 3 }));
    expect(url.pathname).toBe('/a/driftline-aiobs-app/incidents');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      dashboardUID: 'driftline-model-incident',
      dashboardTitle: 'Model incident',
      panelId: '3',
      from: String(FROM),
      to: String(TO),
    });
    // What the incidents page reads back from it.
    expect(readPanelContext(url.searchParams)).toEqual({
      dashboardUID: 'driftline-model-incident',
      dashboardTitle: 'Model incident',
      panelId: 3,
      from: FROM,
      to: TO,
    });
  });

  it('resolves a relative range at the moment the menu opens, with one "now" for both ends', () => {
    jest.useFakeTimers().setSystemTime(TO + 30 * 60_000);
    try {
      const url = pathOf(panelContext({ timeRange: { from: 'now-120m', to: 'now-30m' } }));
      expect(url.searchParams.get('from')).toBe(String(FROM));
      expect(url.searchParams.get('to')).toBe(String(TO));
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps a range that ends at "now" live, so incidents declared later still belong to it', () => {
    jest.useFakeTimers().setSystemTime(TO);
    try {
      const url = pathOf(panelContext({ timeRange: { from: 'now-90m', to: 'now' } }));
      expect(url.searchParams.get('from')).toBe(String(FROM));
      expect(url.searchParams.get('to')).toBe('now');
      const context = readPanelContext(url.searchParams);
      expect(context).toEqual(expect.objectContaining({ from: FROM, dashboardUID: 'driftline-model-incident' }));
      expect(context?.to).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the plain incidents page without a context or with an unreadable range', () => {
    expect(configureInvestigateLink(undefined)).toEqual({});
    expect(configureInvestigateLink(panelContext({ timeRange: { from: 'yesterday-ish', to: 'now' } }))).toEqual({});
  });

  it('leaves the dashboard out for a dashboard that is not saved yet', () => {
    const url = pathOf(panelContext({ dashboard: { uid: '', title: '', tags: [] } }));
    expect(url.searchParams.has('dashboardUID')).toBe(false);
    expect(url.searchParams.get('from')).toBe(String(FROM));
  });
});

describe('the plugin module', () => {
  it("carries the dashboard's variables as Grafana's var- parameters, to store with an incident declared there", () => {
    setTemplateSrv({
      getVariables: () => [
        { name: 'model', current: { value: 'reco-v2' } },
        { name: 'region', current: { value: ['eu', 'us'] } },
      ],
    } as unknown as TemplateSrv);
    try {
      const url = pathOf(panelContext());
      expect(url.searchParams.get('var-model')).toBe('reco-v2');
      expect(url.searchParams.getAll('var-region')).toEqual(['eu', 'us']);
      expect(readPanelContext(url.searchParams)?.variables).toEqual({ model: 'reco-v2', region: ['eu', 'us'] });
    } finally {
      setTemplateSrv(undefined as unknown as TemplateSrv);
    }
  });

  it('registers the link', async () => {
    const { plugin } = await import('../module');
    expect(plugin.addedLinkConfigs).toEqual([expect.objectContaining({ title: INVESTIGATE_LINK_TITLE })]);
  });
});
