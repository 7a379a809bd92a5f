import { DataFrame } from '@grafana/data';
import {
  BaselineMode,
  DriftInputError,
  DriftMethod,
  DriftOverTime,
  driftOverTimeSteps,
  FeatureDrift,
  FeatureDriftProblem,
  rankFeatures,
  resolveBaseline,
  TimeRange,
} from '../analysis';
import {
  autoWindowMs,
  BaselineOptions,
  DriftInput,
  DriftInputKind,
  parseDuration,
  readDriftInputSteps,
  requireBaselineData,
  toBaselineMode,
} from '../data/driftInput';
import { FrameProblem, FrameProblemError, frameRows, isEmptyData } from '../data/frames';
import { HistogramValueKind } from '../data/histogramFrames';
import { isRecordedDriftSteps, readRecordedDriftSteps, RecordedDrift } from '../data/recordedDrift';
import { Steps } from '../data/steps';

/** The drift panel's options that change what it computes; the others only change the drawing. */
export interface DriftAnalysisOptions extends BaselineOptions {
  /** Raw sample rows or Prometheus histograms; auto detects them from the frames. */
  inputKind: DriftInputKind;
  /** Comma-separated features to compare; empty compares every numeric and text column (or histogram). */
  features: string;
  /** The prediction column, kept out of the features; empty detects it by name. */
  predictionField: string;
  /** Label that names the feature of a histogram series. */
  featureLabel: string;
  histogramValues: HistogramValueKind;
  /** 'auto': about 48 windows over the current period, rounded to a readable duration. */
  windowMode: 'auto' | 'fixed';
  windowSize: string;
  method: 'auto' | DriftMethod;
  /** 0: the method's default threshold. */
  threshold: number;
}

export const defaultDriftAnalysisOptions: DriftAnalysisOptions = {
  inputKind: 'auto',
  features: '',
  predictionField: '',
  featureLabel: 'feature',
  histogramValues: 'auto',
  baselineMode: 'firstPercent',
  baselinePercent: 25,
  baselineShift: '7d',
  baselineFrom: '',
  baselineTo: '',
  windowMode: 'auto',
  windowSize: '1h',
  method: 'auto',
  threshold: 0,
};

const ANALYSIS_KEYS = Object.keys(defaultDriftAnalysisOptions) as Array<keyof DriftAnalysisOptions>;

/**
 * Only the options that change the computation, over the defaults: a panel's saved options (with its view,
 * sorting and annotation settings, or an older panel's missing keys) give the same analysis as the panel.
 */
export function driftAnalysisOptions(options: Partial<DriftAnalysisOptions>): DriftAnalysisOptions {
  const picked: Record<string, unknown> = {};
  for (const key of ANALYSIS_KEYS) {
    picked[key] = options[key] ?? defaultDriftAnalysisOptions[key];
  }
  return picked as unknown as DriftAnalysisOptions;
}

export type DriftState =
  | { status: 'problem'; problem: FrameProblem }
  /**
   * Reading the query result (`rows` rows), then comparing the features: `done` of `total` windows scored
   * (or, for recorded drift, frames read). `largeInput` is set once the input is known to be raw rows over
   * the budget for the browser.
   */
  | ({ status: 'computing' } & DriftProgress)
  /** Computed here from raw samples or histogram buckets. */
  | { status: 'ready'; drift: DriftOverTime; input: DriftInput; recorded?: undefined; largeInput?: LargeInput }
  /** Scores a Prometheus rule recorded (`driftline:feature_drift:*`): nothing to compute, only to rank. */
  | { status: 'ready'; recorded: RecordedDrift; drift?: undefined; input?: undefined; largeInput?: undefined };

/**
 * Raw rows beyond what a browser compares quickly. Prometheus can keep the same features as histograms and
 * the panel then reads their buckets: the query says how.
 */
export interface LargeInput {
  rows: number;
  /** The histogram query to use instead, for the first features. */
  query: string;
}

/** Raw rows above this are compared in the browser still, with a hint to use histogram buckets instead. */
export const RAW_ROWS_BUDGET = 1_000_000;

/** What the panel draws, the same for drift computed here and drift Prometheus recorded. */
export interface ShownDrift {
  features: FeatureDrift[];
  problems: FeatureDriftProblem[];
  range: TimeRange;
  /** One window's width: the compared windows, or the recorded samples' spacing. */
  windowMs: number;
  /** The period the scores cover: the current period, or the whole range for recorded scores. */
  currentRange: TimeRange;
  /** The baseline the panel compared against; recorded scores carry their rule's own. */
  baselineRange?: TimeRange;
}

export function shownDrift(state: Extract<DriftState, { status: 'ready' }>): ShownDrift {
  if (state.recorded) {
    const { features, problems, range, stepMs } = state.recorded;
    return { features, problems, range, windowMs: stepMs, currentRange: range };
  }
  const { features, problems, range, windowMs, currentRange, baselineRange } = state.drift;
  return { features, problems, range, windowMs, currentRange, baselineRange };
}

export interface DriftProgress {
  phase: 'reading' | 'comparing';
  done: number;
  total: number;
  rows: number;
  largeInput?: LargeInput;
}

/** Progress before anything is read: `rows` rows in the query result. */
export function startingProgress(rows = 0): DriftProgress {
  return { phase: 'reading', done: 0, total: 0, rows };
}

/** Rows in the query result, by the fields' own lengths. */
export function resultRows(series: DataFrame[]): number {
  let rows = 0;
  for (const frame of series) {
    rows += frameRows(frame);
  }
  return rows;
}

interface Plan {
  input: DriftInput;
  range: TimeRange;
  baseline: BaselineMode;
  windowMs: number;
}

/** Bad input as a problem to show; anything else (a bug) is thrown again. */
export function driftProblemOf(error: unknown): FrameProblem {
  if (error instanceof FrameProblemError) {
    return error.problem;
  }
  if (error instanceof DriftInputError) {
    return { code: error.code === 'EMPTY_INPUT' ? 'empty-window' : 'wrong-type', message: error.message };
  }
  throw error;
}

/** The same features as Prometheus histograms: one `_bucket` series per le, summed per interval. */
function histogramQueryFor(features: string[]): string {
  const names = features.slice(0, 3).map((name) => name.replace(/[^a-zA-Z0-9_:]/g, '_'));
  return names.map((name) => `sum by (le) (increase(${name}_bucket[$__rate_interval]))`).join('\n');
}

function* planDrift(
  series: DataFrame[],
  range: TimeRange,
  options: DriftAnalysisOptions,
  progress: DriftProgress
): Steps<Plan> {
  progress.rows = resultRows(series);
  const input = yield* readDriftInputSteps(series, {
    inputKind: options.inputKind,
    features: options.features.split(',').map((name) => name.trim()),
    predictionField: options.predictionField,
    method: options.method,
    threshold: options.threshold,
    featureLabel: options.featureLabel,
    histogramValues: options.histogramValues,
  });
  if (input.kind === 'samples' && progress.rows > RAW_ROWS_BUDGET) {
    progress.largeInput = {
      rows: progress.rows,
      query: histogramQueryFor(input.features.map((feature) => feature.feature)),
    };
  }
  const baseline = toBaselineMode(options);
  requireBaselineData(input, range, baseline);
  const { currentRange } = resolveBaseline(range, baseline);
  // About 48 windows, but with some 30 rows each on raw samples so a window's test has something to test.
  const rows = input.rowsIn?.(currentRange);
  let windowMs = autoWindowMs(currentRange, rows === undefined ? 48 : Math.min(48, Math.max(4, Math.floor(rows / 30))));
  if (options.windowMode === 'fixed') {
    const fixed = parseDuration(options.windowSize);
    if (!fixed) {
      throw new FrameProblemError({
        code: 'wrong-type',
        message: `Window size "${options.windowSize}" is not a duration: use a value like 5m, 1h or 1d.`,
      });
    }
    windowMs = fixed;
  }
  return { input, range, baseline, windowMs };
}

function finish(plan: Plan, result: DriftOverTime, largeInput?: LargeInput): DriftState {
  const drift: DriftOverTime = {
    ...result,
    features: rankFeatures(result.features),
    problems: [...plan.input.problems, ...result.problems],
  };
  if (drift.features.length === 0 && drift.problems.length > 0) {
    const onlyProblem = drift.problems[0];
    return {
      status: 'problem',
      problem: {
        code: onlyProblem.code === 'EMPTY_INPUT' ? 'empty-window' : 'wrong-type',
        message: `No feature could be compared. ${drift.problems.map((p) => `${p.feature}: ${p.message}`).join(' · ')}`,
      },
    };
  }
  return { status: 'ready', drift, input: plan.input, largeInput };
}

/** Ranks recorded drift series: one step per frame, then per feature. */
function* recordedSteps(
  series: DataFrame[],
  range: TimeRange,
  options: DriftAnalysisOptions,
  progress: DriftProgress
): Steps<DriftState> {
  progress.total = series.length;
  const reading = readRecordedDriftSteps(series, range, {
    featureLabel: options.featureLabel,
    features: options.features.split(',').map((name) => name.trim()),
    method: options.method,
    threshold: options.threshold,
  });
  let next = reading.next();
  while (!next.done) {
    progress.done = Math.min(progress.done + 1, progress.total);
    yield;
    next = reading.next();
  }
  const recorded = next.value;
  if (recorded.features.length === 0) {
    return {
      status: 'problem',
      problem: {
        code: 'empty-window',
        message: `No feature has a recorded score in this range. ${recorded.problems.map((p) => p.message).join(' · ')}`,
      },
    };
  }
  return { status: 'ready', recorded };
}

/**
 * The drift panel's analysis as steps of a few milliseconds each: the frames read, then the features
 * compared (a few hundred thousand rows read, sorted or split into windows, or a few windows scored a step),
 * then ranked; recorded drift series (input Auto) are ranked as they are. Bad input throws a
 * FrameProblemError or DriftInputError (see driftProblemOf).
 */
export function* driftSteps(
  series: DataFrame[],
  range: TimeRange,
  options: DriftAnalysisOptions,
  progress: DriftProgress = startingProgress()
): Steps<DriftState> {
  if (options.inputKind === 'auto' && !isEmptyData(series) && (yield* isRecordedDriftSteps(series))) {
    return yield* recordedSteps(series, range, options, progress);
  }
  const plan = yield* planDrift(series, range, options, progress);
  progress.phase = 'comparing';
  const result = yield* driftOverTimeSteps(plan.input.features, {
    range: plan.range,
    baseline: plan.baseline,
    windowMs: plan.windowMs,
    progress,
  });
  return finish(plan, result, progress.largeInput);
}
