/**
 * @jest-environment node
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { load } from 'js-yaml';
import { DEMO_SIGNALS, SCENARIO_IDS } from '../demo/types';

// Cross-checks between the Grafana provisioning, the compose file and the plugin.json files. A typo in any of
// them only shows up as an empty panel or a "plugin not found" once Grafana runs, so catch it here.

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const PROVISIONING = join(ROOT, 'provisioning');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const GRAFANA_SERVICE = 'grafana';

/** Panels Grafana ships itself, which a dashboard may use next to ours. */
const CORE_PANELS = new Set(['text', 'timeseries', 'table', 'stat', 'logs', 'traces', 'row', 'dashlist', 'news']);
/** Data source uids Grafana resolves without provisioning. */
const BUILT_IN_DATASOURCE_UIDS = new Set(['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana']);

type Json = Record<string, any>;

interface PluginInfo {
  id: string;
  type: string;
  /** Folder relative to src/, '' for the app itself. */
  folder: string;
}

function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => extensions.some((ext) => file.endsWith(ext)))
    .map((file) => join(dir, file))
    .sort();
}

function readYaml(file: string): Json {
  return load(readFileSync(file, 'utf8')) as Json;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function findPlugins(): PluginInfo[] {
  return filesUnder(SRC, ['plugin.json']).map((file) => {
    const json = readJson(file);
    return { id: json.id, type: json.type, folder: relative(SRC, dirname(file)).split('\\').join('/') };
  });
}

interface ProvisionedDataSource {
  uid: string;
  type: string;
}

function provisionedDataSources(): ProvisionedDataSource[] {
  return filesUnder(join(PROVISIONING, 'datasources'), ['.yaml', '.yml']).flatMap(
    (file) => (readYaml(file).datasources ?? []) as ProvisionedDataSource[]
  );
}

/** Dashboards on the Prometheus/Loki/Tempo stack (docs/full-stack.md) rather than the demo data source. */
function isFullStack(dashboard: Json): boolean {
  return (dashboard.tags ?? []).includes('full-stack');
}

/** The dashboard for any service instrumented with the OpenTelemetry GenAI conventions, not one scenario's. */
function isGenAi(dashboard: Json): boolean {
  return (dashboard.tags ?? []).includes('opentelemetry-genai');
}

function dashboardFiles(): string[] {
  return filesUnder(join(PROVISIONING, 'dashboards'), ['.json']);
}

/** Panels at any depth: collapsed rows keep theirs in `panels`. */
function allPanels(panels: Json[] = []): Json[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels)]);
}

interface DataSourceUse {
  where: string;
  ref: string | { type?: string; uid?: string } | null | undefined;
}

function dataSourceUses(dashboard: Json): DataSourceUse[] {
  const uses: DataSourceUse[] = [];
  for (const panel of allPanels(dashboard.panels)) {
    uses.push({ where: `panel ${panel.id}`, ref: panel.datasource });
    for (const target of panel.targets ?? []) {
      uses.push({ where: `panel ${panel.id} target ${target.refId}`, ref: target.datasource });
    }
  }
  for (const annotation of dashboard.annotations?.list ?? []) {
    uses.push({ where: `annotation "${annotation.name}"`, ref: annotation.datasource });
  }
  for (const variable of dashboard.templating?.list ?? []) {
    uses.push({ where: `variable ${variable.name}`, ref: variable.datasource });
  }
  return uses.filter((use) => use.ref !== undefined && use.ref !== null);
}

/** Problems in one dashboard's references to plugins and data sources; empty when all resolve. */
function dashboardProblems(dashboard: Json, plugins: PluginInfo[], dataSources: ProvisionedDataSource[]): string[] {
  const problems: string[] = [];
  const pluginIds = new Set(plugins.map((plugin) => plugin.id));
  for (const panel of allPanels(dashboard.panels)) {
    if (!pluginIds.has(panel.type) && !CORE_PANELS.has(panel.type)) {
      problems.push(`panel ${panel.id} has type "${panel.type}", which no src/**/plugin.json declares`);
    }
  }
  for (const { where, ref } of dataSourceUses(dashboard)) {
    const uid = typeof ref === 'string' ? ref : ref?.uid;
    const type = typeof ref === 'string' ? undefined : ref?.type;
    if (!uid || uid.startsWith('$') || BUILT_IN_DATASOURCE_UIDS.has(uid)) {
      continue;
    }
    const provisioned = dataSources.find((ds) => ds.uid === uid);
    if (!provisioned) {
      problems.push(`${where} uses data source uid "${uid}", which provisioning/datasources does not provide`);
    } else if (type && type !== provisioned.type) {
      problems.push(
        `${where} says data source "${uid}" is a "${type}", but it is provisioned as "${provisioned.type}"`
      );
    }
  }
  return problems;
}

/** Demo queries must name a scenario and a signal the demo data source knows. */
function demoQueryProblems(dashboard: Json): string[] {
  const queries: Array<{ where: string; query: Json }> = [];
  for (const panel of allPanels(dashboard.panels)) {
    for (const target of panel.targets ?? []) {
      const type = target.datasource?.type ?? panel.datasource?.type;
      if (type === 'driftline-demo-datasource') {
        queries.push({ where: `panel ${panel.id} target ${target.refId}`, query: target });
      }
    }
  }
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.datasource?.type === 'driftline-demo-datasource') {
      queries.push({ where: `annotation "${annotation.name}"`, query: annotation.target ?? {} });
    }
  }
  return queries.flatMap(({ where, query }) => [
    ...(SCENARIO_IDS.includes(query.scenario) ? [] : [`${where}: unknown scenario "${query.scenario}"`]),
    ...(DEMO_SIGNALS.includes(query.signal) ? [] : [`${where}: unknown signal "${query.signal}"`]),
  ]);
}

/** The service as Compose sees it after `extends`: the base file's keys, overridden and env merged. */
function resolveComposeService(file: string, name: string): Json {
  const service: Json = readYaml(file).services?.[name];
  if (!service?.extends) {
    return service;
  }
  const base = resolveComposeService(join(dirname(file), service.extends.file), service.extends.service);
  const { extends: _extends, ...own } = service;
  return { ...base, ...own, environment: { ...envAsMap(base.environment), ...envAsMap(own.environment) } };
}

function envAsMap(environment: Json | string[] | undefined): Record<string, string> {
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      })
    );
  }
  return Object.fromEntries(Object.entries(environment ?? {}).map(([key, value]) => [key, String(value)]));
}

/** Plugin ids missing from a comma-separated GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS value. */
function missingUnsignedIds(allowList: string | undefined, plugins: PluginInfo[]): string[] {
  const allowed = new Set((allowList ?? '').split(',').map((id) => id.trim()));
  return plugins.map((plugin) => plugin.id).filter((id) => !allowed.has(id));
}

/** Nested plugin folders the app's `includes` misses or points at wrongly. */
function includesProblems(app: Json, plugins: PluginInfo[]): string[] {
  const nested = plugins.filter((plugin) => plugin.folder !== '');
  const includes: Json[] = app.includes ?? [];
  const problems: string[] = [];
  for (const plugin of nested) {
    // Grafana's plugin validator matches the path of the nested plugin.json exactly.
    const entry = includes.find((include) => include.path === `${plugin.folder}/plugin.json`);
    if (!entry) {
      problems.push(`src/${plugin.folder} (${plugin.id}) is not in the app's includes`);
    } else if (entry.type !== plugin.type) {
      problems.push(`includes entry for ${plugin.folder} has type "${entry.type}", plugin.json says "${plugin.type}"`);
    }
  }
  for (const include of includes.filter((entry) => entry.type === 'panel' || entry.type === 'datasource')) {
    const folder = join(SRC, dirname(include.path));
    if (!include.path.endsWith('/plugin.json') || !existsSync(join(folder, 'plugin.json'))) {
      problems.push(`includes names ${include.path}, which has no plugin.json`);
    }
    if (!existsSync(join(folder, 'module.ts')) && !existsSync(join(folder, 'module.tsx'))) {
      problems.push(`includes names ${include.path}, which has no module.ts or module.tsx`);
    }
  }
  return problems;
}

const plugins = findPlugins();
const app = readJson(join(SRC, 'plugin.json'));
const dataSources = provisionedDataSources();

describe('provisioning and compose files', () => {
  const yamlFiles = [...filesUnder(PROVISIONING, ['.yaml', '.yml']), COMPOSE_FILE];

  test.each(yamlFiles.map((file) => relative(ROOT, file)))('%s parses as YAML', (file) => {
    const parsed = readYaml(join(ROOT, file));
    expect(parsed).toEqual(expect.any(Object));
  });

  test('the plugin ids are the app and its four nested plugins', () => {
    expect(plugins.map((plugin) => plugin.id).sort()).toEqual([
      'driftline-aiobs-app',
      'driftline-demo-datasource',
      'driftline-drift-panel',
      'driftline-predictions-panel',
      'driftline-timeline-panel',
    ]);
  });

  test("the app's includes list every nested plugin, and each folder has plugin.json and a module", () => {
    expect(includesProblems(app, plugins)).toEqual([]);
    expect(plugins.filter((plugin) => plugin.folder !== '')).toHaveLength(4);
  });

  test('apps.yaml enables the app, and only apps that exist', () => {
    const apps: Json[] = readYaml(join(PROVISIONING, 'plugins', 'apps.yaml')).apps ?? [];
    const appIds = plugins.filter((plugin) => plugin.type === 'app').map((plugin) => plugin.id);
    expect(apps.map((entry) => entry.type)).toContain(app.id);
    for (const entry of apps) {
      expect(appIds).toContain(entry.type);
      expect(entry.disabled).not.toBe(true);
    }
  });

  test('the demo data source is provisioned with the fixed uid the dashboards use', () => {
    expect(dataSources).toContainEqual(
      expect.objectContaining({ uid: 'driftline-demo', type: 'driftline-demo-datasource' })
    );
    const types = new Set(plugins.filter((plugin) => plugin.type === 'datasource').map((plugin) => plugin.id));
    for (const ds of dataSources.filter((entry) => entry.type.startsWith('driftline-'))) {
      expect(types).toContain(ds.type);
    }
  });

  test('the dashboard provider reads the folder the dashboards are in', () => {
    const providers: Json[] = readYaml(join(PROVISIONING, 'dashboards', 'dashboards.yaml')).providers;
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: 'file', folder: 'Driftline' });
    expect(providers[0].options.path).toBe('/etc/grafana/provisioning/dashboards');
  });
});

describe('provisioned dashboards', () => {
  const files = dashboardFiles();

  test('the three demo dashboards and the three full-stack ones are there, with unique uids', () => {
    const dashboards = files.map(readJson);
    expect(
      dashboards
        .filter((dashboard) => !isFullStack(dashboard))
        .map((dashboard) => dashboard.uid)
        .sort()
    ).toEqual(['chatbot-outage', 'ctr-decline', 'driftline-model-incident']);
    // The simulator posts each scenario's annotations to the dashboard with uid `<scenario>-live`.
    expect(
      dashboards
        .filter((dashboard) => isFullStack(dashboard) && !isGenAi(dashboard))
        .map((dashboard) => dashboard.uid)
        .sort()
    ).toEqual([...SCENARIO_IDS].sort().map((id) => `${id}-live`));
    expect(dashboards.filter(isGenAi).map((dashboard) => dashboard.title)).toEqual([
      'LLM service (OpenTelemetry GenAI)',
    ]);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
  });

  describe.each(files.map((file) => relative(PROVISIONING, file)))('%s', (file) => {
    const dashboard = readJson(join(PROVISIONING, file));

    test('every panel type and data source uid resolves', () => {
      expect(dashboardProblems(dashboard, plugins, dataSources)).toEqual([]);
    });

    test('every demo query names a known scenario and signal', () => {
      expect(demoQueryProblems(dashboard)).toEqual([]);
    });

    test('uses all three Driftline panels, timeline on top, drift and predictions side by side', () => {
      // The first panel of each type: a dashboard may add more below.
      const byType = Object.fromEntries(
        allPanels(dashboard.panels)
          .reverse()
          .map((panel) => [panel.type, panel])
      );
      const timeline = byType['driftline-timeline-panel'];
      const drift = byType['driftline-drift-panel'];
      const predictions = byType['driftline-predictions-panel'];
      expect(timeline?.gridPos).toMatchObject({ x: 0, y: 0, w: 24 });
      expect(drift?.gridPos.y).toBeGreaterThanOrEqual(timeline.gridPos.y + timeline.gridPos.h);
      expect(predictions?.gridPos.y).toBe(drift.gridPos.y);
      expect(drift.gridPos.x + drift.gridPos.w).toBeLessThanOrEqual(predictions.gridPos.x);
      expect(predictions.gridPos.x + predictions.gridPos.w).toBeLessThanOrEqual(24);
    });

    if (!isFullStack(dashboard)) {
      test('has the built-in annotations and an enabled "Change events" query on the demo data source', () => {
        const list: Json[] = dashboard.annotations.list;
        expect(list.some((annotation) => annotation.builtIn === 1)).toBe(true);
        expect(list).toContainEqual(
          expect.objectContaining({
            name: 'Change events',
            enable: true,
            datasource: { type: 'driftline-demo-datasource', uid: 'driftline-demo' },
          })
        );
      });
    } else {
      test('shows the annotations the simulator posts to it, and queries only Prometheus, Loki and Tempo', () => {
        const list: Json[] = dashboard.annotations.list;
        expect(list).toContainEqual(
          expect.objectContaining({ builtIn: 1, enable: true, hide: false, type: 'dashboard' })
        );
        const uids = new Set(
          dataSourceUses(dashboard).map(({ ref }) => (typeof ref === 'string' ? ref : (ref?.uid ?? '')))
        );
        uids.delete('-- Grafana --');
        uids.delete('-- Mixed --');
        // The GenAI dashboard reads metrics and spans; the scenarios' ones their logs too.
        expect([...uids].sort()).toEqual(
          isGenAi(dashboard) ? ['prometheus', 'tempo'] : ['loki', 'prometheus', 'tempo']
        );
      });

      const exprs = (type: string): string[] =>
        allPanels(dashboard.panels)
          .filter((panel) => panel.type === type)
          .flatMap((panel) => (panel.targets ?? []).map((target: Json) => target.expr));
      if (isGenAi(dashboard)) {
        test('feeds the panels with the GenAI histograms, filtered by $provider (either label) and $model', () => {
          const filter =
            'gen_ai_provider_name=~"$provider|", gen_ai_system=~"$provider|", gen_ai_request_model=~"$model"';
          expect(exprs('driftline-drift-panel')).toEqual([
            `sum by (le, gen_ai_token_type, gen_ai_request_model, gen_ai_operation_name) (increase(gen_ai_client_token_usage_bucket{${filter}}[$__interval]))`,
          ]);
          expect(exprs('driftline-predictions-panel')).toEqual([
            `sum by (le, gen_ai_token_type, gen_ai_request_model, gen_ai_operation_name) (increase(gen_ai_client_token_usage_bucket{gen_ai_token_type="output", ${filter}}[$__interval]))`,
          ]);
          const promTargets = exprs('driftline-timeline-panel').filter(Boolean);
          expect(promTargets.length).toBeGreaterThanOrEqual(4);
          expect(promTargets.every((expr) => expr.includes(filter))).toBe(true);
          const variables: Json[] = dashboard.templating.list;
          expect(variables.map((variable) => variable.name)).toEqual(['provider', 'model']);
          expect(variables.every((variable) => variable.includeAll && variable.allValue === '.+')).toBe(true);
          expect(variables[1].definition).toContain('$provider');
          // The provider variable reads both labels: the value after either one.
          const regex = new RegExp(variables[0].regex.slice(1, -1));
          expect(regex.exec('{gen_ai_system="anthropic"}')?.groups?.value).toBe('anthropic');
          expect(regex.exec('{gen_ai_provider_name="openai"}')?.groups?.value).toBe('openai');
        });
      } else {
        test('feeds the drift and predictions panels with the bucket histograms, and has model and feature variables', () => {
          expect(exprs('driftline-drift-panel')).toContain(
            'sum by (feature, le) (increase(model_feature_value_bucket{model="$model"}[$__interval]))'
          );
          expect(exprs('driftline-predictions-panel')).toEqual([
            'sum by (le) (increase(model_prediction_score_bucket{model="$model"}[$__interval]))',
          ]);
          const variables: Json[] = dashboard.templating.list;
          expect(variables.map((variable) => variable.name)).toEqual(expect.arrayContaining(['model', 'feature']));
          expect(variables.find((variable) => variable.name === 'feature')?.definition).toContain('$model');
        });
      }
    }

    test('has a time range and a current schema version', () => {
      expect(dashboard.time).toEqual({ from: expect.stringMatching(/^now-\d+[mhd]$/), to: 'now' });
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    });
  });

  // The checks above only prove something if they can fail: feed them broken copies.
  describe('the cross-reference checks catch mistakes', () => {
    const dashboard = dashboardFiles()
      .map(readJson)
      .find((candidate) => !isFullStack(candidate))!;

    test('an unknown panel type', () => {
      const broken = { ...dashboard, panels: [{ ...dashboard.panels[0], type: 'driftline-drfit-panel' }] };
      expect(dashboardProblems(broken, plugins, dataSources)).toEqual([
        expect.stringContaining('"driftline-drfit-panel"'),
      ]);
    });

    test('a data source uid nobody provisions, in a target and in a variable', () => {
      const panel = { ...dashboard.panels[0], targets: [{ refId: 'A', datasource: { uid: 'missing' } }] };
      const broken = {
        ...dashboard,
        panels: [panel],
        templating: { list: [{ name: 'job', datasource: 'also-missing' }] },
      };
      const problems = dashboardProblems(broken, plugins, dataSources);
      expect(problems).toEqual([expect.stringContaining('"missing"'), expect.stringContaining('"also-missing"')]);
    });

    test('an unknown scenario in an annotation query', () => {
      const annotation = { ...dashboard.annotations.list[1], target: { scenario: 'nope', signal: 'annotations' } };
      const broken = { ...dashboard, panels: [], annotations: { list: [annotation] } };
      expect(demoQueryProblems(broken)).toEqual([expect.stringContaining('"nope"')]);
    });

    test('a nested plugin missing from the allow-list and from includes', () => {
      expect(missingUnsignedIds('driftline-aiobs-app, driftline-drift-panel', plugins)).toHaveLength(3);
      const broken = {
        ...app,
        includes: app.includes.filter((include: Json) => include.path !== 'panels/drift/plugin.json'),
      };
      expect(includesProblems(broken, plugins)).toEqual([expect.stringContaining('panels/drift')]);
    });
  });
});

describe('telemetry data sources', () => {
  const byUid = (uid: string) => dataSources.find((ds) => ds.uid === uid) as (ProvisionedDataSource & Json) | undefined;

  test('Prometheus, Loki and Tempo are provisioned with the uids the dashboards use', () => {
    expect(byUid('prometheus')).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    expect(byUid('loki')).toMatchObject({ type: 'loki', url: 'http://loki:3100' });
    expect(byUid('tempo')).toMatchObject({ type: 'tempo', url: 'http://tempo:3200' });
  });

  test('exemplars and log trace ids open Tempo; traces link back to Loki and Prometheus', () => {
    const prometheus = byUid('prometheus')!.jsonData;
    expect(prometheus.exemplarTraceIdDestinations).toEqual([
      expect.objectContaining({ name: 'trace_id', datasourceUid: 'tempo' }),
    ]);
    const derived = byUid('loki')!.jsonData.derivedFields[0];
    expect(derived.datasourceUid).toBe('tempo');
    // The simulator writes `"trace_id":"<32 hex>"` into each JSON line.
    const line = JSON.stringify({ level: 'warn', trace_id: '0123456789abcdef0123456789abcdef' });
    expect(new RegExp(derived.matcherRegex).exec(line)?.[1]).toBe('0123456789abcdef0123456789abcdef');
    expect(derived.url).toBe('$${__value.raw}');
    const tempo = byUid('tempo')!.jsonData;
    expect(tempo.tracesToLogsV2.datasourceUid).toBe('loki');
    expect(tempo.tracesToMetrics.datasourceUid).toBe('prometheus');
    const uids = new Set(dataSources.map((ds) => ds.uid));
    for (const uid of [tempo.lokiSearch.datasourceUid, tempo.tracesToLogsV2.datasourceUid]) {
      expect(uids).toContain(uid);
    }
  });
});

describe('docker-compose.yml', () => {
  const grafana = resolveComposeService(COMPOSE_FILE, GRAFANA_SERVICE);

  test('allows every plugin id in src/**/plugin.json to load unsigned', () => {
    const allowList = envAsMap(grafana.environment).GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS;
    expect(missingUnsignedIds(allowList, plugins)).toEqual([]);
  });

  test('mounts dist/ as the app plugin and provisioning/ as Grafana provisioning', () => {
    const volumes: string[] = grafana.volumes;
    expect(volumes.some((volume) => /\/dist:\/var\/lib\/grafana\/plugins\/driftline-aiobs-app$/.test(volume))).toBe(
      true
    );
    expect(volumes.some((volume) => /\/provisioning:\/etc\/grafana\/provisioning$/.test(volume))).toBe(true);
  });

  test('takes the Grafana image and version from GRAFANA_IMAGE and GRAFANA_VERSION, defaulting to 12.4', () => {
    expect(grafana.build.args.grafana_image).toMatch(/^\$\{GRAFANA_IMAGE:-grafana(-enterprise)?\}$/);
    expect(grafana.build.args.grafana_version).toMatch(/^\$\{GRAFANA_VERSION:-12\.4\.\d+\}$/);
    const dockerfile = readFileSync(join(ROOT, '.config', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM grafana\/\$\{grafana_image\}:\$\{grafana_version\}$/m);
  });

  test('keeps anonymous admin for local use and admin/admin for plugin-e2e', () => {
    const env = envAsMap(grafana.environment);
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Admin');
    expect(env.GF_AUTH_DISABLE_LOGIN_FORM).not.toBe('true');
    expect(env.GF_SECURITY_ADMIN_USER ?? 'admin').toBe('admin');
    expect(env.GF_SECURITY_ADMIN_PASSWORD ?? 'admin').toBe('admin');
  });

  test('runs the simulator, Prometheus, Loki and Tempo with pinned images, wired by service name', () => {
    const services: Json = readYaml(COMPOSE_FILE).services;
    for (const [name, image] of Object.entries({
      prometheus: /^prom\/prometheus:v\d+\.\d+\.\d+$/,
      loki: /^grafana\/loki:\d+\.\d+\.\d+$/,
      tempo: /^grafana\/tempo:\d+\.\d+\.\d+$/,
    })) {
      expect(services[name]?.image).toMatch(image);
    }
    const simulator = services.simulator;
    expect(simulator.build.dockerfile).toBe('simulator/Dockerfile');
    expect(existsSync(join(ROOT, simulator.build.dockerfile))).toBe(true);
    const env = envAsMap(simulator.environment);
    expect(env.LOKI_URL).toBe('http://loki:3100');
    expect(env.TEMPO_URL).toBe('http://tempo:4318');
    expect(env.GRAFANA_URL).toBe('http://grafana:3000');
    expect(services.tempo.ports).toContain('4318:4318/tcp');
    // Prometheus imports the simulator's history before it starts, then scrapes it.
    expect(services.prometheus.depends_on.simulator.condition).toBe('service_healthy');
    expect(services.prometheus.volumes).toContain('./provisioning/prometheus:/etc/prometheus/driftline:ro');
    const prometheusConfig = readYaml(join(PROVISIONING, 'prometheus', 'prometheus.yml'));
    const targets = prometheusConfig.scrape_configs.flatMap((job: Json) =>
      job.static_configs.flatMap((config: Json) => config.targets)
    );
    expect(targets).toContain(`simulator:${env.SIM_PORT}`);
    expect(services.prometheus.command).toContain('--enable-feature=exemplar-storage');
  });

  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  const checksConfig = !promtool.error && promtool.status === 0 ? test : test.skip;
  if (promtool.error || promtool.status !== 0) {
    console.info('promtool is not on PATH: skipping `promtool check config` (apt-get install prometheus)');
  }

  checksConfig('`promtool check config` accepts provisioning/prometheus/prometheus.yml', () => {
    const result = spawnSync('promtool', ['check', 'config', join(PROVISIONING, 'prometheus', 'prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  const composeCli = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  const hasComposeCli = !composeCli.error && composeCli.status === 0;
  const validates = hasComposeCli ? test : test.skip;
  if (!hasComposeCli) {
    // One line, so a skipped run says why instead of silently passing.
    console.info('docker-compose is not on PATH: skipping `docker-compose config -q` (apt-get install docker-compose)');
  }

  validates('`docker-compose config -q` accepts it', () => {
    const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
