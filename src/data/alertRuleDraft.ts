/**
 * The drift panel's Prometheus histogram query -> drift rule specs for the rule generator, and their backtest
 * over the panel's own data.
 *
 * - **Which histogram.** The metric and its label matchers come from the query text when the frames carry it
 *   (`meta.executedQueryString`, or the panel's targets), else from the series' labels: `__name__` without
 *   `_bucket`, and the labels every series shares (scrape-target labels such as `instance` aside, since the
 *   rules sum over them).
 * - **Specs.** One per bucket layout: features whose histograms have other bounds get their own spec, with a
 *   matcher on the feature label. The panel's baseline becomes the rule's: "first % of the range" and a
 *   fixed range are pinned to their current dates, a time shift stays a shift, the previous period is the
 *   window before.
 * - **Backtest.** The rule's semantics on the panel's data: at every evaluation (each minute, or coarser
 *   over long ranges) the score of the window ending there against the baseline (the engine's
 *   bucketScoresAt), then `for` applied as Prometheus and Grafana apply it (the generator's alertEpisodes).
 */
import { DataFrame, FieldType } from '@grafana/data';
import {
  BaselineMode,
  BucketDriftMethod,
  BucketFeatureSeries,
  bucketScoresAt,
  DEFAULT_BUCKET_THRESHOLDS,
  DriftInputError,
  parseLe,
  resolveBaseline,
  RuleScoreOptions,
  TimeRange,
} from '../analysis';
import {
  AlertEpisode,
  alertEpisodes,
  DriftRuleSpec,
  LabelMatcher,
  RuleBaseline,
  validateDriftRuleSpec,
} from '../rules';
import { assertTimeRange } from './arguments';
import { runSteps, Steps } from './steps';

export interface HistogramSelector {
  /** The histogram's base name: its series are `<metric>_bucket`. */
  metric: string;
  matchers: LabelMatcher[];
  /** Where the selector was read: the query text, or the labels of the series. */
  source: 'query' | 'labels';
}

/** Labels of scrape targets: they differ between instances of one service, and the rules sum over them. */
const TARGET_LABELS = new Set(['instance', 'pod', 'container', 'pod_name', 'container_name']);
const BUCKET_SELECTOR = /([A-Za-z_:][A-Za-z0-9_:]*)_bucket\b\s*(\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\})?/;
const MATCHER = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function unescapePromql(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

/** The `x_bucket{…}` selector of a PromQL query, or undefined when it has none (or one this cannot read). */
export function parseHistogramSelector(query: string): HistogramSelector | undefined {
  const match = BUCKET_SELECTOR.exec(query);
  if (!match) {
    return undefined;
  }
  const matchers: LabelMatcher[] = [];
  const inside = match[3] ?? '';
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < inside.length && inside.slice(MATCHER.lastIndex).trim() !== '') {
    const part = MATCHER.exec(inside);
    if (!part) {
      return undefined;
    }
    const [, name, op, value] = part;
    if (name !== 'le' && name !== '__name__') {
      matchers.push({ name, op: op as LabelMatcher['op'], value: unescapePromql(value) });
    }
  }
  return { metric: match[1], matchers, source: 'query' };
}

/** The query text Grafana's Prometheus data source records: "Expr: <query>\nStep: 1h". */
function executedQuery(frame: DataFrame): string | undefined {
  const text = frame.meta?.executedQueryString;
  if (!text) {
    return undefined;
  }
  const expr = /^Expr:\s*([\s\S]*?)(?:\nStep:|$)/.exec(text);
  return (expr ? expr[1] : text).trim();
}

/**
 * Which histogram the panel's frames come from. `queries` are the panel's query texts with the dashboard's
 * variables replaced, used when the frames do not say what ran. Undefined when neither tells.
 */
export function histogramSelectorOf(
  series: DataFrame[],
  options: { featureLabel: string; queries?: string[] }
): HistogramSelector | undefined {
  for (const query of [...series.map(executedQuery), ...(options.queries ?? [])]) {
    const parsed = query ? parseHistogramSelector(query) : undefined;
    if (parsed) {
      return parsed;
    }
  }
  let metric: string | undefined;
  let shared: Map<string, string> | undefined;
  for (const frame of series) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number || field.labels?.le === undefined) {
        continue;
      }
      const labels = field.labels;
      metric ??= labels.__name__?.replace(/_bucket$/, '');
      if (!shared) {
        shared = new Map(Object.entries(labels));
      } else {
        for (const [name, value] of shared) {
          if (labels[name] !== value) {
            shared.delete(name);
          }
        }
      }
    }
  }
  if (!metric || !shared) {
    return undefined;
  }
  const matchers = [...shared]
    .filter(([name]) => !['__name__', 'le', options.featureLabel].includes(name) && !TARGET_LABELS.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, op: '=' as const, value }));
  return { metric, matchers, source: 'labels' };
}

/**
 * The rule's baseline for the panel's: what the panel compares against today, as a rule can keep it.
 * @throws DriftInputError for a time shift that is no positive duration, or a range the engine refuses.
 */
export function ruleBaselineOf(panelBaseline: BaselineMode, range: TimeRange): RuleBaseline {
  switch (panelBaseline.mode) {
    case 'timeShift':
      if (!(panelBaseline.shiftMs > 0 && Number.isFinite(panelBaseline.shiftMs))) {
        throw new DriftInputError(
          'INVALID_ARGUMENT',
          `a time shift of ${panelBaseline.shiftMs} ms is invalid: shift the baseline back by a positive duration, e.g. 7d`
        );
      }
      return { mode: 'timeShift', shiftMs: panelBaseline.shiftMs };
    case 'previousPeriod':
      return { mode: 'previousPeriod' };
    default: {
      const { baselineRange } = resolveBaseline(range, panelBaseline);
      return { mode: 'fixed', range: { from: Math.round(baselineRange.from), to: Math.round(baselineRange.to) } };
    }
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (char) => `\\${char}`);
}

export interface RuleDraftOptions {
  selector: HistogramSelector;
  featureLabel: string;
  /** The panel's histogram features. */
  features: readonly BucketFeatureSeries[];
  /** Whether the panel picked some features (then the rules watch only those). */
  featuresChosen: boolean;
  method: BucketDriftMethod;
  /** 0 or less: the method's default. */
  threshold: number;
  baseline: RuleBaseline;
  windowMs: number;
  forMs: number;
  severity: string;
  dashboard?: { url?: string; uid?: string; panelId?: number };
}

/**
 * One spec per bucket layout of the panel's features (one in all, for a histogram with fixed buckets).
 * @throws DriftRuleSpecError when the options make a spec the generator cannot write rules for.
 */
export function ruleSpecsOf(options: RuleDraftOptions): DriftRuleSpec[] {
  const layouts = new Map<string, { bounds: number[]; features: string[] }>();
  for (const feature of options.features) {
    const bounds = feature.buckets.map((bucket) => parseLe(bucket.le)).sort((a, b) => a - b);
    const key = bounds.join(',');
    const layout = layouts.get(key) ?? { bounds, features: [] };
    layout.features.push(feature.feature);
    layouts.set(key, layout);
  }
  const threshold = options.threshold > 0 ? options.threshold : DEFAULT_BUCKET_THRESHOLDS[options.method];
  const dashboard = options.dashboard ?? {};
  const linkToPanel = dashboard.uid !== undefined && /^[a-zA-Z0-9_-]{1,40}$/.test(dashboard.uid);
  const specs = [...layouts.values()].map(({ bounds, features }): DriftRuleSpec => {
    const narrowed = options.featuresChosen || layouts.size > 1;
    const featureMatcher: LabelMatcher[] = !narrowed
      ? []
      : features.length === 1
        ? [{ name: options.featureLabel, op: '=', value: features[0] }]
        : [{ name: options.featureLabel, op: '=~', value: features.map(escapeRegex).join('|') }];
    return {
      metric: options.selector.metric,
      matchers: [...options.selector.matchers, ...featureMatcher],
      featureLabels: [options.featureLabel],
      bounds,
      baseline: options.baseline,
      windowMs: options.windowMs,
      method: options.method,
      threshold,
      forMs: options.forMs,
      severity: options.severity,
      ...(dashboard.url ? { dashboardUrl: dashboard.url } : {}),
      ...(linkToPanel && dashboard.panelId ? { dashboardUid: dashboard.uid, panelId: dashboard.panelId } : {}),
    };
  });
  // What the generator would refuse is refused here, with its message: the dialog shows it in place of rules.
  specs.forEach(validateDriftRuleSpec);
  return specs;
}

export interface FeatureBacktest {
  feature: string;
  /** When the alert for this feature was pending and firing. */
  episodes: AlertEpisode[];
  firstFiring?: number;
  /** Why the feature could not be backtested (e.g. its baseline has no data). */
  problem?: string;
}

export interface Backtest {
  /** Evaluations from `from` to `to`, every `intervalMs`. */
  evaluations: { from: number; to: number; intervalMs: number; count: number };
  features: FeatureBacktest[];
  /** The earliest firing of any feature. */
  firstFiring?: { feature: string; time: number };
}

/** A rule evaluates every minute; over long ranges the backtest evaluates less often to stay this size. */
const RULE_EVALUATION_MS = 60_000;
const MAX_EVALUATIONS = 20_000;

export interface BacktestOptions {
  features: readonly BucketFeatureSeries[];
  range: TimeRange;
  method: BucketDriftMethod;
  /** 0 or less: the method's default. */
  threshold: number;
  baseline: RuleBaseline;
  windowMs: number;
  forMs: number;
}

/**
 * Evaluation times over the range: the first whole window on, aligned to the interval.
 * @throws DriftInputError for a range that is no time range, or a window that is no duration.
 */
export function evaluationTimes(range: TimeRange, windowMs: number): Backtest['evaluations'] & { times: Float64Array } {
  assertTimeRange(range, 'backtest range', true);
  if (!(windowMs > 0 && Number.isFinite(windowMs))) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the rule's window of ${windowMs} ms is invalid: use a positive duration, e.g. 1h`
    );
  }
  const span = range.to - range.from - windowMs;
  const minutes = Math.max(1, Math.ceil(span / MAX_EVALUATIONS / RULE_EVALUATION_MS));
  const intervalMs = minutes * RULE_EVALUATION_MS;
  const first = Math.ceil((range.from + windowMs) / intervalMs) * intervalMs;
  const count = first > range.to ? 0 : Math.floor((range.to - first) / intervalMs) + 1;
  const times = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    times[k] = first + k * intervalMs;
  }
  return { from: first, to: count ? times[count - 1] : first, intervalMs, count, times };
}

function scoreBaseline(baseline: RuleBaseline, windowMs: number): RuleScoreOptions['baseline'] {
  switch (baseline.mode) {
    case 'fixed':
      return { range: baseline.range };
    case 'timeShift':
      return { shiftMs: baseline.shiftMs, durationMs: baseline.durationMs ?? windowMs };
    case 'previousPeriod':
      return { shiftMs: windowMs, durationMs: windowMs };
  }
}

/** One feature's alert over the evaluations: its scores at each, then `for` applied. */
function backtestFeature(
  feature: BucketFeatureSeries,
  times: Float64Array,
  options: BacktestOptions,
  intervalMs: number
): FeatureBacktest {
  const threshold = options.threshold > 0 ? options.threshold : DEFAULT_BUCKET_THRESHOLDS[options.method];
  try {
    const scores = bucketScoresAt(feature, {
      baseline: scoreBaseline(options.baseline, options.windowMs),
      evaluationTimes: times,
      windowMs: options.windowMs,
      method: options.method,
    });
    const episodes = alertEpisodes(times, scores, { threshold, forMs: options.forMs, intervalMs });
    const firing = episodes.find((episode) => episode.firingAt !== undefined)?.firingAt;
    return { feature: feature.feature, episodes, ...(firing !== undefined ? { firstFiring: firing } : {}) };
  } catch (error) {
    if (error instanceof DriftInputError) {
      return { feature: feature.feature, episodes: [], problem: error.message };
    }
    throw error;
  }
}

/** When the rules would have fired over the range, feature by feature, on the panel's data. */
export function backtestRules(options: BacktestOptions): Backtest {
  return runSteps(backtestRulesSteps(options));
}

/** {@link backtestRules} in steps of one feature each, for callers that keep the page responsive meanwhile. */
export function* backtestRulesSteps(options: BacktestOptions): Steps<Backtest> {
  const { times, ...evaluations } = evaluationTimes(options.range, options.windowMs);
  const features: FeatureBacktest[] = [];
  for (const feature of options.features) {
    yield;
    features.push(backtestFeature(feature, times, options, evaluations.intervalMs));
  }
  let firstFiring: Backtest['firstFiring'];
  for (const feature of features) {
    if (feature.firstFiring !== undefined && (!firstFiring || feature.firstFiring < firstFiring.time)) {
      firstFiring = { feature: feature.feature, time: feature.firstFiring };
    }
  }
  return { evaluations, features, ...(firstFiring ? { firstFiring } : {}) };
}
