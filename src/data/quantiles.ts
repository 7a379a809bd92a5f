/**
 * Quantiles of a score: from raw values (linear interpolation between order statistics, numpy's default),
 * and from classic Prometheus histogram buckets as histogram_quantile() computes them (linear within the
 * bucket that holds the rank, the lowest bucket starting at 0 when its bound is positive, the +Inf bucket
 * answered with the highest finite bound).
 */
import { CumulativeBucket, DriftInputError, validateBuckets } from '../analysis';
import { assertBoundaries, assertTimeRange, MAX_STEPS } from './arguments';

/** The percents the predictions panel shows: p5, p25, p50, p75, p95. */
export const PANEL_PERCENTS = [5, 25, 50, 75, 95] as const;

function assertPercent(percent: number): void {
  if (!Number.isFinite(percent)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the percentile ${percent} is not a number: use a value from 0 to 100`
    );
  }
}

/** The p-th percentile (0–100, clamped) of finite values sorted ascending. */
export function sortedQuantile(sorted: ArrayLike<number>, percent: number): number {
  assertPercent(percent);
  const n = sorted.length;
  if (n === 0) {
    throw new DriftInputError('EMPTY_INPUT', 'no values to take a percentile of: widen the time range');
  }
  const position = (Math.min(Math.max(percent, 0), 100) / 100) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const low = sorted[below];
  const high = sorted[above];
  const fraction = position - below;
  const difference = high - low;
  // Values near ±1.8e308 overflow the difference: weigh the two ends instead.
  const quantile = Number.isFinite(difference) ? low + difference * fraction : low * (1 - fraction) + high * fraction;
  if (!Number.isFinite(quantile)) {
    throw new DriftInputError('INVALID_ARGUMENT', `the values hold ${low} and ${high}: percentiles need finite values`);
  }
  return quantile;
}

/** Percentiles of a sample's finite values (the input is not modified). */
export function sampleQuantiles(values: Float64Array, percents: readonly number[] = PANEL_PERCENTS): number[] {
  const sorted = values.filter(Number.isFinite).sort();
  return percents.map((percent) => sortedQuantile(sorted, percent));
}

/**
 * histogram_quantile(q, buckets) for cumulative buckets sorted by le with +Inf last, q in [0, 1].
 * Where Prometheus answers NaN (nothing counted, no finite bucket) or ±Inf (q outside [0, 1]), this throws a
 * DriftInputError saying so.
 */
export function bucketQuantile(q: number, buckets: readonly CumulativeBucket[]): number {
  if (!(q >= 0 && q <= 1)) {
    throw new DriftInputError('INVALID_ARGUMENT', `the quantile ${q} is outside [0, 1]: use e.g. 0.95 for p95`);
  }
  validateBuckets(buckets, 'quantile');
  const n = buckets.length;
  if (n < 2) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      'the histogram has only the +Inf bucket, so its quantiles are unknown: query every _bucket series of the histogram'
    );
  }
  const total = buckets[n - 1].count;
  if (!(total > 0)) {
    throw new DriftInputError('ZERO_TOTAL', 'the histogram counts no observations here: widen the time range');
  }
  const rank = q * total;
  // The first bucket whose cumulative count reaches the rank, searched among all but +Inf.
  let b = 0;
  while (b < n - 1 && buckets[b].count < rank) {
    b++;
  }
  if (b === n - 1) {
    return buckets[n - 2].le;
  }
  if (b === 0 && buckets[0].le <= 0) {
    return buckets[0].le;
  }
  const start = b === 0 ? 0 : buckets[b - 1].le;
  const below = b === 0 ? 0 : buckets[b - 1].count;
  const inBucket = buckets[b].count - below;
  if (inBucket <= 0) {
    return buckets[b].le;
  }
  const width = buckets[b].le - start;
  const fraction = (rank - below) / inBucket;
  // Bounds near ±1.8e308 overflow the width: weigh the two bounds instead.
  return Number.isFinite(width) ? start + width * fraction : start * (1 - fraction) + buckets[b].le * fraction;
}

/** Percentiles (0–100) from cumulative buckets. */
export function bucketQuantiles(
  buckets: readonly CumulativeBucket[],
  percents: readonly number[] = PANEL_PERCENTS
): number[] {
  return percents.map((percent) => bucketQuantile(percent / 100, buckets));
}

/** Window boundaries from `from` in steps of `stepMs`, the last one at or after `to`. */
export function stepBoundaries(from: number, to: number, stepMs: number): number[] {
  assertTimeRange({ from, to }, 'range', true);
  if (!(stepMs > 0 && Number.isFinite(stepMs) && (to - from) / stepMs <= MAX_STEPS)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `a step of ${stepMs} ms is invalid for a ${to - from} ms range: use a positive step giving at most ${MAX_STEPS} windows`
    );
  }
  const boundaries: number[] = [];
  for (let t = from; t < to; t += stepMs) {
    boundaries.push(t);
  }
  boundaries.push(Math.max(to, boundaries[boundaries.length - 1] + stepMs));
  return boundaries;
}

/** Index of the window [boundaries[k], boundaries[k+1]) holding time t, or -1; boundaries evenly spaced. */
export function windowIndex(t: number, boundaries: readonly number[]): number {
  const last = boundaries.length - 1;
  if (!(t >= boundaries[0] && t < boundaries[last])) {
    return -1;
  }
  const step = boundaries[1] - boundaries[0];
  if (!(step > 0 && Number.isFinite(step))) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `window boundaries ${boundaries[0]}, ${boundaries[1]} are not evenly spaced steps`
    );
  }
  let k = Math.min(last - 1, Math.floor((t - boundaries[0]) / step));
  while (k > 0 && t < boundaries[k]) {
    k--;
  }
  while (k < last - 1 && t >= boundaries[k + 1]) {
    k++;
  }
  return k;
}

export interface QuantileSeries {
  /** Window starts; the last window ends at `end`. */
  starts: number[];
  end: number;
  /** One row per percent in `percents`, one value per window (NaN when the window is empty: a gap). */
  values: number[][];
  percents: readonly number[];
  counts: number[];
}

/** Percentiles of raw values per time window (rows outside the windows and non-finite values are skipped). */
export function sampleQuantilesOverTime(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  boundaries: readonly number[],
  percents: readonly number[] = PANEL_PERCENTS
): QuantileSeries {
  assertBoundaries(boundaries, 'window');
  percents.forEach(assertPercent);
  const windows = boundaries.length - 1;
  const counts = new Array<number>(windows).fill(0);
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = Number.isFinite(values[i]) ? windowIndex(times[i], boundaries) : -1;
    index[i] = k;
    if (k >= 0) {
      counts[k]++;
    }
  }
  const buckets = counts.map((count) => new Float64Array(count));
  const filled = new Array<number>(windows).fill(0);
  for (let i = 0; i < values.length; i++) {
    const k = index[i];
    if (k >= 0) {
      buckets[k][filled[k]++] = values[i];
    }
  }
  const rows = percents.map(() => new Array<number>(windows).fill(NaN));
  buckets.forEach((bucket, k) => {
    if (bucket.length === 0) {
      return;
    }
    bucket.sort();
    percents.forEach((percent, p) => {
      rows[p][k] = sortedQuantile(bucket, percent);
    });
  });
  return { starts: boundaries.slice(0, -1), end: boundaries[windows], values: rows, percents, counts };
}
