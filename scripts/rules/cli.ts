/**
 * `npm run --silent rules -- ...`: drift alert rules for a classic histogram in a live Prometheus, for
 * GitOps. Reads the bucket bounds and the features from Prometheus, prints a Prometheus rule file (or
 * Grafana Alerting file provisioning) on stdout. Bad input exits 2 with one line on stderr.
 */
import { parseArgs } from 'node:util';

import { BUCKET_DRIFT_METHODS, BucketDriftMethod, parseLe } from '../../src/analysis';
import {
  DriftRuleSpec,
  DriftRuleSpecError,
  driftRuleGroups,
  grafanaAlertRules,
  LabelMatcher,
  parsePrometheusDuration,
  renderGrafanaAlertRuleFile,
  renderPrometheusRuleFile,
  RuleBaseline,
} from '../../src/rules';

export const USAGE = `Drift alert rules for a classic Prometheus histogram, printed on stdout.

npm run --silent rules -- --prometheus <url> --metric <histogram base name> --by <feature label>
  --baseline-start <RFC 3339> --baseline-end <RFC 3339> --window <duration>
  [--method psi|jensenshannon|ks|hellinger] [--threshold <n>] [--for <duration>] [--format prometheus|grafana]

Baseline, instead of a fixed range: --baseline-offset <duration> [--baseline-length <duration>], or --previous-period.
More: --match <label>=<value> (also !=, =~, !~; repeatable), --group-by <label>[,<label>], --severity <label value>,
      --dashboard-url <url>, --interval <duration> (evaluation); for grafana: --datasource-uid <uid>, --folder <title>,
      --grafana-source query|recorded (compute the score in each evaluation, or read what the Prometheus rules record).
Durations as in Prometheus: 30s, 15m, 6h, 7d, 1h30m. Exit status 2 means bad input; stderr says what to change.`;

/** Bad input: printed as one line, exit status 2. */
export class UsageError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => number;
}

interface Options {
  prometheus: string;
  metric: string;
  by: string[];
  groupBy: string[];
  matchers: LabelMatcher[];
  baseline: RuleBaseline;
  windowMs: number;
  method: BucketDriftMethod;
  threshold?: number;
  forMs?: number;
  format: 'prometheus' | 'grafana';
  severity?: string;
  dashboardUrl?: string;
  evaluationIntervalMs?: number;
  datasourceUid: string;
  folder: string;
  grafanaSource: 'query' | 'recorded';
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function duration(flag: string, text: string): number {
  try {
    return parsePrometheusDuration(text);
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}

function time(flag: string, text: string): number {
  const ms = Date.parse(text);
  if (!RFC3339.test(text) || Number.isNaN(ms)) {
    throw new UsageError(`--${flag} "${text}" is not an RFC 3339 time: use e.g. 2025-10-01T00:00:00Z`);
  }
  return ms;
}

function labelList(flag: string, text: string | undefined): string[] {
  const labels = (text ?? '')
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
  for (const label of labels) {
    if (!LABEL_NAME.test(label)) {
      throw new UsageError(`--${flag} "${label}" is not a label name: use e.g. feature`);
    }
  }
  return labels;
}

function matcher(text: string): LabelMatcher {
  const match = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(text);
  if (!match) {
    throw new UsageError(`--match "${text}" is not a label matcher: use e.g. model=reco-model or env=~"prod|canary"`);
  }
  return { name: match[1], op: match[2] as LabelMatcher['op'], value: match[3] };
}

export function parseOptions(argv: string[], now: number): Options {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        prometheus: { type: 'string' },
        metric: { type: 'string' },
        by: { type: 'string' },
        'group-by': { type: 'string' },
        match: { type: 'string', multiple: true },
        'baseline-start': { type: 'string' },
        'baseline-end': { type: 'string' },
        'baseline-offset': { type: 'string' },
        'baseline-length': { type: 'string' },
        'previous-period': { type: 'boolean' },
        window: { type: 'string' },
        method: { type: 'string' },
        threshold: { type: 'string' },
        for: { type: 'string' },
        format: { type: 'string' },
        severity: { type: 'string' },
        'dashboard-url': { type: 'string' },
        interval: { type: 'string' },
        'datasource-uid': { type: 'string' },
        'grafana-source': { type: 'string' },
        folder: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help) {
    throw new UsageError(USAGE);
  }
  const text = (flag: string) => values[flag] as string | undefined;
  for (const flag of ['prometheus', 'metric', 'by', 'window']) {
    if (!text(flag)) {
      throw new UsageError(`--${flag} is required (see --help)`);
    }
  }
  const windowMs = duration('window', text('window')!);
  let baseline: RuleBaseline;
  const fixed = text('baseline-start') !== undefined || text('baseline-end') !== undefined;
  const shifted = text('baseline-offset') !== undefined;
  if ([fixed, shifted, Boolean(values['previous-period'])].filter(Boolean).length !== 1) {
    throw new UsageError(
      'give one baseline: --baseline-start and --baseline-end, or --baseline-offset, or --previous-period'
    );
  }
  if (fixed) {
    if (!text('baseline-start') || !text('baseline-end')) {
      throw new UsageError('a fixed baseline needs both --baseline-start and --baseline-end');
    }
    const from = time('baseline-start', text('baseline-start')!);
    const to = time('baseline-end', text('baseline-end')!);
    if (!(to > from)) {
      throw new UsageError('--baseline-end must be after --baseline-start');
    }
    if (to > now) {
      throw new UsageError(`--baseline-end ${text('baseline-end')} is in the future: a baseline must be over`);
    }
    baseline = { mode: 'fixed', range: { from, to } };
  } else if (shifted) {
    baseline = {
      mode: 'timeShift',
      shiftMs: duration('baseline-offset', text('baseline-offset')!),
      durationMs: text('baseline-length') ? duration('baseline-length', text('baseline-length')!) : undefined,
    };
  } else {
    baseline = { mode: 'previousPeriod' };
  }
  const method = (text('method') ?? 'psi') as BucketDriftMethod;
  if (!BUCKET_DRIFT_METHODS.includes(method)) {
    throw new UsageError(`--method "${method}" is unknown: use ${BUCKET_DRIFT_METHODS.join(', ')}`);
  }
  let threshold: number | undefined;
  if (text('threshold') !== undefined) {
    threshold = Number(text('threshold'));
    if (!(Number.isFinite(threshold) && threshold > 0)) {
      throw new UsageError(`--threshold "${text('threshold')}" is not a positive number: use e.g. 0.1`);
    }
  }
  const format = (text('format') ?? 'prometheus') as Options['format'];
  if (format !== 'prometheus' && format !== 'grafana') {
    throw new UsageError(`--format "${format}" is unknown: use prometheus or grafana`);
  }
  let prometheus: URL;
  try {
    prometheus = new URL(text('prometheus')!);
  } catch {
    prometheus = new URL('invalid:');
  }
  if (prometheus.protocol !== 'http:' && prometheus.protocol !== 'https:') {
    throw new UsageError(`--prometheus "${text('prometheus')}" is not an http(s) URL: use e.g. http://localhost:9090`);
  }
  const grafanaSource = (text('grafana-source') ?? 'query') as Options['grafanaSource'];
  if (grafanaSource !== 'query' && grafanaSource !== 'recorded') {
    throw new UsageError(`--grafana-source "${grafanaSource}" is unknown: use query or recorded`);
  }
  const by = labelList('by', text('by'));
  if (by.length === 0) {
    throw new UsageError('--by needs the label that names a feature, e.g. feature');
  }
  return {
    prometheus: prometheus.toString().replace(/\/+$/, ''),
    metric: text('metric')!.trim(),
    by,
    groupBy: labelList('group-by', text('group-by')),
    matchers: ((values.match as string[] | undefined) ?? []).map(matcher),
    baseline,
    windowMs,
    method,
    threshold,
    forMs: text('for') !== undefined ? duration('for', text('for')!) : undefined,
    format,
    severity: text('severity'),
    dashboardUrl: text('dashboard-url'),
    evaluationIntervalMs: text('interval') !== undefined ? duration('interval', text('interval')!) : undefined,
    datasourceUid: text('datasource-uid') ?? 'prometheus',
    folder: text('folder') ?? 'Driftline',
    grafanaSource,
  };
}

/** A URL for messages: without user and password. */
function shown(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/+$/, '');
}

async function api(options: Options, path: string, params: Record<string, string>): Promise<any> {
  let response: Response;
  try {
    // Queries go as POST (long selectors); label values and metadata only answer GET.
    const post = path === 'query';
    const query = new URLSearchParams(params);
    response = await fetch(`${options.prometheus}/api/v1/${path}${post ? '' : `?${query}`}`, {
      method: post ? 'POST' : 'GET',
      body: post ? query : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new UsageError(`cannot reach Prometheus at ${shown(options.prometheus)} (${reason}): check --prometheus`);
  }
  const body = await response.text();
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (!json || typeof json.status !== 'string') {
    throw new UsageError(
      `${shown(options.prometheus)} did not answer like Prometheus (HTTP ${response.status} for /api/v1/${path}): ` +
        'point --prometheus at the server, e.g. http://localhost:9090'
    );
  }
  if (json.status !== 'success') {
    throw new UsageError(`Prometheus refused the query (${json.error ?? response.status}): check --match and --metric`);
  }
  return json.data;
}

function selector(options: Options, name: string): string {
  const matchers = options.matchers.map(
    (m) => `${m.name}${m.op ?? '='}"${m.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  );
  return `${name}{${matchers.join(', ')}}`;
}

/** The labels the scores keep, as the generator keeps them. */
function keptLabels(options: Options): string[] {
  const equalities = options.matchers.filter((m) => (m.op ?? '=') === '=' && m.value !== '').map((m) => m.name);
  return [...new Set([...options.groupBy, ...equalities, ...options.by])];
}

interface WindowLayouts {
  /** Per feature (the values of the --by labels, joined), its bucket bounds by value and their le labels. */
  byFeature: Map<string, { labels: Record<string, string>; bounds: Map<number, string> }>;
}

async function layoutsAt(options: Options, base: string, range: string, at: number): Promise<WindowLayouts> {
  const keep = keptLabels(options);
  const query = `group by (${[...keep, 'le'].join(', ')}) (count_over_time(${selector(options, `${base}_bucket`)}[${range}]))`;
  const result: Array<{ metric: Record<string, string> }> = (
    await api(options, 'query', { query, time: String(at / 1000) })
  ).result;
  const byFeature: WindowLayouts['byFeature'] = new Map();
  for (const { metric } of result) {
    if (metric.le === undefined) {
      throw new UsageError(`${base}_bucket has series without an le label: ${base} is not a classic histogram`);
    }
    let le: number;
    try {
      le = parseLe(metric.le);
    } catch {
      throw new UsageError(
        `${base}_bucket has le="${metric.le}", which is not a bucket bound: ${base} is not a classic histogram`
      );
    }
    const labels = Object.fromEntries(keep.map((name) => [name, metric[name] ?? '']));
    const key = JSON.stringify(options.by.map((name) => metric[name] ?? ''));
    const entry = byFeature.get(key) ?? { labels, bounds: new Map<number, string>() };
    if (!entry.bounds.has(le)) {
      entry.bounds.set(le, metric.le);
    }
    byFeature.set(key, entry);
  }
  return { byFeature };
}

function featureName(options: Options, labels: Record<string, string>): string {
  return `{${options.by.map((name) => `${name}="${labels[name]}"`).join(', ')}}`;
}

function layoutText(bounds: Map<number, string>): string {
  return [...bounds.keys()]
    .sort((a, b) => a - b)
    .map((le) => bounds.get(le))
    .join(',');
}

/** Where each window of the baseline is read: the range and the evaluation time of a discovery query. */
function baselineWindow(options: Options, now: number): { range: number; at: number } {
  const baseline = options.baseline;
  switch (baseline.mode) {
    case 'fixed':
      return { range: baseline.range.to - baseline.range.from, at: baseline.range.to };
    case 'timeShift':
      return { range: baseline.durationMs ?? options.windowMs, at: now - baseline.shiftMs };
    case 'previousPeriod':
      return { range: options.windowMs, at: now - options.windowMs };
  }
}

async function checkMetric(options: Options): Promise<string> {
  const base = options.metric.replace(/_bucket$/, '');
  const pattern = `${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(_bucket|_count|_sum|_total|_created)?`;
  const names: string[] = await api(options, 'label/__name__/values', { 'match[]': `{__name__=~"${pattern}"}` });
  if (names.includes(`${base}_bucket`)) {
    return base;
  }
  if (names.length > 0) {
    const metadata = await api(options, 'metadata', { metric: base }).catch(() => ({}));
    const type = metadata?.[base]?.[0]?.type;
    throw new UsageError(
      `${base} is ${type ? `a ${type}, ` : ''}not a classic histogram: Prometheus has ${names.join(', ')} ` +
        `but no ${base}_bucket series with le labels, which drift rules compare`
    );
  }
  throw new UsageError(
    `no metric ${base}_bucket in Prometheus at ${shown(options.prometheus)}: ` +
      "give the histogram's base name as /metrics shows it, e.g. model_feature_value"
  );
}

/** The specs for what Prometheus holds: one for all features when they share buckets, else one per feature. */
export async function discoverSpecs(options: Options, now: number): Promise<DriftRuleSpec[]> {
  await api(options, 'query', { query: 'vector(1)' });
  const base = await checkMetric(options);
  const baselineAt = baselineWindow(options, now);
  const [current, baseline] = await Promise.all([
    layoutsAt(options, base, `${options.windowMs}ms`, now),
    layoutsAt(options, base, `${baselineAt.range}ms`, baselineAt.at),
  ]);
  if (current.byFeature.size === 0 && baseline.byFeature.size === 0) {
    throw new UsageError(
      `no ${selector(options, `${base}_bucket`)} samples in the baseline or the last ${options.windowMs / 1000}s: ` +
        'check --match, the baseline and the window'
    );
  }
  const features = new Map<string, { labels: Record<string, string>; bounds: Map<number, string> }>();
  for (const [key, entry] of [...baseline.byFeature, ...current.byFeature]) {
    const before = baseline.byFeature.get(key);
    const now_ = current.byFeature.get(key);
    if (before && now_ && layoutText(before.bounds) !== layoutText(now_.bounds)) {
      throw new UsageError(
        `${base}${featureName(options, entry.labels)} has buckets le=${layoutText(before.bounds)} in the baseline ` +
          `but le=${layoutText(now_.bounds)} in the current window: pick a baseline after the histogram was re-bucketed`
      );
    }
    features.set(key, before ?? entry);
  }
  for (const { labels, bounds } of features.values()) {
    if (!bounds.has(Infinity)) {
      throw new UsageError(
        `${base}${featureName(options, labels)} has no le="+Inf" bucket: ${base} is not a complete classic histogram`
      );
    }
  }
  const sortedBounds = (bounds: Map<number, string>) =>
    [...bounds.keys()].sort((a, b) => a - b).map((le) => bounds.get(le)!);
  const common = (spec: Partial<DriftRuleSpec>): DriftRuleSpec => ({
    metric: base,
    matchers: options.matchers,
    featureLabels: options.by,
    groupBy: options.groupBy,
    bounds: [],
    baseline: options.baseline,
    windowMs: options.windowMs,
    method: options.method,
    threshold: options.threshold,
    forMs: options.forMs,
    severity: options.severity,
    dashboardUrl: options.dashboardUrl,
    evaluationIntervalMs: options.evaluationIntervalMs,
    ...spec,
  });
  const layouts = new Set([...features.values()].map(({ bounds }) => layoutText(bounds)));
  if (layouts.size === 1) {
    return [common({ bounds: sortedBounds([...features.values()][0].bounds) })];
  }
  // Each feature has its own buckets: one spec each, selecting it by its --by labels.
  return [...features.values()]
    .sort((a, b) => featureName(options, a.labels).localeCompare(featureName(options, b.labels)))
    .map(({ labels, bounds }) =>
      common({
        matchers: [
          ...options.matchers.filter((m) => !options.by.includes(m.name)),
          ...options.by.map((name) => ({ name, value: labels[name] })),
        ],
        bounds: sortedBounds(bounds),
      })
    );
}

export function render(options: Options, specs: DriftRuleSpec[], now: number): string {
  const comment = [
    `Drift alert rules for ${options.metric}, ${specs.length === 1 ? 'all features' : `${specs.length} features`}, ` +
      `read from ${shown(options.prometheus)} at ${new Date(now).toISOString()} by npm run rules.`,
  ];
  if (options.format === 'grafana') {
    // File provisioning places rules by folder title; the uid only matters to the HTTP API.
    const rules = grafanaAlertRules(specs, {
      datasourceUid: options.datasourceUid,
      folderUid: 'driftline',
      source: options.grafanaSource,
    });
    return renderGrafanaAlertRuleFile(rules, {
      folder: options.folder,
      intervalMs: options.evaluationIntervalMs,
      comment,
    });
  }
  return renderPrometheusRuleFile(driftRuleGroups(specs), { comment });
}

/** Runs the command; returns the exit status. */
export async function runRulesCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const now = io.now();
    const options = parseOptions(argv, now);
    const specs = await discoverSpecs(options, now);
    io.stdout(render(options, specs, now));
    return 0;
  } catch (error) {
    if (error instanceof UsageError && error.message === USAGE) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (error instanceof UsageError || error instanceof DriftRuleSpecError) {
      io.stderr(`error: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    io.stderr(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
