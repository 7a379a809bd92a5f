import { DriftInputError } from './errors';

/** One bucket of a classic Prometheus histogram: observations <= le, cumulative. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/** Drift measures on histogram buckets. ks here is the statistic (largest CDF gap), not a p-value. */
export type BucketDriftMethod = 'psi' | 'jensenshannon' | 'ks' | 'hellinger';

/** Every bucket drift method, in a fixed order. */
export const BUCKET_DRIFT_METHODS: readonly BucketDriftMethod[] = ['psi', 'jensenshannon', 'ks', 'hellinger'];

/** Default thresholds for bucket drift (all are distances: drift when score >= threshold). */
export const DEFAULT_BUCKET_THRESHOLDS: Readonly<Record<BucketDriftMethod, number>> = {
  psi: 0.1,
  jensenshannon: 0.1,
  ks: 0.1,
  hellinger: 0.1,
};

const NOT_CUMULATIVE_HINT = 'the series is not cumulative; query the _bucket series with increase() and sum by (le)';
// Evidently's empty-bin fill, as in psi(): 0.0001, or smallest non-zero share / 10^6 when that is <= 0.0001.
const EMPTY_SHARE = 0.0001;
const SMALL_SHARE_DIVISOR = 1e6;

function formatLe(le: number): string {
  return le === Infinity ? '+Inf' : String(le);
}

/** Parses a Prometheus `le` label value ("0.5", "+Inf"). */
export function parseLe(label: string | number): number {
  if (typeof label === 'number') {
    return label;
  }
  const trimmed = label.trim();
  const value = trimmed === '+Inf' || trimmed === 'Inf' ? Infinity : Number(trimmed);
  if (trimmed === '' || Number.isNaN(value)) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      `the le label '${label}' is not a number: select the _bucket series of a histogram, whose le labels are bounds like "0.5" or "+Inf"`
    );
  }
  return value;
}

/**
 * Checks a cumulative bucket list: non-empty, le strictly ascending and ending at +Inf, counts
 * finite, non-negative and non-decreasing.
 */
export function validateBuckets(buckets: readonly CumulativeBucket[], role: string): void {
  if (buckets.length === 0) {
    throw new DriftInputError(
      'EMPTY_INPUT',
      `the ${role} histogram has no buckets: the query returned no _bucket series for this range`
    );
  }
  for (let i = 0; i < buckets.length; i++) {
    const { le, count } = buckets[i];
    if (Number.isNaN(le) || (i > 0 && le <= buckets[i - 1].le)) {
      throw new DriftInputError(
        'INVALID_BUCKETS',
        `the ${role} buckets are not in ascending le order at le=${formatLe(le)}: ` +
          'sort the series by le and merge duplicates with sum by (le)'
      );
    }
    if (!Number.isFinite(count)) {
      throw new DriftInputError(
        'INVALID_BUCKETS',
        `the ${role} bucket le=${formatLe(le)} has count ${count}: fill gaps in the query instead of passing NaN`
      );
    }
    if (count < 0) {
      throw new DriftInputError(
        'NEGATIVE_COUNT',
        `the ${role} bucket le=${formatLe(le)} has a negative count (${count}): ` +
          'use increase() rather than delta() on bucket counters'
      );
    }
    if (i > 0 && count < buckets[i - 1].count) {
      throw new DriftInputError(
        'NON_MONOTONIC_BUCKETS',
        `${role} bucket counts decrease from le=${formatLe(buckets[i - 1].le)} to le=${formatLe(le)}: ${NOT_CUMULATIVE_HINT}`
      );
    }
  }
  if (buckets[buckets.length - 1].le !== Infinity) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      `the ${role} histogram has no le="+Inf" bucket: include all _bucket series (do not filter on le)`
    );
  }
}

function boundsOf(buckets: readonly CumulativeBucket[]): number[] {
  return buckets.map((bucket) => bucket.le);
}

function isSubset(inner: number[], outer: number[]): boolean {
  const outerSet = new Set(outer);
  return inner.every((le) => outerSet.has(le));
}

/** Keeps only the buckets at the given bounds; exact for cumulative counts. */
export function coarsenBuckets(buckets: readonly CumulativeBucket[], bounds: readonly number[]): CumulativeBucket[] {
  const byLe = new Map(buckets.map((bucket) => [bucket.le, bucket.count]));
  return bounds.map((le) => {
    const count = byLe.get(le);
    if (count === undefined) {
      throw new DriftInputError(
        'BUCKET_LAYOUT_MISMATCH',
        `there is no bucket at le=${formatLe(le)} to coarsen to: the layouts cannot be aligned`
      );
    }
    return { le, count };
  });
}

/**
 * Brings two validated bucket lists to one layout. Equal layouts pass through; when one
 * layout's bounds are a subset of the other's, the finer one is coarsened to the common bounds.
 * @throws DriftInputError (BUCKET_LAYOUT_MISMATCH) when neither layout contains the other.
 */
export function alignBucketLayouts(
  reference: readonly CumulativeBucket[],
  current: readonly CumulativeBucket[]
): { reference: CumulativeBucket[]; current: CumulativeBucket[]; bounds: number[] } {
  const referenceBounds = boundsOf(reference);
  const currentBounds = boundsOf(current);
  if (isSubset(referenceBounds, currentBounds)) {
    return { reference: [...reference], current: coarsenBuckets(current, referenceBounds), bounds: referenceBounds };
  }
  if (isSubset(currentBounds, referenceBounds)) {
    return { reference: coarsenBuckets(reference, currentBounds), current: [...current], bounds: currentBounds };
  }
  throw new DriftInputError(
    'BUCKET_LAYOUT_MISMATCH',
    `the bucket layouts differ (reference le=${referenceBounds.map(formatLe).join(',')}; ` +
      `current le=${currentBounds.map(formatLe).join(',')}) and neither contains the other: ` +
      'the histogram was re-bucketed inside the range; compare windows on one side of the change or sum by (le) over a common set of buckets'
  );
}

/** Per-bucket counts from cumulative ones. */
export function perBucketCounts(buckets: readonly CumulativeBucket[]): Float64Array {
  const counts = new Float64Array(buckets.length);
  let previous = 0;
  for (let i = 0; i < buckets.length; i++) {
    counts[i] = buckets[i].count - previous;
    previous = buckets[i].count;
  }
  return counts;
}

/** Baseline quantities reused for every window scored against it. */
export interface BucketBaseline {
  bucketCount: number;
  shares: Float64Array;
  sqrtShares: Float64Array;
  cumulativeShares: Float64Array;
  filledShares: Float64Array;
  logFilledShares: Float64Array;
  /** ln of each share (0 where the share is 0). */
  logShares: Float64Array;
}

// Natural logs of small integer counts, so that typical bucket counts need no Math.log call.
const LOG_TABLE_SIZE = 65536;
const logTable = new Float64Array(LOG_TABLE_SIZE);
for (let k = 1; k < LOG_TABLE_SIZE; k++) {
  logTable[k] = Math.log(k);
}

// Below this |p − q| / (p + q) the Jensen–Shannon term is summed as a series: no logarithm and
// no cancellation; 8 terms reach double precision. With d = (p − q)/(p + q) and m = (p + q)/2,
// p·ln(p/m) + q·ln(q/m) = (p + q)·Σ_k d^(2k) / (2k(2k − 1)).
const SERIES_MAX_RELATIVE_DIFFERENCE = 0.1;
const S1 = 1 / 2;
const S2 = 1 / 12;
const S3 = 1 / 30;
const S4 = 1 / 56;
const S5 = 1 / 90;
const S6 = 1 / 132;
const S7 = 1 / 182;
const S8 = 1 / 240;

/** Precomputes shares of a baseline per-bucket count vector (total must be positive). */
export function prepareBucketBaseline(counts: Float64Array): BucketBaseline {
  const bucketCount = counts.length;
  let total = 0;
  for (let i = 0; i < bucketCount; i++) {
    total += counts[i];
  }
  const shares = new Float64Array(bucketCount);
  const sqrtShares = new Float64Array(bucketCount);
  const cumulativeShares = new Float64Array(bucketCount);
  const filledShares = new Float64Array(bucketCount);
  const logFilledShares = new Float64Array(bucketCount);
  const logShares = new Float64Array(bucketCount);
  const inverseTotal = 1 / total;
  const fill = fillForEmpty(smallestNonZero(counts, 0, bucketCount), total);
  let cumulative = 0;
  for (let i = 0; i < bucketCount; i++) {
    const share = counts[i] * inverseTotal;
    shares[i] = share;
    sqrtShares[i] = Math.sqrt(share);
    cumulative += counts[i];
    cumulativeShares[i] = cumulative * inverseTotal;
    filledShares[i] = share === 0 ? fill : share;
    logFilledShares[i] = Math.log(filledShares[i]);
    logShares[i] = share > 0 ? Math.log(share) : 0;
  }
  return { bucketCount, shares, logShares, sqrtShares, cumulativeShares, filledShares, logFilledShares };
}

/** Scores of windows per method; NaN marks a window without observations. */
export type BucketWindowScores = Partial<Record<BucketDriftMethod, Float64Array>>;

/** Observations per window. */
function windowTotals(counts: Float64Array, bucketCount: number, windowCount: number): Float64Array {
  const totals = new Float64Array(windowCount);
  for (let w = 0, offset = 0; w < windowCount; w++, offset += bucketCount) {
    let total = 0;
    for (let i = 0; i < bucketCount; i++) {
      total += counts[offset + i];
    }
    totals[w] = total;
  }
  return totals;
}

function smallestNonZero(counts: Float64Array, offset: number, length: number): number {
  let smallest = Infinity;
  for (let i = offset; i < offset + length; i++) {
    const count = counts[i];
    if (count > 0 && count < smallest) {
      smallest = count;
    }
  }
  return smallest;
}

/**
 * ln(count): exact from the table for whole counts inside it, else Math.log. Callers pass logTable
 * as a local so the hot loops do not reload the module binding on every bucket.
 */
function logCount(table: Float64Array, count: number): number {
  return count < LOG_TABLE_SIZE && (count | 0) === count ? table[count | 0] : Math.log(count);
}

function fillForEmpty(smallestNonZero: number, total: number): number {
  const share = smallestNonZero / total;
  return share <= EMPTY_SHARE ? share / SMALL_SHARE_DIVISOR : EMPTY_SHARE;
}

type WindowScorer = (baseline: BucketBaseline, counts: Float64Array, totals: Float64Array, out: Float64Array) => void;

// Each scorer loops over all windows itself: a call per window through the method table kept
// V8 from inlining the per-bucket work. No allocation and no extra pass over the counts: totals
// come from scoreBucketWindows, and whole counts read exact logs from logTable.

function psiOfWindows(baseline: BucketBaseline, counts: Float64Array, totals: Float64Array, out: Float64Array): void {
  const { bucketCount, filledShares, logFilledShares } = baseline;
  const logs = logTable;
  for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
    const total = totals[w];
    if (!(total > 0)) {
      out[w] = NaN;
      continue;
    }
    const fill = fillForEmpty(smallestNonZero(counts, offset, bucketCount), total);
    const logFill = Math.log(fill);
    const inverseTotal = 1 / total;
    const logTotal = Math.log(total);
    let sum = 0;
    // Each term (r − c)·ln(r/c) is >= 0; a negative one is rounding when r ≈ c, so it is dropped.
    for (let i = 0; i < bucketCount; i++) {
      const count = counts[offset + i];
      let share = fill;
      let logShare = logFill;
      if (count > 0) {
        share = count * inverseTotal;
        logShare = logCount(logs, count) - logTotal;
      }
      const term = (filledShares[i] - share) * (logFilledShares[i] - logShare);
      sum += term > 0 ? term : 0;
    }
    out[w] = sum;
  }
}

function jensenShannonOfWindows(
  baseline: BucketBaseline,
  counts: Float64Array,
  totals: Float64Array,
  out: Float64Array
): void {
  const { bucketCount, shares, logShares } = baseline;
  const logs = logTable;
  for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
    const total = totals[w];
    if (!(total > 0)) {
      out[w] = NaN;
      continue;
    }
    const inverseTotal = 1 / total;
    const logTotal = Math.log(total);
    let sum = 0;
    for (let i = 0; i < bucketCount; i++) {
      const count = counts[offset + i];
      const p = shares[i];
      const q = count * inverseTotal;
      const pq = p + q;
      if (p === 0 || q === 0) {
        // One side empty: m = pq/2 and the term p·ln(p/m) + q·ln(q/m) is pq·ln 2 (0 when both are).
        sum += pq * Math.LN2;
        continue;
      }
      const difference = p - q;
      if (difference < SERIES_MAX_RELATIVE_DIFFERENCE * pq && difference > -SERIES_MAX_RELATIVE_DIFFERENCE * pq) {
        const d = difference / pq;
        const d2 = d * d;
        sum += pq * d2 * (S1 + d2 * (S2 + d2 * (S3 + d2 * (S4 + d2 * (S5 + d2 * (S6 + d2 * (S7 + d2 * S8)))))));
        continue;
      }
      const logQ = logCount(logs, count) - logTotal;
      const logMiddle = Math.log(pq) - Math.LN2;
      sum += p * (logShares[i] - logMiddle) + q * (logQ - logMiddle);
    }
    out[w] = Math.sqrt(Math.max(0, sum / 2));
  }
}

function largestGapOfWindows(
  baseline: BucketBaseline,
  counts: Float64Array,
  totals: Float64Array,
  out: Float64Array
): void {
  const { bucketCount, cumulativeShares } = baseline;
  for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
    const total = totals[w];
    if (!(total > 0)) {
      out[w] = NaN;
      continue;
    }
    const inverseTotal = 1 / total;
    let cumulative = 0;
    let largest = 0;
    for (let i = 0; i < bucketCount; i++) {
      cumulative += counts[offset + i];
      const gap = Math.abs(cumulativeShares[i] - cumulative * inverseTotal);
      if (gap > largest) {
        largest = gap;
      }
    }
    out[w] = largest;
  }
}

function hellingerOfWindows(
  baseline: BucketBaseline,
  counts: Float64Array,
  totals: Float64Array,
  out: Float64Array
): void {
  const { bucketCount, sqrtShares } = baseline;
  for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
    const total = totals[w];
    if (!(total > 0)) {
      out[w] = NaN;
      continue;
    }
    const inverseTotal = 1 / total;
    let sum = 0;
    for (let i = 0; i < bucketCount; i++) {
      const difference = sqrtShares[i] - Math.sqrt(counts[offset + i] * inverseTotal);
      sum += difference * difference;
    }
    out[w] = Math.sqrt(sum) / Math.SQRT2;
  }
}

const WINDOW_SCORERS: Record<BucketDriftMethod, WindowScorer> = {
  psi: psiOfWindows,
  jensenshannon: jensenShannonOfWindows,
  ks: largestGapOfWindows,
  hellinger: hellingerOfWindows,
};

/**
 * Scores many windows against one baseline. `windowCounts` holds per-bucket (not cumulative)
 * counts, window after window, each `baseline.bucketCount` long; counts must already be
 * validated (finite, non-negative). A window without observations scores NaN.
 */
export function scoreBucketWindows(
  baseline: BucketBaseline,
  windowCounts: Float64Array,
  methods: readonly BucketDriftMethod[]
): BucketWindowScores {
  const bucketCount = baseline.bucketCount;
  const windowCount = Math.floor(windowCounts.length / bucketCount);
  const totals = windowTotals(windowCounts, bucketCount, windowCount);
  const scores: BucketWindowScores = {};
  for (const method of methods) {
    const out = new Float64Array(windowCount);
    WINDOW_SCORERS[method](baseline, windowCounts, totals, out);
    scores[method] = out;
  }
  return scores;
}

function totalOf(buckets: readonly CumulativeBucket[], role: string): void {
  if (buckets[buckets.length - 1].count === 0) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `the ${role} histogram counts no observations: widen the window or check that the metric was scraped in it`
    );
  }
}

/**
 * Drift between two classic Prometheus histograms given as cumulative `_bucket` counts
 * (`{ le, count }`, le ascending, +Inf last). psi, jensenshannon (natural log) and hellinger
 * use per-bucket counts as psi(), jensenShannonDistance() and hellingerDistance() do; ks is the
 * largest gap between the two cumulative distributions at the bucket bounds. Layouts that differ
 * are coarsened to the common bounds when one contains the other.
 * @throws DriftInputError for empty, unsorted, non-cumulative, negative, all-zero or
 * incompatible buckets.
 */
export function bucketDrift(
  referenceBuckets: readonly CumulativeBucket[],
  currentBuckets: readonly CumulativeBucket[],
  method: BucketDriftMethod
): number {
  if (!BUCKET_DRIFT_METHODS.includes(method)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown bucket drift method '${String(method)}': use ${BUCKET_DRIFT_METHODS.join(', ')}`
    );
  }
  validateBuckets(referenceBuckets, 'reference');
  validateBuckets(currentBuckets, 'current');
  const aligned = alignBucketLayouts(referenceBuckets, currentBuckets);
  totalOf(aligned.reference, 'reference');
  totalOf(aligned.current, 'current');
  const baseline = prepareBucketBaseline(perBucketCounts(aligned.reference));
  return scoreBucketWindows(baseline, perBucketCounts(aligned.current), [method])[method]![0];
}
