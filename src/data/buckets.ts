import { DriftInputError } from '../analysis';
import { assertTimeRange, MAX_STEPS } from './arguments';

/** Equal-width time buckets over a range, used to aggregate logs and spans to about one per pixel column. */
export interface TimeBuckets {
  from: number;
  /** Bucket width, ms. */
  intervalMs: number;
  count: number;
}

const NICE_INTERVALS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/**
 * Buckets of a round width (15 s, 1 min, 5 min, 1 h...) so that at most `maxBuckets` cover the range;
 * aligned to the interval so that the same events fall into the same buckets whatever the range start.
 */
export function timeBuckets(range: { from: number; to: number }, maxBuckets: number): TimeBuckets {
  assertTimeRange(range, 'time range');
  if (!(maxBuckets >= 1 && maxBuckets <= MAX_STEPS)) {
    throw new DriftInputError('INVALID_ARGUMENT', `${maxBuckets} time buckets is invalid: use 1 to ${MAX_STEPS}`);
  }
  const span = Math.max(1, range.to - range.from);
  const wanted = span / Math.max(1, Math.floor(maxBuckets));
  const intervalMs =
    NICE_INTERVALS_MS.find((interval) => interval >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
  const from = Math.floor(range.from / intervalMs) * intervalMs;
  const count = Math.max(1, Math.ceil((range.to - from) / intervalMs));
  return { from, intervalMs, count };
}

/** Bucket index of a time, or -1 outside the buckets. */
export function bucketOf(buckets: TimeBuckets, time: number): number {
  const index = Math.floor((time - buckets.from) / buckets.intervalMs);
  return index >= 0 && index < buckets.count ? index : -1;
}

/** Bucket centre times, the x values of an aggregated lane. */
export function bucketTimes(buckets: TimeBuckets): Float64Array {
  const times = new Float64Array(buckets.count);
  for (let i = 0; i < buckets.count; i++) {
    times[i] = buckets.from + (i + 0.5) * buckets.intervalMs;
  }
  return times;
}
