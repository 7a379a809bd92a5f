/**
 * Quantiles of a score: from raw values (linear interpolation between order statistics, numpy's default),
 * and from classic Prometheus histogram buckets as histogram_quantile() computes them (linear within the
 * bucket that holds the rank, the lowest bucket starting at 0 when its bound is positive, the +Inf bucket
 * answered with the highest finite bound).
 */
import { CumulativeBucket } from '../analysis';

/** The percents the predictions panel shows: p5, p25, p50, p75, p95. */
export const PANEL_PERCENTS = [5, 25, 50, 75, 95] as const;

/** The p-th percentile (0–100) of values sorted ascending; NaN when empty. */
export function sortedQuantile(sorted: ArrayLike<number>, percent: number): number {
  const n = sorted.length;
  if (n === 0) {
    return NaN;
  }
  const position = (Math.min(Math.max(percent, 0), 100) / 100) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Percentiles of unsorted finite values (the input is not modified). */
export function sampleQuantiles(values: Float64Array, percents: readonly number[] = PANEL_PERCENTS): number[] {
  const sorted = Float64Array.from(values).sort();
  return percents.map((percent) => sortedQuantile(sorted, percent));
}

/**
 * histogram_quantile(q, buckets) for cumulative buckets sorted by le with +Inf last, q in [0, 1].
 * NaN when the histogram counts nothing or has fewer than two buckets, as Prometheus answers.
 */
export function bucketQuantile(q: number, buckets: readonly CumulativeBucket[]): number {
  if (q < 0) {
    return -Infinity;
  }
  if (q > 1) {
    return Infinity;
  }
  const n = buckets.length;
  if (n < 2 || buckets[n - 1].le !== Infinity) {
    return NaN;
  }
  const total = buckets[n - 1].count;
  if (!(total > 0)) {
    return NaN;
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
  return start + (buckets[b].le - start) * ((rank - below) / inBucket);
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
  /** One row per percent in `percents`, one value per window (NaN when the window is empty). */
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
    bucket.sort();
    percents.forEach((percent, p) => {
      rows[p][k] = sortedQuantile(bucket, percent);
    });
  });
  return { starts: boundaries.slice(0, -1), end: boundaries[windows], values: rows, percents, counts };
}
