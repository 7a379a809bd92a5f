/**
 * Drift scores that Prometheus recorded -> the drift panel's features, with no bucket data.
 *
 * Driftline's rules record one series per feature named `driftline:feature_drift:<method>` (psi,
 * jensenshannon, ks, hellinger), carrying the feature label(s); each sample is the drift of the rule's
 * window ending at that time against the rule's baseline. A query over them (`driftline:feature_drift:psi`,
 * or `{__name__=~"driftline:feature_drift:.*", model="reco"}`) is read here:
 * - the recorded metric comes from the series' `__name__` label, or, when a function dropped it, from the
 *   query text (`meta.executedQueryString`) when that names exactly one recorded metric;
 * - the feature is named by the feature label (`feature` by default); labels that differ between series of
 *   the same feature (a `model`, say) are added to the name, so no two rows look alike;
 * - each sample is one window (step before it, up to it): score = the sample, drifted when it reaches the
 *   threshold (the panel's, else the method's default), severity = score / threshold, as for bucket drift;
 * - the feature's score is its latest recorded value in the range (what the alert sees now) and "drifting
 *   since" is the start of the latest drift run, by the engine's own rule ({@link latestDriftRunStart}).
 *
 * At 10,000 features × 500 samples the windows would be 5 million objects that only the rows on screen
 * need: each feature builds its windows the first time they are read.
 */
import { DataFrame, Field, FieldType } from '@grafana/data';
import {
  BUCKET_DRIFT_METHODS,
  BucketDriftMethod,
  DEFAULT_BUCKET_THRESHOLDS,
  DriftMethod,
  DriftWindow,
  FeatureDrift,
  FeatureDriftProblem,
  latestDriftRunStart,
  rankFeatures,
  TimeRange,
} from '../analysis';
import { assertTimeRange } from './arguments';
import { findTimeField, FrameProblemError } from './frames';
import { numericValues, timeReader } from './histogramFrames';
import { runSteps, Steps } from './steps';

export const RECORDED_DRIFT_PREFIX = 'driftline:feature_drift:';
const RECORDED_METRIC = /driftline:feature_drift:([A-Za-z_]+)/g;

export interface RecordedDriftOptions {
  /** The label that names the feature; default 'feature'. */
  featureLabel?: string;
  /** Feature label values to keep; empty keeps all. */
  features?: string[];
  /** A bucket method keeps only that method's series; anything else keeps all of them. */
  method?: 'auto' | DriftMethod;
  /** 0 or less: the method's default threshold. */
  threshold?: number;
}

export interface RecordedDrift {
  range: TimeRange;
  /** Spacing of the recorded samples (the query's step), ms: the width of one window. */
  stepMs: number;
  /** Ranked, most severe first. */
  features: FeatureDrift[];
  /** Series that could not be used, with the reason. */
  problems: FeatureDriftProblem[];
  /** The recorded metrics read, e.g. `driftline:feature_drift:psi`. */
  metrics: string[];
}

interface RecordedSeries {
  method: BucketDriftMethod;
  labels: Record<string, string>;
  times: Float64Array;
  values: ArrayLike<number>;
  /** The field's interval (the query step), when the data source set it. */
  intervalMs?: number;
}

function isBucketMethod(name: string): name is BucketDriftMethod {
  return (BUCKET_DRIFT_METHODS as readonly string[]).includes(name);
}

/** The one recorded metric a query text names, or undefined when it names none or several. */
function metricInQuery(query: string | undefined): BucketDriftMethod | undefined {
  if (!query) {
    return undefined;
  }
  const methods = new Set(Array.from(query.matchAll(RECORDED_METRIC), (match) => match[1]));
  const [only] = methods;
  return methods.size === 1 && isBucketMethod(only) ? only : undefined;
}

/** The method of a recorded drift field, or undefined when the field is not one. */
function recordedMethodOf(field: Field, frame: DataFrame): BucketDriftMethod | undefined {
  const name = field.labels?.__name__;
  if (name !== undefined) {
    const method = name.startsWith(RECORDED_DRIFT_PREFIX) ? name.slice(RECORDED_DRIFT_PREFIX.length) : '';
    return isBucketMethod(method) ? method : undefined;
  }
  if (field.labels?.le !== undefined) {
    return undefined;
  }
  return metricInQuery(frame.meta?.executedQueryString);
}

function numberFields(frame: DataFrame): Field[] {
  return frame.fields.filter((field) => field.type === FieldType.number);
}

/**
 * True when every non-empty frame holds recorded drift series (`driftline:feature_drift:<method>`) and
 * nothing else. Stops at the first frame that is something else, so other data costs one frame's look.
 */
export function* isRecordedDriftSteps(series: DataFrame[]): Steps<boolean> {
  let frames = 0;
  for (const frame of series) {
    if (frame.fields.length === 0 || frame.length === 0) {
      continue;
    }
    yield;
    const numbers = numberFields(frame);
    if (!findTimeField(frame) || numbers.length === 0) {
      return false;
    }
    for (const field of numbers) {
      if (!recordedMethodOf(field, frame)) {
        return false;
      }
    }
    frames++;
  }
  return frames > 0;
}

export function isRecordedDrift(series: DataFrame[]): boolean {
  return runSteps(isRecordedDriftSteps(series));
}

function labelText(labels: Record<string, string>, keys: string[]): string {
  return keys.map((key) => `${key}="${labels[key]}"`).join(', ');
}

/** Keys whose value is not the same in every series (the feature label and `__name__` aside). */
function varyingKeys(all: RecordedSeries[], featureLabel: string): string[] {
  const first = new Map<string, string | undefined>();
  const varying = new Set<string>();
  for (const { labels } of all) {
    for (const key of Object.keys(labels)) {
      if (key !== '__name__' && key !== featureLabel && !first.has(key)) {
        first.set(key, labels[key]);
      }
    }
  }
  for (const { labels } of all) {
    for (const [key, value] of first) {
      if (labels[key] !== value) {
        varying.add(key);
      }
    }
  }
  return [...varying].sort();
}

/** A query step longer than this (a year) is no step a range query uses: the times tell it instead. */
const MAX_STEP_MS = 365 * 86_400_000;

/** A score over its threshold: the severity that ranks it, capped where a huge score would overflow. */
function severityOf(score: number, threshold: number): number {
  return Math.min(score / threshold, Number.MAX_VALUE);
}

/** Smallest positive spacing of the times: the step, where a few samples are missing. */
function stepOf(series: RecordedSeries): number {
  if (series.intervalMs && series.intervalMs > 0 && series.intervalMs <= MAX_STEP_MS) {
    return series.intervalMs;
  }
  let step = Infinity;
  const { times } = series;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap > 0 && gap < step) {
      step = gap;
    }
  }
  return Number.isFinite(step) ? step : 60_000;
}

function usable(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function recordedFeature(
  name: string,
  series: RecordedSeries,
  range: TimeRange,
  stepMs: number,
  thresholdOption: number
): FeatureDrift | FeatureDriftProblem {
  const { method, times, values } = series;
  const threshold = thresholdOption > 0 ? thresholdOption : DEFAULT_BUCKET_THRESHOLDS[method];
  // The samples inside the range: times ascend in a range query, so one forward pass finds them.
  let first = 0;
  while (first < times.length && times[first] < range.from) {
    first++;
  }
  let end = first;
  let latest = -1;
  let dropped = 0;
  while (end < times.length && times[end] <= range.to) {
    if (usable(values[end])) {
      latest = end;
    } else {
      dropped++;
    }
    end++;
  }
  if (latest < 0) {
    return {
      feature: name,
      code: 'EMPTY_INPUT',
      message: `no score was recorded for ${name} in this range: the rule records nothing while a window has no traffic or the baseline has no data`,
    };
  }
  const count = end - first;
  const drifted = (i: number) => usable(values[first + i]) && values[first + i] >= threshold;
  const scored = (i: number) => usable(values[first + i]);
  const start = latestDriftRunStart(count, drifted, scored);
  const score = values[latest];
  const windowOf = (i: number): DriftWindow => {
    const value = values[first + i];
    const to = times[first + i];
    const window = { from: to - stepMs, to, count: 0 };
    return usable(value)
      ? { ...window, score: value, drifted: value >= threshold, severity: severityOf(value, threshold) }
      : { ...window, score: null, drifted: false, severity: null, problem: 'EMPTY_INPUT' };
  };
  const feature: Omit<FeatureDrift, 'windows'> = {
    feature: name,
    source: 'recorded',
    method,
    scoreKind: 'distance',
    reason: `recorded by a Prometheus rule as ${RECORDED_DRIFT_PREFIX}${method}; the score is the latest value recorded in the range`,
    threshold,
    score,
    drifted: score >= threshold,
    severity: severityOf(score, threshold),
    histogram: null,
    driftStart: start < 0 ? null : { index: start, from: times[first + start] - stepMs, to: times[first + start] },
    droppedNonFinite: dropped,
  };
  let windows: DriftWindow[] | undefined;
  return Object.defineProperty(feature, 'windows', {
    enumerable: true,
    get: () => (windows ??= Array.from({ length: count }, (_, i) => windowOf(i))),
  }) as FeatureDrift;
}

/** {@link readRecordedDrift} in steps of one frame, then one feature, each. */
export function* readRecordedDriftSteps(
  series: DataFrame[],
  range: TimeRange,
  options: RecordedDriftOptions = {}
): Steps<RecordedDrift> {
  assertTimeRange(range, 'dashboard range');
  if (options.threshold !== undefined && !Number.isFinite(options.threshold)) {
    throw new FrameProblemError({
      code: 'wrong-type',
      message: `The threshold ${options.threshold} is no number: set a positive threshold, or 0 for the method's default.`,
    });
  }
  const featureLabel = options.featureLabel || 'feature';
  const readTimes = timeReader();
  const found: RecordedSeries[] = [];
  for (const frame of series) {
    const timeField = findTimeField(frame);
    if (!timeField || frame.length === 0) {
      continue;
    }
    yield;
    const times = readTimes(timeField);
    for (const field of numberFields(frame)) {
      const method = recordedMethodOf(field, frame);
      if (method) {
        const { values } = numericValues(field);
        const intervalMs = Number(field.config?.interval ?? timeField.config?.interval) || undefined;
        found.push({ method, labels: (field.labels ?? {}) as Record<string, string>, times, values, intervalMs });
      }
    }
  }
  const methods = [...new Set(found.map((entry) => entry.method))].sort();
  const wantedMethod = options.method && isBucketMethod(options.method) ? options.method : undefined;
  if (wantedMethod && !methods.includes(wantedMethod)) {
    throw new FrameProblemError({
      code: 'field-not-found',
      message: `The query returns recorded ${methods.join(', ') || 'no'} scores, not ${wantedMethod}: set the panel's Method to Auto or ${methods[0] ?? 'the recorded one'}, or query ${RECORDED_DRIFT_PREFIX}${wantedMethod}.`,
    });
  }
  const kept = wantedMethod ? found.filter((entry) => entry.method === wantedMethod) : found;
  const wanted = new Set((options.features ?? []).filter(Boolean));
  const chosen = wanted.size ? kept.filter((entry) => wanted.has(entry.labels[featureLabel] ?? '')) : kept;
  if (chosen.length === 0) {
    throw new FrameProblemError({
      code: 'field-not-found',
      message: wanted.size
        ? `None of the chosen features (${[...wanted].join(', ')}) is among the recorded series. Check the feature label option ("${featureLabel}").`
        : 'The query returned no recorded drift series.',
    });
  }
  const extraKeys = varyingKeys(chosen, featureLabel);
  const withMethod = new Set(chosen.map((entry) => entry.method)).size > 1;
  const stepMs = stepOf(chosen[0]);
  const features: FeatureDrift[] = [];
  const problems: FeatureDriftProblem[] = [];
  const names = new Set<string>();
  for (const entry of chosen) {
    yield;
    const base = entry.labels[featureLabel];
    const extra =
      base === undefined
        ? Object.keys(entry.labels)
            .filter((key) => key !== '__name__')
            .sort()
        : extraKeys;
    let name = base ?? '';
    if (extra.length > 0) {
      name = `${name}{${labelText(entry.labels, extra)}}`;
    }
    if (withMethod) {
      name = `${name} · ${entry.method}`;
    }
    name ||= `${RECORDED_DRIFT_PREFIX}${entry.method}`;
    if (names.has(name)) {
      problems.push({
        feature: name,
        code: 'INVALID_ARGUMENT',
        message: `${name} is returned twice: remove the duplicate query, or aggregate by the feature label`,
      });
      continue;
    }
    names.add(name);
    const result = recordedFeature(name, entry, range, stepMs, options.threshold ?? 0);
    if ('windows' in result) {
      features.push(result);
    } else {
      problems.push(result);
    }
  }
  return {
    range,
    stepMs,
    features: rankFeatures(features),
    problems,
    metrics: [...new Set(chosen.map((entry) => `${RECORDED_DRIFT_PREFIX}${entry.method}`))].sort(),
  };
}

/** Reads recorded drift series over the dashboard range; throws FrameProblemError when none can be used. */
export function readRecordedDrift(
  series: DataFrame[],
  range: TimeRange,
  options: RecordedDriftOptions = {}
): RecordedDrift {
  return runSteps(readRecordedDriftSteps(series, range, options));
}
