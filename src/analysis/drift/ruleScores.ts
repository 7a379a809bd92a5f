import { BucketDriftMethod, BUCKET_DRIFT_METHODS, prepareBucketBaseline, scoreBucketWindows } from './buckets';
import { checkCounterSeries, counterWindowsInto, sortBucketSeries } from './bucketSeries';
import { DriftInputError } from './errors';
import type { BucketFeatureSeries, TimeRange } from './windows';

export interface RuleScoreOptions {
  /**
   * The rule's baseline: a fixed range (the `@` modifier), or the window `shiftMs` before the current one
   * and `durationMs` long (an `offset`; the previous period is a shift of one window).
   */
  baseline: { range: TimeRange } | { shiftMs: number; durationMs: number };
  /** When the rule is evaluated, epoch ms ascending. */
  evaluationTimes: ArrayLike<number>;
  /** The rule's current window: each evaluation at t scores the increases over (t − windowMs, t]. */
  windowMs: number;
  method: BucketDriftMethod;
}

/** Index of `time` in the ascending `boundaries` (it is one of them). */
function boundaryIndex(boundaries: Float64Array, time: number): number {
  let low = 0;
  let high = boundaries.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (boundaries[middle] < time) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * Per-bucket counts from cumulative ones (over le) into `into` at `offset`; false when they decrease with le
 * (not one cumulative histogram, as during a re-bucketing) or count nothing.
 */
function perBucketInto(cumulative: ArrayLike<number>, into: Float64Array, offset: number): boolean {
  let previous = 0;
  let ok = true;
  for (let b = 0; b < cumulative.length; b++) {
    const count = cumulative[b] - previous;
    if (count < 0) {
      ok = false;
    }
    into[offset + b] = Math.max(count, 0);
    previous = cumulative[b];
  }
  return ok && previous > 0;
}

/**
 * The drift score a rule would record at each evaluation time, as the engine scores bucket windows: the
 * bucket increases over the window (t − windowMs, t] against the increases over the baseline. NaN where the
 * rule records nothing: a window without observations, counts that are not cumulative over le, or (for a
 * shifted baseline) a baseline window without observations. Windows overlap when the evaluations are
 * closer than `windowMs`, as a rule's do; with a fixed baseline and evaluations `windowMs` apart the scores
 * are the windows of computeDriftOverTime over the same period.
 * @throws DriftInputError when a fixed baseline has no observations or no +Inf bucket, for an unknown
 * method, a window or shift that is not positive, or bucket series that are not one histogram.
 */
export function bucketScoresAt(series: BucketFeatureSeries, options: RuleScoreOptions): Float64Array {
  const { baseline, evaluationTimes, windowMs, method } = options;
  if (!BUCKET_DRIFT_METHODS.includes(method)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown bucket drift method '${String(method)}': use ${BUCKET_DRIFT_METHODS.join(', ')}`
    );
  }
  const shift = 'shiftMs' in baseline ? baseline : undefined;
  for (const [role, ms] of [
    ['window', windowMs],
    ['baseline shift', shift?.shiftMs ?? 1],
    ['baseline length', shift?.durationMs ?? 1],
  ] as const) {
    if (!(ms > 0 && Number.isFinite(ms))) {
      throw new DriftInputError('INVALID_ARGUMENT', `${role} ${ms} ms is invalid: use a positive duration, e.g. 1h`);
    }
  }
  const sorted = sortBucketSeries(series.buckets);
  const checkedTimes = new Set<ArrayLike<number>>();
  for (const { series: counter } of sorted) {
    checkCounterSeries(counter, checkedTimes);
  }
  const evaluations = evaluationTimes.length;
  // Every window's (and shifted baseline's) start and end, once each and ascending: increases between
  // consecutive ones add up to a window's.
  const perEvaluation = shift ? 4 : 2;
  const edges = new Float64Array(evaluations * perEvaluation);
  for (let k = 0; k < evaluations; k++) {
    const t = evaluationTimes[k];
    edges[perEvaluation * k] = t - windowMs;
    edges[perEvaluation * k + 1] = t;
    if (shift) {
      edges[perEvaluation * k + 2] = t - shift.shiftMs - shift.durationMs;
      edges[perEvaluation * k + 3] = t - shift.shiftMs;
    }
  }
  edges.sort();
  let unique = 0;
  for (let i = 0; i < edges.length; i++) {
    if (i === 0 || edges[i] !== edges[unique - 1]) {
      edges[unique++] = edges[i];
    }
  }
  const boundaries = edges.subarray(0, unique);
  const segments = Math.max(unique - 1, 0);
  // Running increase of each le series at every boundary: a window's increase is a difference of two.
  const running: Float64Array[] = [];
  const segmentIncreases = new Float64Array(segments);
  const segmentPresent = new Uint8Array(segments);
  for (const { series: counter } of sorted) {
    counterWindowsInto(counter, boundaries, segmentIncreases, segmentPresent);
    const sums = new Float64Array(unique);
    for (let s = 0; s < segments; s++) {
      sums[s + 1] = sums[s] + segmentIncreases[s];
    }
    running.push(sums);
  }
  const increasesInto = (rows: number[], from: number, to: number, cumulative: Float64Array) => {
    const start = boundaryIndex(boundaries, from);
    const end = boundaryIndex(boundaries, to);
    rows.forEach((row, b) => (cumulative[b] = running[row][end] - running[row][start]));
  };

  if (shift) {
    const rows = sorted.map((_, row) => row);
    const cumulative = new Float64Array(rows.length);
    const baselineCounts = new Float64Array(rows.length);
    const currentCounts = new Float64Array(rows.length);
    const scores = new Float64Array(evaluations);
    for (let k = 0; k < evaluations; k++) {
      const t = evaluationTimes[k];
      increasesInto(rows, t - shift.shiftMs - shift.durationMs, t - shift.shiftMs, cumulative);
      const baselineOk = perBucketInto(cumulative, baselineCounts, 0);
      increasesInto(rows, t - windowMs, t, cumulative);
      const currentOk = perBucketInto(cumulative, currentCounts, 0);
      scores[k] =
        baselineOk && currentOk
          ? scoreBucketWindows(prepareBucketBaseline(baselineCounts), currentCounts, [method])[method]![0]
          : NaN;
    }
    return scores;
  }

  // A fixed baseline: scored on the bucket bounds it has, prepared once.
  const { range } = baseline as { range: TimeRange };
  const baselineIncrease = new Float64Array(1);
  const baselinePresent = new Uint8Array(1);
  const rows: number[] = [];
  const baselineCumulative: number[] = [];
  sorted.forEach(({ series: counter }, row) => {
    counterWindowsInto(counter, [range.from, range.to], baselineIncrease, baselinePresent);
    if (baselinePresent[0] === 1) {
      rows.push(row);
      baselineCumulative.push(baselineIncrease[0]);
    }
  });
  if (rows[rows.length - 1] !== sorted.length - 1) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `feature '${series.feature}': the baseline has no le="+Inf" samples: choose a baseline where the histogram was recorded`
    );
  }
  const bucketCount = rows.length;
  const baselineCounts = new Float64Array(bucketCount);
  if (!perBucketInto(baselineCumulative, baselineCounts, 0)) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `feature '${series.feature}': the baseline has no usable observations (none, or counts that are not cumulative over le)`
    );
  }
  const windowCounts = new Float64Array(evaluations * bucketCount);
  const cumulative = new Float64Array(bucketCount);
  const usable = new Uint8Array(evaluations);
  for (let k = 0; k < evaluations; k++) {
    increasesInto(rows, evaluationTimes[k] - windowMs, evaluationTimes[k], cumulative);
    usable[k] = perBucketInto(cumulative, windowCounts, k * bucketCount) ? 1 : 0;
  }
  const scores = scoreBucketWindows(prepareBucketBaseline(baselineCounts), windowCounts, [method])[method]!;
  for (let k = 0; k < evaluations; k++) {
    if (!usable[k]) {
      scores[k] = NaN;
    }
  }
  return scores;
}
