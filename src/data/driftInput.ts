/**
 * The drift panel's frames -> the engine's per-feature input, and the panel's baseline options -> the
 * engine's BaselineMode. Raw sample tables give one SampleFeatureSeries per numeric or text column;
 * Prometheus histogram frames give BucketFeatureSeries through histogramFrames.
 */
import { DataFrame, Field, FieldType } from '@grafana/data';
import {
  BaselineMode,
  BucketDriftMethod,
  BUCKET_DRIFT_METHODS,
  DriftMethod,
  FeatureDriftProblem,
  FeatureSeries,
  FeatureValue,
  resolveBaseline,
  TimeRange,
} from '../analysis';
import {
  fieldName,
  findTimeField,
  FrameProblemError,
  isEmptyData,
  pickPredictionField,
  readNumbers,
  readTimes,
} from './frames';
import { COARSE_TOKEN_BUCKETS_NOTE, COARSE_TOKEN_BUCKETS_REASON, GenAiSeries, hasCoarseTokenBuckets } from './genai';
import { HistogramValueKind, isHistogramDataSteps, readHistogramInputSteps } from './histogramFrames';
import { runSteps, Steps } from './steps';

export type DriftInputKind = 'auto' | 'samples' | 'histograms';
export type BaselineModeOption = 'firstPercent' | 'previousPeriod' | 'timeShift' | 'fixed';

/** The baseline as the panel options store it. */
export interface BaselineOptions {
  baselineMode: BaselineModeOption;
  /** firstPercent: the first N % of the range. */
  baselinePercent: number;
  /** timeShift: a Grafana duration such as "7d" or "24h". */
  baselineShift: string;
  /** fixed: start and end, epoch ms or anything Date.parse reads. */
  baselineFrom: string;
  baselineTo: string;
}

export interface DriftInputOptions {
  inputKind: DriftInputKind;
  /** Feature columns (samples) or feature label values (histograms); empty takes all. */
  features: string[];
  /**
   * The prediction column, kept out of the features. When empty it is found from the frames
   * (pickPredictionField), only when they are raw samples: looking through thousands of histogram
   * series for it would be wasted.
   */
  predictionField?: string;
  /** Columns never used as features, besides time and prediction (outcome, ids). */
  exclude?: RegExp;
  method: 'auto' | DriftMethod;
  /** 0 or less: the method's default. */
  threshold: number;
  featureLabel?: string;
  histogramValues?: HistogramValueKind;
}

export interface DriftInput {
  kind: 'samples' | 'histograms';
  features: FeatureSeries[];
  /** Features that could not be read at all. */
  problems: FeatureDriftProblem[];
  units: Record<string, string | undefined>;
  /** What a person should know before trusting a feature's verdict, by feature (e.g. coarse token buckets). */
  notes: Record<string, string>;
  /** Features recognised as OpenTelemetry GenAI histograms, by feature name. */
  genai: Record<string, GenAiSeries>;
  /** Sample times (samples) or bucket sample times (histograms), to check the baseline has data. */
  hasDataIn: (range: TimeRange) => boolean;
  /** Rows in a range (samples; undefined for histograms), to keep auto windows from being too thin. */
  rowsIn?: (range: TimeRange) => number;
}

const OUTCOME_OR_ID = /^(label|outcome|clicked|target|y_true|actual|id|.*_id|trace_?id|span_?id)$/i;
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d", "24h", "90m" -> ms; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * DURATION_MS[match[2].toLowerCase()] : undefined;
}

function parseInstant(text: string): number {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
}

/** The engine's BaselineMode for the panel options; an unusable option is a FrameProblem. */
export function toBaselineMode(options: BaselineOptions): BaselineMode {
  switch (options.baselineMode) {
    case 'previousPeriod':
      return { mode: 'previousPeriod' };
    case 'timeShift': {
      const shiftMs = parseDuration(options.baselineShift);
      if (!shiftMs) {
        throw new FrameProblemError({
          code: 'wrong-type',
          message: `Baseline time shift "${options.baselineShift}" is not a duration: use a value like 7d, 24h or 90m.`,
        });
      }
      return { mode: 'timeShift', shiftMs };
    }
    case 'fixed': {
      const range = { from: parseInstant(options.baselineFrom), to: parseInstant(options.baselineTo) };
      if (!(range.from < range.to)) {
        throw new FrameProblemError({
          code: 'wrong-type',
          message: `The fixed baseline "${options.baselineFrom}" to "${options.baselineTo}" is not a time range: give two dates (e.g. 2026-01-01T00:00Z) or epoch ms, start first.`,
        });
      }
      return { mode: 'fixed', range };
    }
    default:
      return { mode: 'firstPercent', percent: Math.min(Math.max(options.baselinePercent, 1), 90) };
  }
}

const NICE_WINDOWS = [
  1000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

/** About `target` windows over the period, rounded to the nearest readable duration (5m, 1h, 12h, …) on a log scale. */
export function autoWindowMs(period: TimeRange, target = 48): number {
  const raw = (period.to - period.from) / target;
  if (raw > NICE_WINDOWS[NICE_WINDOWS.length - 1]) {
    return raw;
  }
  let chosen = NICE_WINDOWS[0];
  for (const candidate of NICE_WINDOWS) {
    if (Math.abs(Math.log(candidate / raw)) < Math.abs(Math.log(chosen / raw))) {
      chosen = candidate;
    }
  }
  return chosen;
}

function describeFields(series: DataFrame[]): string {
  const names = series.flatMap((frame) => frame.fields.map((field) => `${fieldName(field, frame)} (${field.type})`));
  return names.length ? names.join(', ') : 'none';
}

function textValues(field: Field): FeatureValue[] {
  return Array.from(field.values as ArrayLike<unknown>, (raw) =>
    raw === null || raw === undefined || raw === '' ? NaN : String(raw)
  );
}

function countTimesIn(times: ArrayLike<number>, range: TimeRange): number {
  let count = 0;
  for (let i = 0; i < times.length; i++) {
    if (times[i] >= range.from && times[i] < range.to) {
      count++;
    }
  }
  return count;
}

function hasTimeIn(times: ArrayLike<number>, range: TimeRange): boolean {
  for (let i = 0; i < times.length; i++) {
    if (times[i] >= range.from && times[i] < range.to) {
      return true;
    }
  }
  return false;
}

function pickMethod(options: DriftInputOptions): Pick<FeatureSeries, 'threshold'> & { method?: DriftMethod } {
  return {
    method: options.method === 'auto' ? undefined : options.method,
    threshold: options.threshold > 0 ? options.threshold : undefined,
  };
}

function* readSampleFeatures(series: DataFrame[], options: DriftInputOptions): Steps<DriftInput> {
  const features: FeatureSeries[] = [];
  const units: Record<string, string | undefined> = {};
  const timesByFrame: Float64Array[] = [];
  const exclude = options.exclude ?? OUTCOME_OR_ID;
  const wanted = new Set(options.features.filter(Boolean));
  const { method, threshold } = pickMethod(options);
  const predictionField = pickPredictionField(series, options.predictionField);
  let timeless = 0;
  for (const frame of series) {
    const timeField = findTimeField(frame);
    if (!timeField) {
      timeless++;
      continue;
    }
    const times = readTimes(timeField);
    timesByFrame.push(times);
    for (const field of frame.fields) {
      const name = fieldName(field, frame);
      const isFeatureType = field.type === FieldType.number || field.type === FieldType.string;
      const chosen = wanted.size > 0 ? wanted.has(name) : !exclude.test(name) && name !== predictionField;
      if (field === timeField || !isFeatureType || !chosen || name in units) {
        continue;
      }
      yield;
      units[name] = field.config?.unit;
      const numeric = field.type === FieldType.number;
      features.push({
        feature: name,
        times,
        values: numeric ? readNumbers(field).values : textValues(field),
        kind: numeric ? undefined : 'categorical',
        method,
        threshold,
      });
    }
  }
  if (features.length === 0) {
    if (timeless > 0 && timesByFrame.length === 0) {
      throw new FrameProblemError({
        code: 'no-time-field',
        message: `The drift panel compares time windows, but the query result has no time field. Add a time column to the query (for SQL, select the event timestamp) or convert one with a Convert field type transformation. Fields found: ${describeFields(series)}.`,
      });
    }
    const missing = [...wanted].join(', ');
    throw new FrameProblemError({
      code: wanted.size > 0 ? 'field-not-found' : 'no-numeric-field',
      message:
        wanted.size > 0
          ? `The chosen features (${missing}) are not in the query result. Fields found: ${describeFields(series)}.`
          : `No numeric or categorical fields to compare: the drift panel needs feature columns besides the time, prediction and outcome. Fields found: ${describeFields(series)}.`,
    });
  }
  return {
    kind: 'samples',
    features,
    problems: [],
    units,
    notes: {},
    genai: {},
    hasDataIn: (range) => timesByFrame.some((times) => hasTimeIn(times, range)),
    rowsIn: (range) => Math.max(...timesByFrame.map((times) => countTimesIn(times, range))),
  };
}

function* readBucketFeatures(series: DataFrame[], options: DriftInputOptions): Steps<DriftInput> {
  const input = yield* readHistogramInputSteps(series, {
    featureLabel: options.featureLabel,
    values: options.histogramValues,
  });
  const wanted = new Set(options.features.filter(Boolean));
  const bucketMethod = BUCKET_DRIFT_METHODS.includes(options.method as BucketDriftMethod)
    ? (options.method as BucketDriftMethod)
    : undefined;
  const notes: Record<string, string> = {};
  const features = input.features
    .filter((feature) => wanted.size === 0 || wanted.has(feature.feature))
    .map((feature) => {
      const genai = input.genai[feature.feature];
      const coarse = genai !== undefined && hasCoarseTokenBuckets(genai);
      if (coarse) {
        notes[feature.feature] = COARSE_TOKEN_BUCKETS_NOTE;
      }
      // Auto on coarse token buckets: ks (see COARSE_TOKEN_BUCKETS_REASON); a method chosen in the options wins.
      const auto = options.method === 'auto' && coarse;
      return {
        ...feature,
        method: auto ? ('ks' as const) : bucketMethod,
        reason: auto ? COARSE_TOKEN_BUCKETS_REASON : undefined,
        threshold: options.threshold > 0 ? options.threshold : undefined,
      };
    });
  if (features.length === 0 && input.problems.length === 0) {
    throw new FrameProblemError({
      code: 'field-not-found',
      message: `None of the chosen features (${[...wanted].join(', ')}) is among the histograms found: ${input.features.map((f) => f.feature).join(', ') || 'none'}. Check the feature label option.`,
    });
  }
  if (features.length === 0) {
    throw new FrameProblemError({
      code: 'wrong-type',
      message: `No histogram could be read. ${input.problems.map((p) => `${p.feature}: ${p.message}`).join(' · ')}`,
    });
  }
  const units: Record<string, string | undefined> = {};
  for (const feature of features) {
    units[feature.feature] = input.unit;
  }
  return {
    kind: 'histograms',
    features,
    problems: input.problems,
    units,
    notes,
    genai: input.genai,
    // Counters need a sample at or before the baseline start and one inside it.
    hasDataIn: (range) =>
      features.some((feature) =>
        feature.buckets.some((bucket) => hasTimeIn(bucket.times, { from: range.from + 1, to: range.to + 1 }))
      ),
  };
}

/** Reads the panel's frames as drift input. Throws FrameProblemError for frames the panel cannot use. */
export function readDriftInput(series: DataFrame[], options: DriftInputOptions): DriftInput {
  return runSteps(readDriftInputSteps(series, options));
}

/**
 * {@link readDriftInput} in steps of one frame, histogram or column each, for callers that spread the
 * reading of large results over several tasks.
 */
export function* readDriftInputSteps(series: DataFrame[], options: DriftInputOptions): Steps<DriftInput> {
  if (isEmptyData(series)) {
    throw new FrameProblemError({ code: 'no-data', message: 'No data' });
  }
  const histograms =
    options.inputKind === 'histograms' || (options.inputKind === 'auto' && (yield* isHistogramDataSteps(series)));
  return histograms ? yield* readBucketFeatures(series, options) : yield* readSampleFeatures(series, options);
}

/** Throws the empty-baseline problem when no feature has data in the baseline period. */
export function requireBaselineData(input: DriftInput, range: TimeRange, baseline: BaselineMode): void {
  const { baselineRange } = resolveBaseline(range, baseline);
  if (!input.hasDataIn(baselineRange)) {
    const hint =
      baseline.mode === 'previousPeriod' || baseline.mode === 'timeShift'
        ? ' The query only returns the dashboard range: use "First % of the range" or a fixed baseline inside it, or add a time-shifted query.'
        : '';
    throw new FrameProblemError({
      code: 'empty-window',
      message: `The baseline window is empty: widen the range or change the baseline.${hint}`,
    });
  }
}
