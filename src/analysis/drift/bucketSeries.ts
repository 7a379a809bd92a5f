import { CumulativeBucket, parseLe, validateBuckets } from './buckets';
import { DriftInputError } from './errors';

/** Samples of one cumulative counter: times (epoch ms, ascending) and values. */
export interface CounterSeries {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** The counter of one classic histogram bucket, e.g. a `_bucket{le="0.5"}` series. */
export interface BucketCounterSeries extends CounterSeries {
  /** Upper bound: a number or the label text ("0.5", "+Inf"). */
  le: number | string;
}

function assertAscendingTimes(series: CounterSeries): void {
  if (series.times.length !== series.values.length) {
    throw new DriftInputError(
      'LENGTH_MISMATCH',
      `a counter series has ${series.times.length} times but ${series.values.length} values: pass the time and value fields of the same frame`
    );
  }
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

function parseNativeBuckets(histogram: NativeHistogram): Array<{ lower: number; upper: number; count: number }> {
  return (histogram.buckets ?? []).map(([, lower, upper, count]) => {
    const parsed = { lower: Number(lower), upper: Number(upper), count: Number(count) };
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
      } else if (lower < le) {
        count += (bucketCount * (le - lower)) / (upper - lower);
      }
    }
    return { le, count };
  });
  validateBuckets(buckets, 'native histogram');
  return buckets;
}

/** Whether a counter has a finite sample in each window (boundaries[k], boundaries[k+1]]. */
export function counterPresence(series: CounterSeries, boundaries: ArrayLike<number>): boolean[] {
  const windowCount = Math.max(boundaries.length - 1, 0);
  const present: boolean[] = new Array(windowCount).fill(false);
  let window = 0;
  for (let i = 0; i < series.times.length && window < windowCount; i++) {
    const t = series.times[i];
    if (t <= boundaries[0] || !Number.isFinite(series.values[i])) {
      continue;
    }
    while (window < windowCount && t > boundaries[window + 1]) {
      window++;
    }
    if (window < windowCount) {
      present[window] = true;
    }
  }
  return present;
}
