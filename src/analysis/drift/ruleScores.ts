import { BucketDriftMethod, BUCKET_DRIFT_METHODS, prepareBucketBaseline, scoreBucketWindows } from './buckets';
import { checkCounterSeries, counterWindowsInto, sortBucketSeries } from './bucketSeries';
import { DriftInputError } from './errors';
import type { BucketFeatureSeries, TimeRange } from './windows';

export interface RuleScoreOptions {
  /** The rule's baseline, resolved to a range. */
  baselineRange: TimeRange;
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
 * The drift score a rule would record at each evaluation time, as the engine scores bucket windows: the
 * bucket increases over the window (t − windowMs, t] against the increases over the baseline, both on the
 * bucket bounds the baseline has. NaN where the rule records nothing: a window without observations, or
 * whose counts are not cumulative over le. Windows overlap when the evaluations are closer than
 * `windowMs`, as a rule's do; at evaluations `windowMs` apart the scores are the windows of
 * computeDriftOverTime over the same period.
 * @throws DriftInputError when the baseline has no observations or no +Inf bucket, for an unknown
 * method, a window that is not positive, or bucket series that are not one histogram.
 */
export function bucketScoresAt(series: BucketFeatureSeries, options: RuleScoreOptions): Float64Array {
  const { baselineRange, evaluationTimes, windowMs, method } = options;
  if (!BUCKET_DRIFT_METHODS.includes(method)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown bucket drift method '${String(method)}': use ${BUCKET_DRIFT_METHODS.join(', ')}`
    );
  }
  if (!(windowMs > 0 && Number.isFinite(windowMs))) {
    throw new DriftInputError('INVALID_ARGUMENT', `window ${windowMs} ms is invalid: use a positive window, e.g. 1h`);
  }
  const sorted = sortBucketSeries(series.buckets);
  const checkedTimes = new Set<ArrayLike<number>>();
  for (const { series: counter } of sorted) {
    checkCounterSeries(counter, checkedTimes);
  }
  const evaluations = evaluationTimes.length;
  // Every window start and end, once each and ascending: increases between consecutive ones add up to a window's.
  const edges = new Float64Array(evaluations * 2);
  for (let k = 0; k < evaluations; k++) {
    edges[2 * k] = evaluationTimes[k] - windowMs;
    edges[2 * k + 1] = evaluationTimes[k];
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

  const baselineIncrease = new Float64Array(1);
  const baselinePresent = new Uint8Array(1);
  const rows: number[] = [];
  const baselineCumulative: number[] = [];
  sorted.forEach(({ series: counter }, row) => {
    counterWindowsInto(counter, [baselineRange.from, baselineRange.to], baselineIncrease, baselinePresent);
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
  for (let b = 0; b < bucketCount; b++) {
    baselineCounts[b] = baselineCumulative[b] - (b > 0 ? baselineCumulative[b - 1] : 0);
  }
  if (baselineCounts.some((count) => count < 0) || baselineCumulative[bucketCount - 1] <= 0) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `feature '${series.feature}': the baseline has no usable observations (none, or counts that are not cumulative over le)`
    );
  }

  // Running increase of each baseline row at every boundary: a window's increase is a difference of two.
  const running: Float64Array[] = [];
  const segmentIncreases = new Float64Array(segments);
  const segmentPresent = new Uint8Array(segments);
  for (const row of rows) {
    counterWindowsInto(sorted[row].series, boundaries, segmentIncreases, segmentPresent);
    const sums = new Float64Array(unique);
    for (let s = 0; s < segments; s++) {
      sums[s + 1] = sums[s] + segmentIncreases[s];
    }
    running.push(sums);
  }
  const windowCounts = new Float64Array(evaluations * bucketCount);
  const usable = new Uint8Array(evaluations);
  for (let k = 0; k < evaluations; k++) {
    const start = boundaryIndex(boundaries, evaluationTimes[k] - windowMs);
    const end = boundaryIndex(boundaries, evaluationTimes[k]);
    let previous = 0;
    let cumulativeOk = true;
    for (let b = 0; b < bucketCount; b++) {
      const cumulative = running[b][end] - running[b][start];
      const count = cumulative - previous;
      if (count < 0) {
        cumulativeOk = false;
      }
      windowCounts[k * bucketCount + b] = Math.max(count, 0);
      previous = cumulative;
    }
    usable[k] = cumulativeOk ? 1 : 0;
  }
  const scores = scoreBucketWindows(prepareBucketBaseline(baselineCounts), windowCounts, [method])[method]!;
  for (let k = 0; k < evaluations; k++) {
    if (!usable[k]) {
      scores[k] = NaN;
    }
  }
  return scores;
}
