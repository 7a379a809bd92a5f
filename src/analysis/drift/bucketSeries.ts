import { CumulativeBucket, parseLe, validateBuckets } from './buckets';
import { DriftInputError } from './errors';

/** Samples of one cumulative counter: times (epoch ms, ascending) and values. */
export interface CounterSeries {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /**
   * Optional: the per-sample increases the counter was built from, when it was (per-interval increases
   * read from a query): values[0] = 0 and values[i + 1] = values[i] + increases[i], a non-finite increase
   * adding 0. {@link counterWindowsInto} reads these instead of `values`, so a reader can build `values`
   * only on demand: for 5,000 series of 2,000 samples that saves allocating and filling 80 MB.
   */
  increases?: ArrayLike<number>;
}

/** Number of samples of a counter, without building the values of one defined by its increases. */
function sampleCount(series: CounterSeries): number {
  return series.increases ? series.increases.length + 1 : series.values.length;
}

/** The counter of one classic histogram bucket, e.g. a `_bucket{le="0.5"}` series. */
export interface BucketCounterSeries extends CounterSeries {
  /** Upper bound: a number or the label text ("0.5", "+Inf"). */
  le: number | string;
}

function assertAscendingTimes(series: CounterSeries, checkedTimes?: Set<ArrayLike<number>>): void {
  const count = sampleCount(series);
  if (series.times.length !== count) {
    throw new DriftInputError(
      'LENGTH_MISMATCH',
      `a counter series has ${series.times.length} times but ${count} values: pass the time and value fields of the same frame`
    );
  }
  if (checkedTimes?.has(series.times)) {
    return;
  }
  checkedTimes?.add(series.times);
  for (let i = 1; i < series.times.length; i++) {
    if (!(series.times[i] > series.times[i - 1])) {
      throw new DriftInputError(
        'INVALID_ARGUMENT',
        `counter sample times must be strictly ascending (sample ${i} at ${series.times[i]} follows ${series.times[i - 1]}): ` +
          'sort the frame by time and drop duplicate timestamps'
      );
    }
  }
}

/**
 * Increase of a cumulative counter in each window (boundaries[k], boundaries[k+1]]. A drop in
 * value is a counter reset: the increase is the new value, as Prometheus increase() treats
 * resets. Unlike increase(), nothing is extrapolated to the window edges: each window starts
 * from the last sample at or before its start (or its own first sample), so the windows'
 * increases add up to the increase over the whole span. Non-finite samples (stale markers) are skipped.
 */
export function counterIncreases(series: CounterSeries, boundaries: ArrayLike<number>): Float64Array {
  assertAscendingTimes(series);
  const windowCount = Math.max(boundaries.length - 1, 0);
  const increases = new Float64Array(windowCount);
  const { times, values } = series;
  let sample = 0;
  let previous = NaN;
  // Last finite value at or before the first boundary.
  while (sample < times.length && times[sample] <= boundaries[0]) {
    if (Number.isFinite(values[sample])) {
      previous = values[sample];
    }
    sample++;
  }
  for (let w = 0; w < windowCount; w++) {
    const end = boundaries[w + 1];
    let increase = 0;
    while (sample < times.length && times[sample] <= end) {
      const value = values[sample];
      if (Number.isFinite(value)) {
        if (!Number.isNaN(previous)) {
          increase += value >= previous ? value - previous : value;
        }
        previous = value;
      }
      sample++;
    }
    increases[w] = increase;
  }
  return increases;
}

/**
 * Checks a counter series as {@link counterIncreases} does: as many values as times, times strictly ascending.
 * The times arrays in `checkedTimes` are known to ascend (bucket series of one histogram usually share one):
 * those are not walked again, and the ones walked here are added.
 * @throws DriftInputError (LENGTH_MISMATCH or INVALID_ARGUMENT)
 */
export function checkCounterSeries(series: CounterSeries, checkedTimes?: Set<ArrayLike<number>>): void {
  assertAscendingTimes(series, checkedTimes);
}

/** Index of the first time greater than t (times ascending). */
function firstTimeAfter(times: ArrayLike<number>, t: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] <= t) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * {@link counterIncreases}, and whether each window has a finite sample, of one counter in a single
 * pass, for series already checked with {@link checkCounterSeries}: only the samples from the last one
 * at or before boundaries[0] to boundaries[last] are read (found by binary search). Writes each window's
 * increase into `increases` and 1 or 0 into `present` (both windowCount long), and returns the increase
 * over the whole span (added up sample by sample, exactly as counterIncreases over [first, last]
 * boundary does) and whether any window has a sample.
 */
export function counterWindowsInto(
  series: CounterSeries,
  boundaries: ArrayLike<number>,
  increases: Float64Array,
  present: Uint8Array
): { total: number; anyPresent: boolean } {
  if (series.increases) {
    return increaseWindowsInto(series.times, series.increases, boundaries, increases, present);
  }
  const windowCount = Math.max(boundaries.length - 1, 0);
  const { times, values } = series;
  const length = Math.min(times.length, values.length);
  let sample = windowCount > 0 ? firstTimeAfter(times, boundaries[0]) : length;
  let previous = NaN;
  for (let i = Math.min(sample, length) - 1; i >= 0; i--) {
    if (Number.isFinite(values[i])) {
      previous = values[i];
      break;
    }
  }
  let total = 0;
  let anyPresent = false;
  for (let w = 0; w < windowCount; w++) {
    const end = boundaries[w + 1];
    let increase = 0;
    let seen = 0;
    while (sample < length && times[sample] <= end) {
      const value = values[sample];
      if (Number.isFinite(value)) {
        seen = 1;
        if (!Number.isNaN(previous)) {
          const delta = value >= previous ? value - previous : value;
          increase += delta;
          total += delta;
        }
        previous = value;
      }
      sample++;
    }
    increases[w] = increase;
    present[w] = seen;
    if (seen) {
      anyPresent = true;
    }
  }
  return { total, anyPresent };
}

/**
 * {@link counterWindowsInto} for a counter given by its increases: the counter's values are summed up on
 * the way (from its first sample, in the same order as the counter is built), so the results are the same
 * as on the built counter. Every sample is finite and the counter never drops.
 */
function increaseWindowsInto(
  times: ArrayLike<number>,
  steps: ArrayLike<number>,
  boundaries: ArrayLike<number>,
  increases: Float64Array,
  present: Uint8Array
): { total: number; anyPresent: boolean } {
  const windowCount = Math.max(boundaries.length - 1, 0);
  const length = Math.min(times.length, steps.length + 1);
  let sample = 0;
  let value = 0;
  let previous = NaN;
  if (windowCount > 0) {
    const start = boundaries[0];
    while (sample < length && times[sample] <= start) {
      if (sample > 0) {
        const step = steps[sample - 1];
        if (Number.isFinite(step)) {
          value += step;
        }
      }
      previous = value;
      sample++;
    }
  }
  let total = 0;
  let anyPresent = false;
  for (let w = 0; w < windowCount; w++) {
    const end = boundaries[w + 1];
    let increase = 0;
    let seen = 0;
    while (sample < length && times[sample] <= end) {
      if (sample > 0) {
        const step = steps[sample - 1];
        if (Number.isFinite(step)) {
          value += step;
        }
      }
      seen = 1;
      if (!Number.isNaN(previous)) {
        const delta = value >= previous ? value - previous : value;
        increase += delta;
        total += delta;
      }
      previous = value;
      sample++;
    }
    increases[w] = increase;
    present[w] = seen;
    if (seen) {
      anyPresent = true;
    }
  }
  return { total, anyPresent };
}

/** Sorts bucket counter series by le, checking that every le is present once and +Inf exists. */
export function sortBucketSeries(series: readonly BucketCounterSeries[]): Array<{ le: number; series: CounterSeries }> {
  const parsed = series.map((s) => ({ le: parseLe(s.le), series: s })).sort((a, b) => a.le - b.le);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i].le === parsed[i - 1].le) {
      throw new DriftInputError(
        'INVALID_BUCKETS',
        `two bucket series have le=${parsed[i].le}: aggregate them with sum by (le) so that each bound appears once`
      );
    }
  }
  if (parsed.length === 0 || parsed[parsed.length - 1].le !== Infinity) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      'the bucket series have no le="+Inf" bucket: include all _bucket series (do not filter on le)'
    );
  }
  return parsed;
}

/**
 * Cumulative buckets of the observations made in (from, to], from the raw `_bucket` counters
 * (one series per le). Counter resets are handled as in {@link counterIncreases}.
 * @throws DriftInputError for missing +Inf, duplicate le, unsorted times or non-cumulative results.
 */
export function bucketsFromCounters(
  series: readonly BucketCounterSeries[],
  from: number,
  to: number
): CumulativeBucket[] {
  const buckets = sortBucketSeries(series).map(({ le, series: counter }) => ({
    le,
    count: counterIncreases(counter, [from, to])[0],
  }));
  validateBuckets(buckets, 'window');
  return buckets;
}

/**
 * One bucket of a Prometheus native histogram as the HTTP API returns it in the `histogram`
 * field of a sample (and as Grafana passes it on): [boundaryRule, lower, upper, count], with
 * numbers as strings. Boundary rule 0: (lower, upper]; 1: [lower, upper); 2: (lower, upper);
 * 3: [lower, upper]. Counts are per bucket, not cumulative.
 */
export type NativeHistogramBucket = [
  boundaryRule: number,
  lower: string | number,
  upper: string | number,
  count: string | number,
];

/** A native histogram sample: `{ count, sum, buckets }` from the Prometheus HTTP API. */
export interface NativeHistogram {
  count?: string | number;
  sum?: string | number;
  buckets?: NativeHistogramBucket[];
}

/**
 * A bucket bound as the Prometheus HTTP API writes it: a number, or "+Inf" / "-Inf" (the first bucket of a
 * histogram with custom buckets starts at -Inf).
 */
function parseNativeBound(bound: string | number): number {
  const text = typeof bound === 'string' ? bound.trim() : bound;
  return text === '+Inf' || text === 'Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
}

function parseNativeBuckets(histogram: NativeHistogram): Array<{ lower: number; upper: number; count: number }> {
  return (histogram.buckets ?? []).map(([, lower, upper, count]) => {
    const parsed = { lower: parseNativeBound(lower), upper: parseNativeBound(upper), count: Number(count) };
    if (!(parsed.lower <= parsed.upper) || !Number.isFinite(parsed.count)) {
      throw new DriftInputError(
        'INVALID_BUCKETS',
        `a native histogram bucket [${lower}, ${upper}] with count ${count} is malformed: pass the histogram field of the Prometheus response unchanged`
      );
    }
    if (parsed.count < 0) {
      throw new DriftInputError(
        'NEGATIVE_COUNT',
        `a native histogram bucket (${lower}, ${upper}] has a negative count (${count}): query it with increase() rather than delta()`
      );
    }
    return parsed;
  });
}

/** Upper bounds of all buckets of the given native histograms, ascending, with +Inf last. */
export function nativeHistogramBounds(histograms: readonly NativeHistogram[]): number[] {
  const bounds = new Set<number>();
  for (const histogram of histograms) {
    for (const bucket of parseNativeBuckets(histogram)) {
      bounds.add(bucket.upper);
    }
  }
  bounds.add(Infinity);
  return [...bounds].sort((a, b) => a - b);
}

/** `count` bounds start, start·factor, start·factor², … plus +Inf, like Prometheus' ExponentialBuckets. */
export function exponentialBounds(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || !Number.isInteger(count) || count < 1) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `exponential bounds need start > 0, factor > 1 and a positive whole count (got ${start}, ${factor}, ${count})`
    );
  }
  return [...Array.from({ length: count }, (_, i) => start * factor ** i), Infinity];
}

/**
 * Converts a native histogram to cumulative `{ le, count }` buckets on the given bounds (by
 * default its own bucket upper bounds, which is exact). When a bound falls inside a native
 * bucket, that bucket's count is split linearly between the two sides. Query native
 * histograms with increase(metric[window]) so that each sample holds one window's observations.
 * @throws DriftInputError for malformed or negative buckets, or bounds not ending at +Inf.
 */
export function nativeHistogramToBuckets(histogram: NativeHistogram, bounds?: readonly number[]): CumulativeBucket[] {
  const nativeBuckets = parseNativeBuckets(histogram);
  const targetBounds = bounds ? [...bounds] : nativeHistogramBounds([histogram]);
  if (targetBounds[targetBounds.length - 1] !== Infinity) {
    targetBounds.push(Infinity);
  }
  const buckets = targetBounds.map((le) => {
    let count = 0;
    for (const { lower, upper, count: bucketCount } of nativeBuckets) {
      if (upper <= le) {
        count += bucketCount;
      } else if (lower < le && lower > -Infinity) {
        // A bucket open below, (-Inf, upper], has no width to split: it counts whole at its upper bound.
        count += (bucketCount * (le - lower)) / (upper - lower);
      }
    }
    return { le, count };
  });
  validateBuckets(buckets, 'native histogram');
  return buckets;
}
