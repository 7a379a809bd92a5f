/**
 * A page that loads the built plugin (dist/) the way Grafana's frontend does: SystemJS with its AMD and
 * named-register extras, the shared dependencies registered under an import map (`package:<name>`, as
 * Grafana's plugin loader does) and handed to each module.js, nested plugins served from their own
 * public/plugins/<id>/ path. Nothing of src/ is bundled here: the plugin comes from dist/ only.
 *
 * The esbuild build (buildHost.mjs) points every shared package at one Grafana line (12.4 with React 18, or
 * 13.x with React 19). The spec drives it through `window.distHost`.
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUIRaw from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import * as reactJsxRuntime from 'react/jsx-runtime';
// The line's 'react-router': react-router-dom-v5-compat where the line has it, as Grafana hands it in.
import * as reactRouter from 'host-react-router';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import { lastValueFrom, isObservable } from 'rxjs';
import { fetchTransport } from '../../src/api/annotationsApi';
import { backendSrvOver } from '../../playground/grafanaApi';

const { AppPlugin, DataSourcePlugin, PanelPlugin, LoadingState, applyFieldOverrides, dateMath, EventBusSrv } =
  grafanaData;
// Grafana registers its option editors at boot (app/core/components/OptionsUI/registry.tsx); a plugin's options
// builder looks each one up by id. The editors' UI is Grafana's, not the plugin's: only the ids matter here.
const OPTION_EDITOR_IDS =
  'boolean color dashboard-uid field-name multi-select number radio select slider strings text timezone unit';
grafanaData.standardEditorsRegistry.setInit(() =>
  OPTION_EDITOR_IDS.split(' ').map((id) => ({ id, name: id, editor: () => null }))
);

const { config, setBackendSrv, setTemplateSrv, setDataSourceSrv, locationService } = grafanaRuntime;
const { ThemeContext } = grafanaUIRaw;

/** The version of the @grafana/data package this page was built with (buildHost.mjs). */
declare const HOST_GRAFANA_DATA_VERSION: string;

declare global {
  interface Window {
    System: {
      set(id: string, module: object): void;
      addImportMap(map: { imports: Record<string, string> }): void;
      import(id: string): Promise<Record<string, unknown>>;
    };
    distHost: typeof distHost;
  }
}

// The base classes on @grafana/ui as well, as Grafana does for plugins built before they moved to data.
const grafanaUI: Record<string, unknown> = {
  ...grafanaUIRaw,
  PanelPlugin,
  DataSourcePlugin,
  AppPlugin,
  DataSourceApi: grafanaData.DataSourceApi,
};

const shared: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUI,
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': reactJsxRuntime,
  'react-router': reactRouter,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
const imports: Record<string, string> = {};
for (const [name, module] of Object.entries(shared)) {
  window.System.set(`package:${name}`, module);
  imports[name] = `package:${name}`;
}
window.System.addImportMap({ imports });

// Grafana's HTTP API: the tests' fake Grafana, reached with a token, as the playground reaches one.
const search = new URLSearchParams(window.location.search);
setBackendSrv(backendSrvOver(fetchTransport(search.get('grafana') ?? '', { token: search.get('token') ?? undefined })));
const templateSrv = {
  getVariables: () => [],
  replace: (target?: string) => target ?? '',
  containsTemplate: () => false,
  updateTimeRange: () => {},
};
setTemplateSrv(templateSrv as unknown as grafanaRuntime.TemplateSrv);

type Meta = { id: string; type: string; name: string; info: grafanaData.PluginMetaInfo; [key: string]: unknown };

/** What Grafana's /api/plugins lists for each plugin in dist/, read from the served plugin.json files. */
const metas = new Map<string, Meta & { baseUrl: string; module: string }>();

async function meta(id: string) {
  if (!metas.has(id)) {
    const baseUrl = `public/plugins/${id}`;
    const json: Meta = await (await fetch(`/${baseUrl}/plugin.json`)).json();
    metas.set(id, { ...json, baseUrl, module: `${baseUrl}/module.js` });
  }
  return metas.get(id)!;
}

const loaded = new Map<string, Promise<Record<string, unknown>>>();
/** Grafana's importPluginModule: SystemJS.import of the plugin's module.js, once. */
function importPlugin(id: string) {
  if (!loaded.has(id)) {
    loaded.set(
      id,
      meta(id).then((pluginMeta) => window.System.import(`/${pluginMeta.module}`))
    );
  }
  return loaded.get(id)!;
}

const roots: Root[] = [];
function mount(testId: string, element: React.ReactElement, size?: { width: number; height: number }) {
  const container = document.createElement('div');
  container.dataset.testid = testId;
  container.style.cssText = size
    ? `width:${size.width}px;height:${size.height}px;position:relative;overflow:hidden`
    : '';
  document.getElementById('host')!.appendChild(container);
  const root = createRoot(container);
  roots.push(root);
  root.render(<ThemeContext.Provider value={config.theme2}>{element}</ThemeContext.Provider>);
}

const dataSources = new Map<string, grafanaData.DataSourceApi>();
async function dataSource(uid: string, id: string) {
  if (!dataSources.has(uid)) {
    const exports = await importPlugin(id);
    const plugin = exports.plugin as grafanaData.DataSourcePlugin<grafanaData.DataSourceApi>;
    const pluginMeta = (await meta(id)) as unknown as grafanaData.DataSourcePluginMeta;
    plugin.meta = pluginMeta;
    const settings = {
      id: 1,
      uid,
      type: id,
      name: pluginMeta.name,
      meta: pluginMeta,
      jsonData: {},
      access: 'proxy',
      readOnly: true,
    } as unknown as grafanaData.DataSourceInstanceSettings;
    dataSources.set(uid, new plugin.DataSourceClass(settings));
  }
  return dataSources.get(uid)!;
}
const dataSourceSrv = {
  get: async (ref: grafanaData.DataSourceRef | string) => {
    const uid = typeof ref === 'string' ? ref : (ref?.uid ?? '');
    const found = dataSources.get(uid);
    if (!found) {
      throw new Error(`no data source ${uid}`);
    }
    return found;
  },
  getList: () => [...dataSources.values()].map((ds) => ds.getRef()),
  getInstanceSettings: (ref: grafanaData.DataSourceRef | string) =>
    (dataSources.get(typeof ref === 'string' ? ref : (ref?.uid ?? '')) as { instanceSettings?: unknown } | undefined)
      ?.instanceSettings,
  reload: async () => {},
  registerRuntimeDataSource: () => {},
};
setDataSourceSrv(dataSourceSrv as unknown as grafanaRuntime.DataSourceSrv);

async function runQueries(
  targets: grafanaData.DataQuery[],
  range: grafanaData.TimeRange
): Promise<grafanaData.DataFrame[]> {
  const frames: grafanaData.DataFrame[] = [];
  for (const target of targets) {
    const ref = target.datasource as grafanaData.DataSourceRef;
    const ds = await dataSource(ref.uid!, ref.type!);
    const request = {
      requestId: `Q-${target.refId}`,
      interval: '1m',
      intervalMs: 60_000,
      maxDataPoints: 800,
      range,
      rangeRaw: range.raw,
      scopedVars: {},
      targets: [target],
      timezone: 'utc',
      app: 'dashboard',
      startTime: Date.now(),
    } as unknown as grafanaData.DataQueryRequest;
    const result = ds.query(request);
    const response: grafanaData.DataQueryResponse = isObservable(result) ? await lastValueFrom(result) : await result;
    if (response.error || response.errors?.length) {
      throw new Error(`query ${target.refId} failed: ${JSON.stringify(response.error ?? response.errors)}`);
    }
    frames.push(...(response.data as grafanaData.DataFrame[]));
  }
  return frames;
}

function setPath(target: Record<string, unknown>, pathName: string, value: unknown) {
  const keys = pathName.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title?: string;
  targets: grafanaData.DataQuery[];
  options?: Record<string, unknown>;
  fieldConfig?: grafanaData.FieldConfigSource;
}

const distHost = {
  lines: { react: React.version, grafanaData: HOST_GRAFANA_DATA_VERSION },

  /** Loads a plugin's module.js; answers which of Grafana's plugin classes its `plugin` export is. */
  async load(id: string) {
    const exports = await importPlugin(id);
    const plugin = exports.plugin;
    const kind =
      plugin instanceof AppPlugin
        ? 'AppPlugin'
        : plugin instanceof PanelPlugin
          ? 'PanelPlugin'
          : plugin instanceof DataSourcePlugin
            ? 'DataSourcePlugin'
            : `not a plugin class: ${Object.prototype.toString.call(plugin)}`;
    return { kind, type: (await meta(id)).type };
  },

  /** Renders a provisioned dashboard panel as Grafana does: its queries run, defaults and field config applied. */
  async renderPanel(
    panel: DashboardPanel,
    time: { from: string; to: string },
    annotationTargets: grafanaData.DataQuery[],
    size: { width: number; height: number }
  ) {
    const exports = await importPlugin(panel.type);
    const plugin = exports.plugin as grafanaData.PanelPlugin;
    plugin.meta = (await meta(panel.type)) as unknown as grafanaData.PanelPluginMeta;
    const range = {
      from: dateMath.parse(time.from, false)!,
      to: dateMath.parse(time.to, true)!,
      raw: { from: time.from, to: time.to },
    };
    const series = await runQueries(panel.targets, range);
    const annotations = await runQueries(annotationTargets, range);
    const options: Record<string, unknown> = structuredClone(plugin.defaults ?? {});
    for (const [key, value] of Object.entries(panel.options ?? {})) {
      setPath(options, key, value);
    }
    const fieldConfig = {
      defaults: { ...plugin.fieldConfigDefaults.defaults, ...panel.fieldConfig?.defaults },
      overrides: panel.fieldConfig?.overrides ?? [],
    };
    const replaceVariables = (value: string) => value;
    const data: grafanaData.PanelData = {
      state: LoadingState.Done,
      series: applyFieldOverrides({
        data: series,
        fieldConfig,
        fieldConfigRegistry: plugin.fieldConfigRegistry,
        replaceVariables,
        theme: config.theme2,
        timeZone: 'utc',
      }),
      annotations,
      timeRange: range,
    };
    const Panel = plugin.panel!;
    mount(
      `host-panel-${panel.type}`,
      <Panel
        id={panel.id}
        data={data}
        timeRange={range}
        timeZone="utc"
        options={options}
        fieldConfig={fieldConfig}
        transparent={false}
        width={size.width}
        height={size.height}
        renderCounter={0}
        title={panel.title ?? ''}
        eventBus={new EventBusSrv()}
        onOptionsChange={() => {}}
        onFieldConfigChange={() => {}}
        replaceVariables={replaceVariables}
        onChangeTimeRange={() => {}}
      />,
      size
    );
    return { series: series.length, annotations: annotations.length, rows: series.reduce((n, f) => n + f.length, 0) };
  },

  /** Renders the app's root page at `/a/<id><path>`, inside the line's router, as Grafana's AppRootPage does. */
  async renderApp(id: string, path: string) {
    const exports = await importPlugin(id);
    const plugin = exports.plugin as grafanaData.AppPlugin;
    const appMeta = { ...(await meta(id)), enabled: true, jsonData: {} } as unknown as grafanaData.AppPluginMeta;
    plugin.init(appMeta);
    plugin.meta = appMeta;
    const Root = plugin.root!;
    const url = `/a/${id}${path}`;
    locationService.push(url);
    const { MemoryRouter, Routes, Route } = reactRouter as unknown as typeof import('react-router');
    mount(
      `host-app-${id}`,
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path={`/a/${id}/*`}
            element={<Root meta={appMeta} basename={`/a/${id}`} onNavChanged={() => {}} query={{}} path={url} />}
          />
        </Routes>
      </MemoryRouter>
    );
  },

  /** Renders the data source's query editor with a query, as the panel editor does. */
  async renderQueryEditor(uid: string, id: string, query: grafanaData.DataQuery) {
    const ds = await dataSource(uid, id);
    const exports = await importPlugin(id);
    const plugin = exports.plugin as grafanaData.DataSourcePlugin<grafanaData.DataSourceApi>;
    const QueryEditor = plugin.components.QueryEditor!;
    const changes: unknown[] = [];
    (window as unknown as { queryChanges: unknown[] }).queryChanges = changes;
    mount(
      `host-query-editor-${id}`,
      <QueryEditor datasource={ds} query={query} onChange={(next) => changes.push(next)} onRunQuery={() => {}} />
    );
  },
};

window.distHost = distHost;
document.body.dataset.hostReady = 'true';
export type DistHost = typeof distHost;
