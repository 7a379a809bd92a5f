import {
  BucketDriftMethod,
  DEFAULT_BUCKET_THRESHOLDS,
  bucketBaseline,
  scoreValidatedWindows,
  BUCKET_DRIFT_METHODS,
} from './buckets';
import { BucketCounterSeries, checkCounterSeries, counterWindowsInto, sortBucketSeries } from './bucketSeries';
import {
  ColumnKind,
  ComparisonHistogram,
  detectPreparedDriftSteps,
  emptyCurrentProblem,
  DriftMethod,
  driftSeverity,
  FeatureValue,
  isTestMethod,
  PreparedReference,
  scoreAgainst,
  SortedSample,
} from './detect';
import { sortedFiniteSteps } from '../stats/sort';
import { DriftInputError, DriftInputErrorCode, EXTREME_VALUES_HINT, MAX_EPOCH_MS, requireFinite } from './errors';

/** A time range in epoch milliseconds, from < to. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Where the baseline (reference) data comes from:
 * - `fixed`: a given time range; the current period is the whole dashboard range.
 * - `previousPeriod`: the period of equal length just before the range; current = the range.
 * - `timeShift`: the range shifted back by `shiftMs` (e.g. 7 days); current = the range.
 * - `firstPercent`: the first `percent` % of the range; current = the rest of the range.
 */
export type BaselineMode =
  | { mode: 'fixed'; range: TimeRange }
  | { mode: 'previousPeriod' }
  | { mode: 'timeShift'; shiftMs: number }
  | { mode: 'firstPercent'; percent: number };

/** Raw samples of one feature with their times (need not be sorted). */
export interface SampleFeatureSeries {
  feature: string;
  times: ArrayLike<number>;
  values: ArrayLike<FeatureValue>;
  kind?: ColumnKind;
  method?: DriftMethod;
  threshold?: number;
}

/** The `_bucket` counter series (one per le) of one feature's classic histogram. */
export interface BucketFeatureSeries {
  feature: string;
  buckets: readonly BucketCounterSeries[];
  /** Defaults to 'jensenshannon'. */
  method?: BucketDriftMethod;
  /** Why `method` suits this feature, in plain words; shown as the feature's reason. */
  reason?: string;
  threshold?: number;
}

/** Input of {@link computeDriftOverTime}: samples or bucket counters per feature. */
export type FeatureSeries = SampleFeatureSeries | BucketFeatureSeries;

/** Options of {@link computeDriftOverTime}. */
export interface DriftOverTimeOptions {
  /** The dashboard range. */
  range: TimeRange;
  baseline: BaselineMode;
  /** Length of each scored window in ms; the last window is cut at the range end. */
  windowMs: number;
  /**
   * Filled in as the work goes, for a caller that shows progress: windows to score over all features
   * (`total`), and scored so far (`done`).
   */
  progress?: { done: number; total: number };
}

/** Score of one window of the current period against the baseline. */
export interface DriftWindow {
  /** Window start (inclusive for samples, exclusive for bucket counters), epoch ms. */
  from: number;
  /** Window end (exclusive for samples except the last window, inclusive for bucket counters). */
  to: number;
  /** p-value or distance as for the feature's method; null when the window could not be scored. */
  score: number | null;
  drifted: boolean;
  /** {@link driftSeverity} of the score; null with the score. */
  severity: number | null;
  /** Observations in the window: samples, or histogram observations for buckets. */
  count: number;
  /** Why the score is null (e.g. EMPTY_INPUT for a window without data). */
  problem?: DriftInputErrorCode;
}

/**
 * Baseline and current counts for display. `bins`: edges (counts + 1 of them) of numeric bins;
 * `categories`: one label per count; `buckets`: Prometheus bucket upper bounds, bucket i being
 * (upperBounds[i−1], upperBounds[i]] and the first one open below.
 */
export type DriftHistogram =
  ComparisonHistogram | { type: 'buckets'; upperBounds: number[]; reference: number[]; current: number[] };

/** Drift of one feature over the dashboard range; the type the drift panel is built on. */
export interface FeatureDrift {
  feature: string;
  /**
   * Whether the feature came as raw samples, as histogram bucket counters, or as scores a Prometheus rule
   * recorded (`driftline:feature_drift:<method>`), which carry no distributions.
   */
  source: 'samples' | 'buckets' | 'recorded';
  /** For bucket features ks is the largest CDF gap (a distance), see scoreKind. */
  method: DriftMethod | BucketDriftMethod;
  /** 'p-value': drift when score <= threshold; 'distance': drift when score >= threshold. */
  scoreKind: 'p-value' | 'distance';
  /** Plain-words explanation of why this method was used. */
  reason: string;
  threshold: number;
  /** Whole current period against the baseline. */
  score: number;
  drifted: boolean;
  /** Ranking key, comparable across methods: −log10(p)/−log10(threshold) or score/threshold; >= 1 means drifted. */
  severity: number;
  /** One entry per window of the current period, in time order. */
  windows: DriftWindow[];
  /** Null for recorded scores: the query returned the scores, not the distributions. */
  histogram: DriftHistogram | null;
  /**
   * First window of the most recent run of consecutive drifted windows (windows without a score
   * neither break nor extend a run): when the latest drift began. Null when no window drifted.
   */
  driftStart: { index: number; from: number; to: number } | null;
  /** Missing or non-finite values ignored (samples only). */
  droppedNonFinite: number;
}

/** A feature that could not be scored at all, with the reason. */
export interface FeatureDriftProblem {
  feature: string;
  code: DriftInputErrorCode;
  message: string;
}

/** Result of {@link computeDriftOverTime}. */
export interface DriftOverTime {
  range: TimeRange;
  baselineRange: TimeRange;
  currentRange: TimeRange;
  windowMs: number;
  /** Ranked by {@link rankFeatures}: most severe first. */
  features: FeatureDrift[];
  /** Features left out because their baseline or current data is unusable. */
  problems: FeatureDriftProblem[];
}

// More windows than this is a mistake in the window size (and would be unreadable).
const MAX_WINDOWS = 100000;
const DEFAULT_BUCKET_METHOD: BucketDriftMethod = 'jensenshannon';

function isEpochMs(time: number): boolean {
  return Math.abs(time) <= MAX_EPOCH_MS;
}

function assertRange(range: TimeRange, role: string): void {
  if (!(isEpochMs(range.from) && isEpochMs(range.to) && range.from < range.to)) {
    throw new DriftInputError(
      'INVALID_RANGE',
      `the ${role} range ${range?.from} to ${range?.to} is invalid: it needs epoch-ms bounds (dates JavaScript can hold) with from < to`
    );
  }
}

/** The baseline and current periods for a dashboard range and a baseline mode. */
export function resolveBaseline(
  range: TimeRange,
  baseline: BaselineMode
): { baselineRange: TimeRange; currentRange: TimeRange } {
  assertRange(range, 'dashboard');
  const length = range.to - range.from;
  switch (baseline?.mode) {
    case 'fixed':
      assertRange(baseline.range, 'baseline');
      return { baselineRange: baseline.range, currentRange: range };
    case 'previousPeriod':
      assertRange({ from: range.from - length, to: range.from }, 'previous period');
      return { baselineRange: { from: range.from - length, to: range.from }, currentRange: range };
    case 'timeShift':
      if (!(baseline.shiftMs > 0 && isEpochMs(range.from - baseline.shiftMs))) {
        throw new DriftInputError(
          'INVALID_RANGE',
          `time shift ${baseline.shiftMs} ms is invalid: use a positive shift that stays within the dates JavaScript can hold, such as 7 days`
        );
      }
      return {
        baselineRange: { from: range.from - baseline.shiftMs, to: range.to - baseline.shiftMs },
        currentRange: range,
      };
    case 'firstPercent': {
      const split = range.from + (length * baseline.percent) / 100;
      if (!(baseline.percent > 0 && baseline.percent < 100 && split > range.from && split < range.to)) {
        throw new DriftInputError(
          'INVALID_RANGE',
          `baseline percentage ${baseline.percent} is invalid: use a value between 0 and 100, e.g. 20`
        );
      }
      return { baselineRange: { from: range.from, to: split }, currentRange: { from: split, to: range.to } };
    }
    default:
      throw new DriftInputError(
        'INVALID_ARGUMENT',
        `unknown baseline mode: use fixed, previousPeriod, timeShift or firstPercent`
      );
  }
}

/** Window boundaries over a period: from, from + windowMs, …, to. */
export function windowBoundaries(period: TimeRange, windowMs: number): Float64Array {
  assertRange(period, 'period');
  const count = Math.ceil((period.to - period.from) / windowMs);
  if (!(windowMs > 0 && Number.isFinite(windowMs)) || !(count >= 1) || count > MAX_WINDOWS) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `window size ${windowMs} ms is invalid for a ${period.to - period.from} ms period: use a positive size giving at most ${MAX_WINDOWS} windows`
    );
  }
  const boundaries = new Float64Array(count + 1);
  for (let k = 0; k < count; k++) {
    boundaries[k] = period.from + k * windowMs;
  }
  boundaries[count] = period.to;
  return boundaries;
}

/** The most elements a JavaScript array (or typed array of windows) holds. */
const MAX_ARRAY_LENGTH = 2 ** 32 - 1;

/** Clean windows a drift run may hold between drifted ones and still count as one run. */
const MAX_CLEAN_WINDOWS_IN_RUN = 1;

/**
 * Index of the first window of the latest drift run over `count` windows, -1 when no window drifted;
 * {@link latestDriftRun} on windows given by accessors, for callers that hold the scores in typed arrays.
 * @throws DriftInputError when `count` is not an array length.
 */
export function latestDriftRunStart(
  count: number,
  drifted: (index: number) => boolean,
  scored: (index: number) => boolean
): number {
  if (!(Number.isInteger(count) && count >= 0 && count <= MAX_ARRAY_LENGTH)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `${count} is not a number of windows: pass the length of the windows' array`
    );
  }
  let last = count - 1;
  while (last >= 0 && !drifted(last)) {
    last--;
  }
  if (last < 0) {
    return -1;
  }
  let start = last;
  // Unscored windows neither break nor extend a run, and one clean window between drifted ones does not end
  // it: a single noisy window should not move "drifting since" days after the change. Two clean ones do.
  let clean = 0;
  for (let i = last - 1; i >= 0 && clean <= MAX_CLEAN_WINDOWS_IN_RUN; i--) {
    if (drifted(i)) {
      start = i;
      clean = 0;
    } else if (scored(i)) {
      clean++;
    }
  }
  return start;
}

/**
 * The first window of the latest drift run (see {@link FeatureDrift.driftStart}), null when none drifted.
 * @throws DriftInputError when that window's times are not epoch ms.
 */
export function latestDriftRun(windows: DriftWindow[]): FeatureDrift['driftStart'] {
  const start = latestDriftRunStart(
    windows.length,
    (i) => windows[i].drifted,
    (i) => windows[i].score !== null
  );
  if (start < 0) {
    return null;
  }
  const { from, to } = windows[start];
  if (!(Math.abs(from) <= MAX_EPOCH_MS && Math.abs(to) <= MAX_EPOCH_MS)) {
    throw new DriftInputError(
      'INVALID_RANGE',
      `window ${start} runs from ${from} to ${to}: windows hold epoch-ms times, as computeDriftOverTime makes them`
    );
  }
  return { index: start, from, to };
}

function windowVerdict(
  method: DriftMethod | BucketDriftMethod,
  scoreKind: FeatureDrift['scoreKind'],
  score: number,
  threshold: number
): { drifted: boolean; severity: number } {
  if (scoreKind === 'p-value') {
    return { drifted: score <= threshold, severity: driftSeverity(method as DriftMethod, score, threshold) };
  }
  // A huge distance over a tiny threshold overflows; severity only ranks, so the largest number will do.
  return { drifted: score >= threshold, severity: Math.min(score / threshold, Number.MAX_VALUE) };
}

function isBucketFeature(series: FeatureSeries): series is BucketFeatureSeries {
  return 'buckets' in series;
}

/** Work in steps of a few milliseconds: a generator that yields between them, then returns its result. */
export type DriftSteps<T> = Generator<void, T, void>;

// Rows partitioned into the windows per step, and element comparisons (baseline plus window walked) per
// step while the windows are scored: each a few milliseconds.
const ROWS_PER_STEP = 1 << 17;
const WINDOW_WORK_PER_STEP = 1 << 19;

/** A feature's rows split into the baseline, the whole current period and each of its windows. */
interface PartitionedRows {
  baseline: ArrayLike<FeatureValue>;
  current: ArrayLike<FeatureValue>;
  window: (k: number) => ArrayLike<FeatureValue>;
}

/** Which window a time in [periodFrom, periodTo] falls in (the last one includes its end). */
function windowOf(boundaries: Float64Array, t: number): number {
  const index = upperBoundIndex(boundaries, t) - 1;
  return Math.min(Math.max(index, 0), boundaries.length - 2);
}

/**
 * Numeric rows (a Float64Array) split in two passes into typed arrays: one counting the rows of each part,
 * one copying them, a few hundred thousand rows a step. 10 million rows make no JavaScript arrays.
 */
function* partitionNumbers(
  times: ArrayLike<number>,
  values: Float64Array,
  baselineRange: TimeRange,
  boundaries: Float64Array
): DriftSteps<PartitionedRows> {
  const windowCount = boundaries.length - 1;
  const periodFrom = boundaries[0];
  const periodTo = boundaries[windowCount];
  const starts = new Int32Array(windowCount + 1);
  let baselineSize = 0;
  for (let start = 0; start < times.length; start += ROWS_PER_STEP) {
    const end = Math.min(times.length, start + ROWS_PER_STEP);
    for (let i = start; i < end; i++) {
      const t = times[i];
      if (t >= baselineRange.from && t < baselineRange.to) {
        baselineSize++;
      }
      if (t >= periodFrom && t <= periodTo) {
        starts[windowOf(boundaries, t) + 1]++;
      }
    }
    yield;
  }
  for (let k = 0; k < windowCount; k++) {
    starts[k + 1] += starts[k];
  }
  const baseline = new Float64Array(baselineSize);
  // The current period's rows, window after window: the windows are views into it.
  const current = new Float64Array(starts[windowCount]);
  const filled = starts.slice(0, windowCount);
  let b = 0;
  for (let start = 0; start < times.length; start += ROWS_PER_STEP) {
    const end = Math.min(times.length, start + ROWS_PER_STEP);
    for (let i = start; i < end; i++) {
      const t = times[i];
      if (t >= baselineRange.from && t < baselineRange.to) {
        baseline[b++] = values[i];
      }
      if (t >= periodFrom && t <= periodTo) {
        current[filled[windowOf(boundaries, t)]++] = values[i];
      }
    }
    yield;
  }
  return { baseline, current, window: (k) => current.subarray(starts[k], starts[k + 1]) };
}

/** Rows of any values (text included) split into arrays, a few hundred thousand rows a step. */
function* partitionValues(
  times: ArrayLike<number>,
  values: ArrayLike<FeatureValue>,
  baselineRange: TimeRange,
  boundaries: Float64Array
): DriftSteps<PartitionedRows> {
  const windowCount = boundaries.length - 1;
  const periodFrom = boundaries[0];
  const periodTo = boundaries[windowCount];
  const baseline: FeatureValue[] = [];
  const current: FeatureValue[] = [];
  const windows: FeatureValue[][] = Array.from({ length: windowCount }, () => []);
  for (let start = 0; start < times.length; start += ROWS_PER_STEP) {
    const end = Math.min(times.length, start + ROWS_PER_STEP);
    for (let i = start; i < end; i++) {
      const t = times[i];
      if (t >= baselineRange.from && t < baselineRange.to) {
        baseline.push(values[i]);
      }
      if (t >= periodFrom && t <= periodTo) {
        current.push(values[i]);
        windows[windowOf(boundaries, t)].push(values[i]);
      }
    }
    yield;
  }
  return { baseline, current, window: (k) => windows[k] };
}

function* sampleFeatureDriftSteps(
  series: SampleFeatureSeries,
  baselineRange: TimeRange,
  boundaries: Float64Array,
  progress?: { done: number }
): DriftSteps<FeatureDrift> {
  const { times, values } = series;
  if (times.length !== values.length) {
    throw new DriftInputError(
      'LENGTH_MISMATCH',
      `feature '${series.feature}' has ${times.length} times but ${values.length} values: pass the time and value fields of the same frame`
    );
  }
  const windowCount = boundaries.length - 1;
  const numeric = values instanceof Float64Array;
  progress ??= { done: 0 };
  const rows = numeric
    ? yield* partitionNumbers(times, values, baselineRange, boundaries)
    : yield* partitionValues(times, values, baselineRange, boundaries);
  // Numbers are sorted once, in steps; every window is then compared with the one sorted baseline.
  let reference: PreparedReference;
  let current: ArrayLike<FeatureValue> | SortedSample;
  if (numeric) {
    const sortedBaseline = yield* sortedFiniteSteps(rows.baseline as Float64Array);
    reference = PreparedReference.fromSorted(new SortedSample(sortedBaseline.values, sortedBaseline.droppedNonFinite));
    const sortedCurrent = yield* sortedFiniteSteps(rows.current as Float64Array);
    current = new SortedSample(sortedCurrent.values, sortedCurrent.droppedNonFinite);
  } else {
    reference = new PreparedReference(rows.baseline);
    current = rows.current;
  }
  const prepared = yield* detectPreparedDriftSteps(reference, current, {
    kind: series.kind,
    method: series.method,
    threshold: series.threshold,
  });
  const overall = prepared.detection;
  const histogram = prepared.histogram!;
  yield;
  const scoreKind = isTestMethod(overall.method) ? 'p-value' : 'distance';
  const windows: DriftWindow[] = new Array(windowCount);
  let work = 0;
  for (let k = 0; k < windowCount; k++) {
    const valuesInWindow = rows.window(k);
    const window = { from: boundaries[k], to: boundaries[k + 1], count: valuesInWindow.length };
    if (valuesInWindow.length === 0) {
      windows[k] = { ...window, score: null, drifted: false, severity: null, problem: emptyCurrentProblem(reference) };
      progress.done++;
      continue;
    }
    try {
      const result = scoreAgainst(reference, valuesInWindow, overall.kind, overall.method, overall.threshold);
      window.count = result.currentSize;
      windows[k] = { ...window, score: result.score, drifted: result.drifted, severity: result.severity };
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      windows[k] = { ...window, score: null, drifted: false, severity: null, problem: error.code };
    }
    progress.done++;
    work += overall.referenceSize + valuesInWindow.length;
    if (work >= WINDOW_WORK_PER_STEP) {
      work = 0;
      yield;
    }
  }
  return {
    feature: series.feature,
    source: 'samples',
    method: overall.method,
    scoreKind,
    reason: overall.reason,
    threshold: overall.threshold,
    score: overall.score,
    drifted: overall.drifted,
    severity: overall.severity,
    windows,
    histogram,
    driftStart: latestDriftRun(windows),
    droppedNonFinite: overall.droppedNonFinite,
  };
}

/** Index of the first boundary greater than t. */
function upperBoundIndex(boundaries: Float64Array, t: number): number {
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (boundaries[middle] <= t) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Indices of the rows marked present. */
function presentRows(present: boolean[]): number[] {
  const rows: number[] = [];
  present.forEach((isPresent, row) => {
    if (isPresent) {
      rows.push(row);
    }
  });
  return rows;
}

/**
 * The layout two periods can be compared on: equal layouts as they are, otherwise the smaller
 * when it is contained in the larger (cumulative counts at its bounds are exact in both).
 * Null when neither contains the other.
 */
function commonLayout(first: number[], second: number[]): number[] | null {
  if (sameRows(first, second)) {
    return first;
  }
  const [smaller, larger] = first.length <= second.length ? [first, second] : [second, first];
  const largerSet = new Set(larger);
  return smaller.every((row) => largerSet.has(row)) ? smaller : null;
}

function sameRows(first: number[], second: number[]): boolean {
  if (first.length !== second.length) {
    return false;
  }
  for (let i = 0; i < first.length; i++) {
    if (first[i] !== second[i]) {
      return false;
    }
  }
  return true;
}

/** {@link windowBucketCounts} of one window: the cumulative counts of the given rows. */
function singleWindowCounts(
  cumulativeByRow: Float64Array,
  rows: number[]
): { counts: Float64Array; cumulativeOk: boolean[] } {
  const counts = new Float64Array(rows.length);
  let previous = 0;
  let ok = true;
  for (let b = 0; b < rows.length; b++) {
    const cumulative = cumulativeByRow[rows[b]];
    const count = cumulative - previous;
    if (count < 0) {
      ok = false;
    }
    counts[b] = count;
    previous = cumulative;
  }
  return { counts, cumulativeOk: [ok] };
}

/** Per-bucket counts of each window (window after window) and whether each is cumulative. */
function windowBucketCounts(
  cumulativeByLe: Float64Array[],
  windowCount: number
): { counts: Float64Array; cumulativeOk: boolean[] } {
  const bucketCount = cumulativeByLe.length;
  const counts = new Float64Array(windowCount * bucketCount);
  const cumulativeOk: boolean[] = [];
  for (let w = 0; w < windowCount; w++) {
    let previous = 0;
    let ok = true;
    for (let b = 0; b < bucketCount; b++) {
      const cumulative = cumulativeByLe[b][w];
      const count = cumulative - previous;
      if (count < 0) {
        ok = false;
      }
      counts[w * bucketCount + b] = count;
      previous = cumulative;
    }
    cumulativeOk.push(ok);
  }
  return { counts, cumulativeOk };
}

function bucketFeatureDrift(
  series: BucketFeatureSeries,
  baselineRange: TimeRange,
  boundaries: Float64Array
): FeatureDrift {
  const method = series.method ?? DEFAULT_BUCKET_METHOD;
  if (!BUCKET_DRIFT_METHODS.includes(method)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown bucket drift method '${String(method)}': use ${BUCKET_DRIFT_METHODS.join(', ')}`
    );
  }
  const threshold = series.threshold ?? DEFAULT_BUCKET_THRESHOLDS[method];
  if (!(threshold > 0 && Number.isFinite(threshold))) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `threshold ${threshold} is invalid: a distance threshold must be positive, e.g. 0.1`
    );
  }
  const sorted = sortBucketSeries(series.buckets);
  const windowCount = boundaries.length - 1;
  const baselineBounds = [baselineRange.from, baselineRange.to];
  const infinityRow = sorted.length - 1;
  // One pass per le series over the baseline and one over the current period (bucket series of one
  // histogram usually share their times array, which is checked once).
  const checkedTimes = new Set<ArrayLike<number>>();
  for (const { series: counter } of sorted) {
    checkCounterSeries(counter, checkedTimes);
  }
  const baselineIncreases = new Float64Array(sorted.length);
  const currentIncreases = new Float64Array(sorted.length);
  const baselinePresent: boolean[] = [];
  const currentPresent: boolean[] = [];
  const windowIncreases: Float64Array[] = [];
  const windowPresence: Uint8Array[] = [];
  const oneIncrease = new Float64Array(1);
  const onePresent = new Uint8Array(1);
  const increasesByRow = new Float64Array(sorted.length * windowCount);
  const presenceByRow = new Uint8Array(sorted.length * windowCount);
  sorted.forEach(({ series: counter }, row) => {
    const baseline = counterWindowsInto(counter, baselineBounds, oneIncrease, onePresent);
    baselineIncreases[row] = baseline.total;
    baselinePresent.push(baseline.anyPresent);
    const increases = increasesByRow.subarray(row * windowCount, (row + 1) * windowCount);
    const presence = presenceByRow.subarray(row * windowCount, (row + 1) * windowCount);
    const current = counterWindowsInto(counter, boundaries, increases, presence);
    currentIncreases[row] = current.total;
    currentPresent.push(current.anyPresent);
    windowIncreases.push(increases);
    windowPresence.push(presence);
  });
  // Which le series have samples where: a layout is the set of rows present.
  const baselineRows = presentRows(baselinePresent);
  const currentRows = presentRows(currentPresent);
  const overallRows = commonLayout(baselineRows, currentRows);
  const layoutProblem = (role: string) =>
    new DriftInputError(
      'BUCKET_LAYOUT_MISMATCH',
      `feature '${series.feature}': the baseline and ${role} bucket layouts differ ` +
        `(baseline le=${baselineRows.map((row) => sorted[row].le).join(',')}; ${role} le=${currentRows.map((row) => sorted[row].le).join(',')}) ` +
        'and neither contains the other: the histogram was re-bucketed; pick a baseline after the change or sum by (le) over common buckets'
    );
  if (!overallRows) {
    throw layoutProblem('current');
  }
  if (!baselineRows.includes(infinityRow) || !currentRows.includes(infinityRow)) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `feature '${series.feature}': the ${baselineRows.includes(infinityRow) ? 'current' : 'baseline'} period has no le="+Inf" samples: ` +
        'choose a baseline where the histogram was recorded'
    );
  }
  const baselineOverall = singleWindowCounts(baselineIncreases, overallRows);
  const current = singleWindowCounts(currentIncreases, overallRows);
  for (const [role, counted] of [
    ['baseline', baselineOverall],
    ['current', current],
  ] as const) {
    if (!counted.cumulativeOk[0]) {
      throw new DriftInputError(
        'NON_MONOTONIC_BUCKETS',
        `feature '${series.feature}': ${role} bucket counts decrease with le: the series is not cumulative; query the _bucket series with increase() and sum by (le)`
      );
    }
    if (counted.counts.every((count) => count === 0)) {
      throw new DriftInputError(
        'ZERO_TOTAL',
        `feature '${series.feature}': the ${role} period has no observations: choose a baseline where the histogram was recorded`
      );
    }
  }
  for (const [role, counted] of [
    ['baseline', baselineOverall],
    ['current', current],
  ] as const) {
    let total = 0;
    for (const count of counted.counts) {
      total += count;
    }
    requireFinite(total, `feature '${series.feature}': ${role} observation count`, EXTREME_VALUES_HINT);
  }
  const overallBaseline = bucketBaseline(baselineOverall.counts);
  const overallScore = requireFinite(
    scoreValidatedWindows(overallBaseline, current.counts, [method])[method]![0],
    `feature '${series.feature}': ${method} distance`,
    EXTREME_VALUES_HINT
  );

  // Windows are scored per layout: usually every window has the baseline's layout.
  const windowResults: DriftWindow[] = new Array(windowCount);
  const windowsByLayout = new Map<string, { rows: number[]; windows: number[] }>();
  const windowRows: number[] = [];
  for (let w = 0; w < windowCount; w++) {
    const window = { from: boundaries[w], to: boundaries[w + 1], count: 0 };
    windowRows.length = 0;
    for (let row = 0; row < windowPresence.length; row++) {
      if (windowPresence[row][w] === 1) {
        windowRows.push(row);
      }
    }
    const common = commonLayout(baselineRows, windowRows);
    const rows = common === windowRows ? [...windowRows] : common;
    if (!rows) {
      windowResults[w] = { ...window, score: null, drifted: false, severity: null, problem: 'BUCKET_LAYOUT_MISMATCH' };
      continue;
    }
    const key = rows.join(',');
    const group = windowsByLayout.get(key) ?? { rows, windows: [] };
    group.windows.push(w);
    windowsByLayout.set(key, group);
  }
  for (const { rows, windows: members } of windowsByLayout.values()) {
    const bucketCount = rows.length;
    const windowCounts = windowBucketCounts(
      rows.map((row) => windowIncreases[row]),
      windowCount
    );
    const scores =
      bucketCount > 0 && rows[bucketCount - 1] === infinityRow
        ? scoreValidatedWindows(
            // Usually the windows' layout is the overall one, whose baseline is prepared already.
            sameRows(rows, overallRows)
              ? overallBaseline
              : bucketBaseline(singleWindowCounts(baselineIncreases, rows).counts),
            windowCounts.counts,
            [method]
          )[method]!
        : new Float64Array(windowCount).fill(NaN);
    for (const w of members) {
      let count = 0;
      for (let b = 0; b < bucketCount; b++) {
        count += windowCounts.counts[w * bucketCount + b];
      }
      const window = { from: boundaries[w], to: boundaries[w + 1], count };
      const score = scores[w];
      if (!windowCounts.cumulativeOk[w]) {
        windowResults[w] = { ...window, score: null, drifted: false, severity: null, problem: 'NON_MONOTONIC_BUCKETS' };
      } else if (!Number.isFinite(count)) {
        windowResults[w] = {
          ...window,
          count: 0,
          score: null,
          drifted: false,
          severity: null,
          problem: 'OUT_OF_RANGE',
        };
      } else if (!Number.isFinite(score)) {
        windowResults[w] = {
          ...window,
          score: null,
          drifted: false,
          severity: null,
          problem: count > 0 ? 'OUT_OF_RANGE' : 'ZERO_TOTAL',
        };
      } else {
        windowResults[w] = { ...window, score, ...windowVerdict(method, 'distance', score, threshold) };
      }
    }
  }
  const verdict = windowVerdict(method, 'distance', overallScore, threshold);
  return {
    feature: series.feature,
    source: 'buckets',
    method,
    scoreKind: 'distance',
    reason:
      series.reason ??
      (series.method
        ? `method '${method}' was chosen for this feature`
        : 'histogram buckets are compared with the Jensen–Shannon distance of their shares, the default for binned data'),
    threshold,
    score: overallScore,
    ...verdict,
    windows: windowResults,
    histogram: {
      type: 'buckets',
      upperBounds: overallRows.map((row) => sorted[row].le),
      reference: Array.from(baselineOverall.counts),
      current: Array.from(current.counts),
    },
    driftStart: latestDriftRun(windowResults),
    droppedNonFinite: 0,
  };
}

/**
 * Orders features by severity relative to their thresholds, most severe first:
 * −log10(p)/−log10(threshold) for tests and score/threshold for distances, so a p-value of
 * 0.0025 at threshold 0.05 (severity 2) ranks with a distance twice its threshold. Ties keep
 * feature-name order. Returns a new array.
 */
export function rankFeatures(features: readonly FeatureDrift[]): FeatureDrift[] {
  return [...features].sort(
    (a, b) => b.severity - a.severity || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0)
  );
}

/**
 * Drift of every feature per window over the current period, against the baseline chosen by
 * `options.baseline`, ranked by {@link rankFeatures}. Sample features use {@link detectDrift}
 * (the method is chosen once on the whole current period and kept for every window); bucket
 * features use bucket drift on counter increases. A feature whose baseline or current data is
 * unusable is listed in `problems` instead of failing the whole computation.
 * @throws DriftInputError for an invalid range, baseline mode or window size.
 */
export function computeDriftOverTime(features: readonly FeatureSeries[], options: DriftOverTimeOptions): DriftOverTime {
  const steps = driftOverTimeSteps(features, options);
  for (;;) {
    const next = steps.next();
    if (next.done) {
      return next.value;
    }
  }
}

/**
 * {@link computeDriftOverTime} in steps of a few milliseconds, for a caller that runs long work a slice at a
 * time between browser tasks: raw samples are split into windows and sorted a few hundred thousand rows a
 * step, and windows are scored a few at a time, so 10 million rows or 7,000 one-minute windows never hold the
 * thread for long. The result is the same as computeDriftOverTime's.
 */
export function* driftOverTimeSteps(
  features: readonly FeatureSeries[],
  options: DriftOverTimeOptions
): DriftSteps<DriftOverTime> {
  const { baselineRange, currentRange } = resolveBaseline(options.range, options.baseline);
  const boundaries = windowBoundaries(currentRange, options.windowMs);
  const results: FeatureDrift[] = [];
  const problems: FeatureDriftProblem[] = [];
  const windowCount = boundaries.length - 1;
  const progress = options.progress ?? { done: 0, total: 0 };
  progress.total = features.length * windowCount;
  progress.done = 0;
  for (const [index, series] of features.entries()) {
    try {
      results.push(
        isBucketFeature(series)
          ? bucketFeatureDrift(series, baselineRange, boundaries)
          : yield* sampleFeatureDriftSteps(series, baselineRange, boundaries, progress)
      );
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      problems.push({ feature: series.feature, code: error.code, message: error.message });
    }
    progress.done = (index + 1) * windowCount;
    yield;
  }
  return {
    range: options.range,
    baselineRange,
    currentRange,
    windowMs: options.windowMs,
    features: rankFeatures(results),
    problems,
  };
}
