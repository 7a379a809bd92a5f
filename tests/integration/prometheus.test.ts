/**
 * The full path on a real Prometheus: the simulator replays ctr-decline and latency-gc in 40 s, Prometheus
 * scrapes it every second, and the bucket series it returns, shaped as Grafana's Prometheus data source
 * shapes them (one frame per series, and the heatmap format), go through the drift panel's adapter into the
 * drift engine, which must find each story's drifted feature. Every PromQL expression of the provisioned
 * dashboards is also run once against this Prometheus. Needs the `prometheus` binary (.ci/run installs it).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataFrame, DataFrameType, FieldType } from '@grafana/data';

import { BaselineMode, computeDriftOverTime } from '../../src/analysis';
import { readDriftInput } from '../../src/data/driftInput';
import { readHistogramFeatures } from '../../src/data/histogramFrames';
import { readTimelineLanes } from '../../src/data/lanes';

const ROOT = join(__dirname, '..', '..');
const HOST = '127.0.0.1';
/** Each scenario's replay, from its dashboard's default range start to its end, takes this long. */
const REPLAY_SECONDS = 40;
/** Query resolution: the dashboards' $__interval here (four 1 s scrapes per window). */
const INTERVAL_SECONDS = 4;

const hasPrometheus = (() => {
  const result = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
})();
if (!hasPrometheus) {
  console.info('prometheus is not on PATH: skipping the Prometheus integration test (apt-get install prometheus)');
}
const describeWithPrometheus = hasPrometheus ? describe : describe.skip;

type Json = Record<string, any>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: 10_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.end();
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const { status, body } = await httpGet(url);
      if (status === 200) {
        return;
      }
      last = `${status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a process in its own group, so afterAll can stop it and anything it started. */
function startGroup(command: string, args: string[], logFile: string): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  child.on('exit', () => writeFileSync(logFile, log));
  return child;
}

function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/**
 * One frame per series, as Grafana's Prometheus data source returns a range query in the "Time series"
 * format: `timeseries-multi`, a Time field (ms) and a Value field carrying the labels.
 */
function timeSeriesFrames(result: MatrixSeries[], expr: string, stepSeconds: number): DataFrame[] {
  return result.map((series) => ({
    name: Object.entries(series.metric)
      .map(([key, value]) => `${key}="${value}"`)
      .join(', '),
    refId: 'A',
    length: series.values.length,
    meta: {
      type: DataFrameType.TimeSeriesMulti,
      typeVersion: [0, 1],
      executedQueryString: `Expr: ${expr}\nStep: ${stepSeconds}s`,
    },
    fields: [
      {
        name: 'Time',
        type: FieldType.time,
        values: series.values.map(([t]) => t * 1000),
        config: { interval: stepSeconds * 1000 },
      },
      {
        name: 'Value',
        type: FieldType.number,
        values: series.values.map(([, v]) => Number(v)),
        labels: series.metric,
        config: {},
      },
    ],
  }));
}

/**
 * Grafana's "Heatmap" format of one histogram: bucket series sorted by le and de-accumulated (each bucket
 * minus the one below), merged into one `heatmap-rows` frame with a number field per bucket.
 */
function heatmapFrame(result: MatrixSeries[], expr: string): DataFrame {
  const parse = (le: string) => (le === '+Inf' ? Infinity : Number(le));
  const sorted = [...result].sort((a, b) => parse(a.metric.le) - parse(b.metric.le));
  const times = [...new Set(sorted.flatMap((series) => series.values.map(([t]) => t)))].sort((a, b) => a - b);
  const cumulative = sorted.map((series) => {
    const byTime = new Map(series.values.map(([t, v]) => [t, Number(v)]));
    return times.map((t) => byTime.get(t) ?? 0);
  });
  const fields = sorted.map((series, b) => ({
    name: series.metric.le,
    type: FieldType.number,
    values: cumulative[b].map((value, i) => value - (b > 0 ? cumulative[b - 1][i] : 0)),
    labels: series.metric,
    config: { displayNameFromDS: series.metric.le },
  }));
  return {
    name: sorted[0]?.metric.feature,
    refId: 'A',
    length: times.length,
    meta: { type: DataFrameType.HeatmapRows, executedQueryString: `Expr: ${expr}` },
    fields: [{ name: 'Time', type: FieldType.time, values: times.map((t) => t * 1000), config: {} }, ...fields],
  };
}

interface Story {
  scenario: 'ctr-decline' | 'latency-gc';
  model: string;
  features: string[];
  /** The baseline: the share of the replay before the story's change. */
  baseline: BaselineMode;
  /**
   * Whether the story's feature (features[0]) must rank first. In latency-gc, request_chars is input_tokens
   * times characters per token, so it drifts with it, and which of the two ranks first is noise.
   */
  rankedFirst: boolean;
}

function expectFlagged(drift: ReturnType<typeof computeDriftOverTime>, story: Story): void {
  expect(drift.problems).toEqual([]);
  const flagged = drift.features.filter((feature) => feature.drifted).map((feature) => feature.feature);
  expect(flagged).toContain(story.features[0]);
  if (story.rankedFirst) {
    expect(drift.features[0]).toMatchObject({ feature: story.features[0], drifted: true });
  }
}

const STORIES: Story[] = [
  {
    scenario: 'ctr-decline',
    model: 'reco-model',
    features: ['user_recent_categories_count', 'user_age_days', 'session_length_s', 'item_price'],
    // Days 0-5.6 of 28: the pipeline upgrade lands on day 7.
    baseline: { mode: 'firstPercent', percent: 20 },
    rankedFirst: true,
  },
  {
    scenario: 'latency-gc',
    model: 'nlp-intent',
    features: ['input_tokens', 'request_chars'],
    // T-70 to T-22 min of the two-hour default range: the campaign lands at T-12.
    baseline: { mode: 'firstPercent', percent: 40 },
    rankedFirst: false,
  },
];

describeWithPrometheus('drift on a real Prometheus scraping the simulator', () => {
  let workDir: string;
  let prometheus: ChildProcess | undefined;
  let simulator: ChildProcess | undefined;
  let promUrl: string;
  let anchor: number;

  async function queryRange(expr: string, stepSeconds: number): Promise<Json> {
    const params = new URLSearchParams({
      query: expr,
      start: String(anchor / 1000),
      end: String(anchor / 1000 + REPLAY_SECONDS),
      step: `${stepSeconds}s`,
    });
    const { body } = await httpGet(`${promUrl}/api/v1/query_range?${params}`);
    return JSON.parse(body);
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'driftline-prometheus-'));
    const build = spawnSync(process.execPath, [join(ROOT, 'simulator', 'build.mjs')], { encoding: 'utf8' });
    if (build.status !== 0) {
      throw new Error(`simulator build failed: ${build.stderr}`);
    }
    const [promPort, simPort] = [await freePort(), await freePort()];
    promUrl = `http://${HOST}:${promPort}`;
    const config = join(workDir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        '  - job_name: driftline-simulator',
        '    static_configs:',
        `      - targets: ['${HOST}:${simPort}']`,
        '',
      ].join('\n')
    );
    prometheus = startGroup(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(workDir, 'data')}`,
        `--web.listen-address=${HOST}:${promPort}`,
        '--enable-feature=exemplar-storage',
      ],
      join(workDir, 'prometheus.log')
    );
    await waitFor(`${promUrl}/-/ready`, 30_000);

    anchor = Date.now();
    simulator = startGroup(
      process.execPath,
      [
        join(ROOT, 'simulator', 'dist', 'simulator.mjs'),
        '--scenario=all',
        '--from=range',
        `--replay-seconds=${REPLAY_SECONDS}`,
        `--anchor=${anchor}`,
        `--host=${HOST}`,
        `--port=${simPort}`,
      ],
      join(workDir, 'simulator.log')
    );
    await waitFor(`http://${HOST}:${simPort}/healthz`, 30_000);
    // The whole replay, plus a few scrapes so the last window is in.
    await sleep(Math.max(0, anchor + (REPLAY_SECONDS + 3) * 1000 - Date.now()));
  });

  afterAll(async () => {
    await Promise.all([stopGroup(simulator), stopGroup(prometheus)]);
    if (workDir) {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  const range = () => ({ from: anchor, to: anchor + REPLAY_SECONDS * 1000 });
  const windowMs = INTERVAL_SECONDS * 1000;

  describe.each(STORIES)('$scenario', (story) => {
    test('the feature histograms as per-series counter frames: the story feature is flagged', async () => {
      const expr = `model_feature_value_bucket{model="${story.model}"}`;
      const response = await queryRange(expr, 1);
      expect(response.status).toBe('success');
      const frames = timeSeriesFrames(response.data.result, expr, 1);
      const features = readHistogramFeatures(frames);
      expect(features.map((feature) => feature.feature).sort()).toEqual([...story.features].sort());
      expectFlagged(computeDriftOverTime(features, { range: range(), baseline: story.baseline, windowMs }), story);
    });

    test('the dashboard query, increases per interval in the heatmap format: the same verdict', async () => {
      const frames: DataFrame[] = [];
      for (const feature of story.features) {
        const expr = `sum by (feature, le) (increase(model_feature_value_bucket{model="${story.model}", feature="${feature}"}[${INTERVAL_SECONDS}s]))`;
        const response = await queryRange(expr, INTERVAL_SECONDS);
        expect(response.status).toBe('success');
        frames.push(heatmapFrame(response.data.result, expr));
      }
      const features = readHistogramFeatures(frames);
      expectFlagged(computeDriftOverTime(features, { range: range(), baseline: story.baseline, windowMs }), story);
    });
  });

  test('ctr-decline: only the fallback feature drifts; the rest stay stable', async () => {
    const story = STORIES[0];
    const expr = `sum by (feature, le) (increase(model_feature_value_bucket{model="${story.model}"}[${INTERVAL_SECONDS}s]))`;
    const response = await queryRange(expr, INTERVAL_SECONDS);
    const features = readHistogramFeatures(timeSeriesFrames(response.data.result, expr, INTERVAL_SECONDS));
    const drift = computeDriftOverTime(features, { range: range(), baseline: story.baseline, windowMs });
    expect(drift.features.filter((feature) => feature.drifted).map((feature) => feature.feature)).toEqual([
      'user_recent_categories_count',
    ]);
  });

  describe('OpenTelemetry GenAI histograms of the three services', () => {
    // Every scenario's baseline is the first quarter of its replay: chatbot-outage's shedding starts at T-18 min
    // of its T-90..T+90 range, the other two LLMs never change.
    const baseline: BaselineMode = { mode: 'firstPercent', percent: 25 };
    const OUTPUT = {
      'chatbot-outage': 'output tokens · chat-llm · chat',
      'ctr-decline': 'output tokens · gpt-4o-mini · chat',
      'latency-gc': 'output tokens · claude-3-5-haiku · chat',
    };

    test('the drift reader ranks output tokens drifted in chatbot-outage and stable in the other scenarios', async () => {
      const expr = `sum by (le, gen_ai_token_type, gen_ai_request_model, gen_ai_operation_name) (increase(gen_ai_client_token_usage_bucket[${INTERVAL_SECONDS}s]))`;
      const response = await queryRange(expr, INTERVAL_SECONDS);
      expect(response.status).toBe('success');
      const input = readDriftInput(timeSeriesFrames(response.data.result, expr, INTERVAL_SECONDS), {
        inputKind: 'auto',
        features: [],
        method: 'auto',
        threshold: 0,
      });
      expect(input.features.map((feature) => feature.feature).sort()).toEqual(
        [...Object.values(OUTPUT), ...Object.values(OUTPUT).map((name) => name.replace('output', 'input'))].sort()
      );
      const drift = computeDriftOverTime(input.features, { range: range(), baseline, windowMs });
      expect(drift.problems).toEqual([]);
      expect(drift.features[0]).toMatchObject({ feature: OUTPUT['chatbot-outage'], drifted: true, method: 'ks' });
      const verdict = (name: string) => drift.features.find((feature) => feature.feature === name)?.drifted;
      expect(verdict(OUTPUT['ctr-decline'])).toBe(false);
      expect(verdict(OUTPUT['latency-gc'])).toBe(false);
    });

    test('raw bucket counters with gen_ai_provider_name and with gen_ai_system read the same way', async () => {
      const expr = 'gen_ai_client_token_usage_bucket{gen_ai_token_type="output"}';
      const response = await queryRange(expr, 1);
      const labels = response.data.result.map((series: MatrixSeries) => series.metric);
      expect(labels.some((metric: Json) => metric.gen_ai_system === 'anthropic')).toBe(true);
      expect(labels.some((metric: Json) => metric.gen_ai_provider_name === 'openai')).toBe(true);
      const features = readHistogramFeatures(timeSeriesFrames(response.data.result, expr, 1));
      expect(features.map((feature) => feature.feature).sort()).toEqual(Object.values(OUTPUT).sort());
      const drift = computeDriftOverTime(features, { range: range(), baseline, windowMs });
      expect(drift.features.filter((feature) => feature.drifted).map((feature) => feature.feature)).toEqual([
        OUTPUT['chatbot-outage'],
      ]);
    });

    test("time to first token is one p95 lane per model, and chatbot-outage's rises with the queue", async () => {
      const expr = `sum by (le, gen_ai_request_model, gen_ai_operation_name) (increase(gen_ai_server_time_to_first_token_seconds_bucket[${INTERVAL_SECONDS}s]))`;
      const response = await queryRange(expr, INTERVAL_SECONDS);
      const lanes = readTimelineLanes(timeSeriesFrames(response.data.result, expr, INTERVAL_SECONDS), range());
      expect(lanes.map((lane) => lane.name).sort()).toEqual(
        ['chat-llm', 'claude-3-5-haiku', 'gpt-4o-mini'].map((model) => `p95 time to first token · ${model} · chat`)
      );
      const chat = lanes.find((lane) => lane.name.includes('chat-llm'))!;
      const finite = Array.from(chat.values).filter(Number.isFinite);
      // Before the viral traffic: well under a second; queued behind saturated GPUs: many seconds.
      expect(finite[0]).toBeLessThan(1);
      expect(Math.max(...finite)).toBeGreaterThan(5);
    });
  });

  test('latency buckets carry trace_id exemplars', async () => {
    const params = new URLSearchParams({
      query: 'http_request_duration_seconds_bucket{service="nlp-serving"}',
      start: String(anchor / 1000),
      end: String(anchor / 1000 + REPLAY_SECONDS),
    });
    const { body } = await httpGet(`${promUrl}/api/v1/query_exemplars?${params}`);
    const response = JSON.parse(body);
    expect(response.status).toBe('success');
    const exemplars = response.data.flatMap((series: Json) => series.exemplars);
    expect(exemplars.length).toBeGreaterThan(0);
    expect(exemplars[0].labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  test('every PromQL expression of the provisioned dashboards runs and returns data', async () => {
    const dashboardsDir = join(ROOT, 'provisioning', 'dashboards');
    const checked: string[] = [];
    const failures: string[] = [];
    for (const file of readdirSync(dashboardsDir).filter((name) => name.endsWith('.json'))) {
      const dashboard: Json = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8'));
      // A variable set to All takes its allValue, as Grafana interpolates it.
      const variables = Object.fromEntries(
        (dashboard.templating?.list ?? []).map((variable: Json) => [
          variable.name,
          variable.current?.value === '$__all' ? (variable.allValue ?? '.*') : variable.current?.value,
        ])
      );
      const panels: Json[] = (dashboard.panels ?? []).flatMap((panel: Json) => [panel, ...(panel.panels ?? [])]);
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          const type = target.datasource?.type ?? panel.datasource?.type;
          if (type !== 'prometheus' || !target.expr) {
            continue;
          }
          const expr = String(target.expr)
            .replace(/\$__rate_interval|\$__interval/g, `${INTERVAL_SECONDS}s`)
            .replace(/\$(\w+)/g, (whole, name) => variables[name] ?? whole);
          const response = await queryRange(expr, INTERVAL_SECONDS);
          checked.push(expr);
          if (response.status !== 'success') {
            failures.push(`${file} panel ${panel.id} ${target.refId}: ${response.error}`);
          } else if (response.data.result.length === 0) {
            failures.push(`${file} panel ${panel.id} ${target.refId}: no data for ${expr}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(30);
  });
});
