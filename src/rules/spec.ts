import { BUCKET_DRIFT_METHODS, BucketDriftMethod, DEFAULT_BUCKET_THRESHOLDS } from '../analysis';
import { resolveBounds, RuleBound } from './bounds';
import { formatPrometheusDuration } from './durations';
import { DriftRuleSpecError } from './errors';

/** A label matcher of the histogram's selector, as in PromQL: `model="reco-model"`, `env=~"prod|canary"`. */
export interface LabelMatcher {
  name: string;
  /** Defaults to `=`. */
  op?: '=' | '!=' | '=~' | '!~';
  value: string;
}

/**
 * The baseline the current window is compared with; the modes and names follow the drift panel's.
 * - `fixed`: a range pinned with the `@` modifier, e.g. the week the model was trained on.
 * - `timeShift`: the window `shiftMs` earlier (`offset`), `durationMs` long (the current window's length by default).
 * - `previousPeriod`: the window just before the current one.
 */
export type RuleBaseline =
  | { mode: 'fixed'; range: { from: number; to: number } }
  | { mode: 'timeShift'; shiftMs: number; durationMs?: number }
  | { mode: 'previousPeriod' };

/** Everything the generator needs to write drift rules for one classic histogram. */
export interface DriftRuleSpec {
  /** The histogram's base name: its series are `<metric>_bucket{le=...}`. */
  metric: string;
  /** Which series of the histogram to read. Labels matched with `=` stay on the recorded scores. */
  matchers?: readonly LabelMatcher[];
  /** The label(s) that name a feature, e.g. `['feature']`: one score per distinct value. */
  featureLabels: readonly string[];
  /** More labels to keep on the scores, e.g. `['model']`; every other label (instance, pod) is summed away. */
  groupBy?: readonly string[];
  /**
   * The bucket upper bounds, ascending; `+Inf` is added when missing. Pass the `le` label values as
   * Prometheus returns them (strings) where you have them; numbers are written as Go writes them.
   * Other spellings of the same bound (`1` and `1.0`, as Prometheus 3 normalises them) match too.
   */
  bounds: ReadonlyArray<number | string>;
  baseline: RuleBaseline;
  /** Length of the current window, ms. */
  windowMs: number;
  method: BucketDriftMethod;
  /** Drifted when score >= threshold; the engine's default for the method when left out. */
  threshold?: number;
  /** How long the score must stay at or above the threshold before the alert fires, ms (default 10 minutes). */
  forMs?: number;
  /** The alert's `severity` label (default `warning`). */
  severity?: string;
  /** Put into the alert's annotations as `dashboard_url`; http(s) only. */
  dashboardUrl?: string;
  /** With panelId: the `__dashboardUid__`/`__panelId__` annotations Grafana links alerts to a panel with. */
  dashboardUid?: string;
  panelId?: number;
  /** The rule group's evaluation interval, ms (Prometheus' global `evaluation_interval` when left out). */
  evaluationIntervalMs?: number;
}

/** Default `for` of the alert: ten minutes of scores at or above the threshold. */
export const DEFAULT_FOR_MS = 10 * 60_000;
export const DEFAULT_SEVERITY = 'warning';

/** A spec checked and completed: what the PromQL and the rules are built from. */
export interface ResolvedSpec {
  source: DriftRuleSpec;
  metric: string;
  /** The rendered selector's matchers, without braces: `model="reco-model"`. */
  matcherText: string;
  /** Labels the scores keep: groupBy, then labels matched with `=`, then the feature labels. */
  keep: string[];
  /** The selection in words (`model_feature_value{model="a"} by (model, feature)`): its helper records carry it. */
  selection: string;
  featureLabels: string[];
  /** Label values fixed by `=` matchers, which identify the scores besides `keep`. */
  equalities: Record<string, string>;
  bounds: RuleBound[];
  windowMs: number;
  baseline: RuleBaseline;
  method: BucketDriftMethod;
  threshold: number;
  forMs: number;
  severity: string;
  evaluationIntervalMs?: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels the rules write themselves. */
const RESERVED_LABELS = new Set(['le', 'histogram', 'driftline_selection', '__name__']);

/** A PromQL double-quoted string literal. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** RE2 constructs JavaScript accepts and Prometheus refuses: lookarounds, backreferences, named groups without P. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k<|\(\?<(?![=!])/;

/**
 * Whether Prometheus can compile a matcher's regular expression: it must parse as a JavaScript regular
 * expression once RE2's flag groups (`(?i)`, `(?s:…)`) are read as plain groups, and use nothing RE2 lacks.
 */
function isRe2Regex(value: string): boolean {
  if (NOT_RE2.test(value)) {
    return false;
  }
  try {
    new RegExp(value.replace(/\(\?[imsU-]+\)/g, '').replace(/\(\?[imsU-]+:/g, '(?:'));
    return true;
  } catch {
    return false;
  }
}

function checkLabelNames(names: readonly string[], role: string): string[] {
  for (const name of names) {
    if (!LABEL_NAME.test(name)) {
      throw new DriftRuleSpecError(
        'INVALID_LABEL',
        `${role} "${name}" is not a label name: use letters, digits and underscores, e.g. feature`
      );
    }
    if (RESERVED_LABELS.has(name)) {
      throw new DriftRuleSpecError(
        'INVALID_LABEL',
        `${role} "${name}" is written by the rules themselves: choose the label that names the feature, e.g. feature`
      );
    }
  }
  if (new Set(names).size !== names.length) {
    throw new DriftRuleSpecError('INVALID_LABEL', `${role} lists a label twice: ${names.join(', ')}`);
  }
  return [...names];
}

function checkDuration(ms: number | undefined, role: string, allowZero = false): void {
  if (ms === undefined) {
    return;
  }
  if (!Number.isSafeInteger(ms) || ms < 0 || (!allowZero && ms === 0)) {
    throw new DriftRuleSpecError(
      'INVALID_DURATION',
      `${role} of ${ms} ms is invalid: use a ${allowZero ? 'non-negative' : 'positive'} whole number of milliseconds`
    );
  }
}

function checkBaseline(baseline: RuleBaseline): void {
  switch (baseline?.mode) {
    case 'fixed': {
      const { from, to } = baseline.range ?? {};
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || !(to > from)) {
        throw new DriftRuleSpecError(
          'INVALID_BASELINE',
          'the fixed baseline needs a start before its end, as whole milliseconds since the epoch'
        );
      }
      return;
    }
    case 'timeShift':
      checkDuration(baseline.shiftMs, 'the baseline time shift');
      checkDuration(baseline.durationMs, 'the baseline length');
      if (baseline.shiftMs === undefined) {
        throw new DriftRuleSpecError('INVALID_BASELINE', 'the time-shift baseline needs a shift, e.g. 7d');
      }
      return;
    case 'previousPeriod':
      return;
    default:
      throw new DriftRuleSpecError(
        'INVALID_BASELINE',
        'the baseline mode must be fixed (a pinned range), timeShift (an offset) or previousPeriod'
      );
  }
}

function checkLink(spec: DriftRuleSpec): void {
  if (spec.dashboardUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(spec.dashboardUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /[{}\s]/.test(spec.dashboardUrl)) {
      throw new DriftRuleSpecError(
        'INVALID_LINK',
        `the dashboard link "${spec.dashboardUrl}" is not an http(s) URL without spaces or braces`
      );
    }
  }
  if (spec.dashboardUid !== undefined && !/^[a-zA-Z0-9_-]{1,40}$/.test(spec.dashboardUid)) {
    throw new DriftRuleSpecError('INVALID_LINK', `"${spec.dashboardUid}" is not a dashboard uid`);
  }
  if ((spec.dashboardUid === undefined) !== (spec.panelId === undefined)) {
    throw new DriftRuleSpecError('INVALID_LINK', 'give the dashboard uid and the panel id together, or neither');
  }
  if (spec.panelId !== undefined && !(Number.isSafeInteger(spec.panelId) && spec.panelId > 0)) {
    throw new DriftRuleSpecError('INVALID_LINK', `panel id ${spec.panelId} is not a positive whole number`);
  }
}

/**
 * Checks a spec and fills in its defaults.
 * @throws DriftRuleSpecError with a message that says what to change.
 */
export function resolveSpec(spec: DriftRuleSpec): ResolvedSpec {
  if (typeof spec?.metric !== 'string' || !METRIC_NAME.test(spec.metric)) {
    throw new DriftRuleSpecError(
      'INVALID_METRIC',
      `"${String(spec?.metric)}" is not a metric name: give the histogram's base name, e.g. model_feature_value`
    );
  }
  const featureLabels = checkLabelNames(spec.featureLabels ?? [], 'the feature label');
  if (featureLabels.length === 0) {
    throw new DriftRuleSpecError('INVALID_LABEL', 'name the label that identifies a feature, e.g. feature');
  }
  const groupBy = checkLabelNames(spec.groupBy ?? [], 'the grouping label');
  const equalities: Record<string, string> = {};
  const matcherParts: string[] = [];
  for (const matcher of spec.matchers ?? []) {
    const op = matcher.op ?? '=';
    if (!LABEL_NAME.test(matcher.name) || matcher.name === 'le' || matcher.name === '__name__') {
      throw new DriftRuleSpecError(
        'INVALID_MATCHER',
        `cannot match on "${matcher.name}": use a label of the histogram other than le, e.g. model`
      );
    }
    if (!['=', '!=', '=~', '!~'].includes(op) || typeof matcher.value !== 'string') {
      throw new DriftRuleSpecError(
        'INVALID_MATCHER',
        `the matcher on ${matcher.name} needs =, !=, =~ or !~ and a value`
      );
    }
    if ((op === '=~' || op === '!~') && !isRe2Regex(matcher.value)) {
      throw new DriftRuleSpecError(
        'INVALID_MATCHER',
        `the matcher ${matcher.name}${op}"${matcher.value}" is not a regular expression Prometheus reads (RE2): check its brackets and repetitions, and leave out lookarounds and backreferences`
      );
    }
    if (op === '=' && matcher.value !== '') {
      if (matcher.name in equalities && equalities[matcher.name] !== matcher.value) {
        throw new DriftRuleSpecError('INVALID_MATCHER', `${matcher.name} is matched to two different values`);
      }
      equalities[matcher.name] = matcher.value;
    }
    matcherParts.push(`${matcher.name}${op}${promqlString(matcher.value)}`);
  }
  const keep = [...new Set([...groupBy, ...Object.keys(equalities), ...featureLabels])];
  checkDuration(spec.windowMs, 'the current window');
  if (spec.windowMs === undefined) {
    throw new DriftRuleSpecError('INVALID_DURATION', 'give the current window, e.g. 6h');
  }
  checkBaseline(spec.baseline);
  if (!BUCKET_DRIFT_METHODS.includes(spec.method)) {
    throw new DriftRuleSpecError(
      'INVALID_METHOD',
      `unknown method "${String(spec.method)}": use ${BUCKET_DRIFT_METHODS.join(', ')}`
    );
  }
  const threshold = spec.threshold ?? DEFAULT_BUCKET_THRESHOLDS[spec.method];
  if (!(Number.isFinite(threshold) && threshold > 0)) {
    throw new DriftRuleSpecError(
      'INVALID_THRESHOLD',
      `threshold ${spec.threshold} is invalid: use a positive number, e.g. ${DEFAULT_BUCKET_THRESHOLDS[spec.method]}`
    );
  }
  checkDuration(spec.forMs, 'the alert\'s "for"', true);
  checkDuration(spec.evaluationIntervalMs, 'the evaluation interval');
  const severity = spec.severity ?? DEFAULT_SEVERITY;
  if (typeof severity !== 'string' || severity.trim() === '') {
    throw new DriftRuleSpecError('INVALID_LABEL', 'the severity must be a non-empty label value, e.g. warning');
  }
  checkLink(spec);
  // Formats every duration once, so an inexpressible one fails here rather than half-way through.
  formatPrometheusDuration(spec.windowMs);
  const matcherText = matcherParts.join(', ');
  return {
    source: spec,
    metric: spec.metric,
    matcherText,
    keep,
    selection: `${spec.metric}{${matcherText}} by (${keep.join(', ')})`,
    featureLabels,
    equalities,
    bounds: resolveBounds(spec.bounds ?? []),
    windowMs: spec.windowMs,
    baseline: spec.baseline,
    method: spec.method,
    threshold,
    forMs: spec.forMs ?? DEFAULT_FOR_MS,
    severity,
    evaluationIntervalMs: spec.evaluationIntervalMs,
  };
}

/**
 * Checks a spec without generating anything, e.g. while a user fills in a form.
 * @throws DriftRuleSpecError with a message that says what to change.
 */
export function validateDriftRuleSpec(spec: DriftRuleSpec): void {
  resolveSpec(spec);
}
