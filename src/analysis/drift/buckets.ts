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
  /** √share, computed as √count · √(1/total) like the windows' roots, so that equal counts give equal roots. */
  sqrtShares: Float64Array;
  cumulativeShares: Float64Array;
  filledShares: Float64Array;
  logFilledShares: Float64Array;
  /** ln of each share (0 where the share is 0). */
  logShares: Float64Array;
}

/**
 * Sum of counts[offset .. offset + length) in two interleaved lanes, which halves the chain of
 * dependent additions. Window totals are summed the same way, so equal counts give equal totals.
 */
function countTotal(counts: Float64Array, offset: number, length: number): number {
  let even = 0;
  let odd = 0;
  let i = offset;
  const end = offset + length;
  for (; i + 1 < end; i += 2) {
    even += counts[i];
    odd += counts[i + 1];
  }
  if (i < end) {
    even += counts[i];
  }
  return even + odd;
}

/** Precomputes shares of a baseline per-bucket count vector (total must be positive). */
export function prepareBucketBaseline(counts: Float64Array): BucketBaseline {
  const bucketCount = counts.length;
  const total = countTotal(counts, 0, bucketCount);
  const shares = new Float64Array(bucketCount);
  const sqrtShares = new Float64Array(bucketCount);
  const cumulativeShares = new Float64Array(bucketCount);
  const filledShares = new Float64Array(bucketCount);
  const logFilledShares = new Float64Array(bucketCount);
  const logShares = new Float64Array(bucketCount);
  const inverseTotal = 1 / total;
  const sqrtInverseTotal = Math.sqrt(inverseTotal);
  const fill = fillForEmpty(smallestNonZero(counts, 0, bucketCount), total);
  let cumulative = 0;
  for (let i = 0; i < bucketCount; i++) {
    const share = counts[i] * inverseTotal;
    shares[i] = share;
    sqrtShares[i] = Math.sqrt(counts[i]) * sqrtInverseTotal;
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

function fillForEmpty(smallestNonZero: number, total: number): number {
  const share = smallestNonZero / total;
  return share <= EMPTY_SHARE ? share / SMALL_SHARE_DIVISOR : EMPTY_SHARE;
}

/** Scores every window for one method; `whole[w]` is 1 when window w's counts are all table entries. */
type WindowScorer = (
  baseline: BucketBaseline,
  counts: Float64Array,
  totals: Float64Array,
  whole: Uint8Array,
  out: Float64Array
) => void;

interface WindowScorers {
  /** Window totals (summed as countTotal() does) and whole-count flags. */
  totals: (counts: Float64Array, bucketCount: number, totals: Float64Array, whole: Uint8Array) => void;
  methods: Record<BucketDriftMethod, WindowScorer>;
  /** All four methods in one pass over the windows. */
  all: (
    baseline: BucketBaseline,
    counts: Float64Array,
    totals: Float64Array,
    whole: Uint8Array,
    out: Record<BucketDriftMethod, Float64Array>
  ) => void;
}

/**
 * Builds the window scorers. 10^7 buckets (100 features × 2,000 windows × 50 buckets) take tens
 * of milliseconds, so the per-bucket work is kept to table reads and arithmetic:
 *
 * - Windows whose counts are all whole numbers below COUNT_TABLE_SIZE (as increase() over
 *   counters gives) read ln(count) and √count from tables; a Math.log or Math.sqrt call costs
 *   more than the rest of a bucket's work. Other windows take the ...ByMath functions.
 * - Jensen–Shannon needs ln((p + q)/2), which is not a count: logHalf() computes it from a
 *   256-entry table and a short series, without a call.
 * - PSI scores a window's empty buckets after its pass over the window, once the window's fill
 *   (from its smallest non-zero count, found in the same pass) is known: no second pass.
 * - All four methods at once (allOfWindows) share the totals, q and ln q, in one pass.
 * - The tables and constants live in this function's scope, not the module's: V8 folds these
 *   into the optimized loops, whereas module-level bindings (which bundlers such as esbuild turn
 *   into `var`) are reloaded and re-checked on every bucket, about 40% slower.
 *
 * The scorers loop over all windows themselves, so that V8 inlines the per-bucket work, and
 * allocate nothing inside the window loop.
 */
function createWindowScorers(): WindowScorers {
  // Exactly Math.log(k) and Math.sqrt(k).
  const COUNT_TABLE_SIZE = 65536;
  const COUNT_TABLE_MASK = COUNT_TABLE_SIZE - 1;
  const logTable = new Float64Array(COUNT_TABLE_SIZE);
  const sqrtTable = new Float64Array(COUNT_TABLE_SIZE);
  for (let k = 1; k < COUNT_TABLE_SIZE; k++) {
    logTable[k] = Math.log(k);
    sqrtTable[k] = Math.sqrt(k);
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

  // logHalf(x) = ln(x/2). x = 2^e · y with y in [1, 2); y is read against the nearest of 256
  // centres c = 1 + (j + 0.5)/256: ln y = ln c + ln(1 + r) with r = (y − c)/c, |r| <= 2^-9, and
  // ln(1 + r) is its Taylor series to r^5 (the rest is below 2^-54/6). y and y − c are exact, so
  // the result is within a few units in the last place of ln(x/2), as Math.log's is; the
  // Jensen–Shannon terms it feeds have |p − q| >= 0.1·(p + q), which keeps their relative error
  // near 1e-13.
  const CENTRE_STEP = 1 / 256;
  const FIRST_CENTRE = 1 + CENTRE_STEP / 2;
  const inverseCentres = new Float64Array(256);
  const logCentres = new Float64Array(256);
  for (let j = 0; j < 256; j++) {
    const centre = FIRST_CENTRE + j * CENTRE_STEP;
    inverseCentres[j] = 1 / centre;
    logCentres[j] = Math.log(centre);
  }
  // By biased exponent e + 1023: 2^-e, which scales x into [1, 2), and (e − 1)·ln 2, where − 1
  // halves x; ln 2 is split as in fdlibm, so that (e − 1)·LN2_HIGH is exact.
  const LN2_HIGH = 6.9314718036912381649e-1;
  const LN2_LOW = 1.9082149292705877e-10;
  const exponentScales = new Float64Array(2048);
  const exponentHalfLogs = new Float64Array(2048);
  for (let biased = 0, scale = 2 ** 1023; biased < 2048; biased++, scale /= 2) {
    const e = biased - 1024;
    exponentScales[biased] = scale;
    exponentHalfLogs[biased] = e * LN2_HIGH + e * LN2_LOW;
  }
  const floatWord = new Float64Array(1);
  const floatWords = new Int32Array(floatWord.buffer);
  // The 32-bit word holding the sign, the exponent and the top of the mantissa.
  const HIGH_WORD = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 1 : 0;

  /** ln(x / 2) for a finite x > 0 that is not subnormal. */
  const logHalf = (x: number): number => {
    floatWord[0] = x;
    const high = floatWords[HIGH_WORD];
    const biased = high >>> 20;
    const j = (high >>> 12) & 255;
    const r = (x * exponentScales[biased] - (FIRST_CENTRE + j * CENTRE_STEP)) * inverseCentres[j];
    return exponentHalfLogs[biased] + logCentres[j] + r * (1 + r * (-1 / 2 + r * (1 / 3 + r * (-1 / 4 + r * (1 / 5)))));
  };

  /**
   * Window totals and whole-count flags: c − (c & mask) is 0 for a whole count below
   * COUNT_TABLE_SIZE and > 0 for any other count >= 0 (NaN for NaN), so the remainders of a
   * window sum to 0 only when all its counts are table entries.
   */
  const windowTotals = (counts: Float64Array, bucketCount: number, totals: Float64Array, whole: Uint8Array): void => {
    for (let w = 0, offset = 0; w < totals.length; w++, offset += bucketCount) {
      let even = 0;
      let odd = 0;
      let evenRemainder = 0;
      let oddRemainder = 0;
      let i = offset;
      const end = offset + bucketCount;
      for (; i + 1 < end; i += 2) {
        const a = counts[i];
        const b = counts[i + 1];
        even += a;
        odd += b;
        evenRemainder += a - (a & COUNT_TABLE_MASK);
        oddRemainder += b - (b & COUNT_TABLE_MASK);
      }
      if (i < end) {
        const a = counts[i];
        even += a;
        evenRemainder += a - (a & COUNT_TABLE_MASK);
      }
      totals[w] = even + odd;
      whole[w] = evenRemainder + oddRemainder === 0 ? 1 : 0;
    }
  };

  /** PSI of one window (total > 0) with Math.log. */
  const psiByMath = (baseline: BucketBaseline, counts: Float64Array, offset: number, total: number): number => {
    const { bucketCount, filledShares, logFilledShares } = baseline;
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
        logShare = Math.log(count) - logTotal;
      }
      const term = (filledShares[i] - share) * (logFilledShares[i] - logShare);
      sum += term > 0 ? term : 0;
    }
    return sum;
  };

  /** PSI terms of a window's empty buckets, whose share is the fill from the smallest non-zero count. */
  const psiOfEmptyBuckets = (
    baseline: BucketBaseline,
    empty: Int32Array,
    emptyCount: number,
    smallest: number,
    total: number
  ): number => {
    const { filledShares, logFilledShares } = baseline;
    const fill = fillForEmpty(smallest, total);
    const logFill = Math.log(fill);
    let sum = 0;
    for (let k = 0; k < emptyCount; k++) {
      const i = empty[k];
      const term = (filledShares[i] - fill) * (logFilledShares[i] - logFill);
      sum += term > 0 ? term : 0;
    }
    return sum;
  };

  /** Jensen–Shannon distance of one window (total > 0) with Math.log. */
  const jensenShannonByMath = (
    baseline: BucketBaseline,
    counts: Float64Array,
    offset: number,
    total: number
  ): number => {
    const { bucketCount, shares, logShares } = baseline;
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
      const logQ = Math.log(count) - logTotal;
      const logMiddle = Math.log(pq) - Math.LN2;
      sum += p * (logShares[i] - logMiddle) + q * (logQ - logMiddle);
    }
    return Math.sqrt(Math.max(0, sum / 2));
  };

  /** Hellinger distance of one window (total > 0) with Math.sqrt. */
  const hellingerByMath = (baseline: BucketBaseline, counts: Float64Array, offset: number, total: number): number => {
    const { bucketCount, sqrtShares } = baseline;
    const sqrtInverseTotal = Math.sqrt(1 / total);
    let sum = 0;
    for (let i = 0; i < bucketCount; i++) {
      const difference = sqrtShares[i] - Math.sqrt(counts[offset + i]) * sqrtInverseTotal;
      sum += difference * difference;
    }
    return Math.sqrt(sum) / Math.SQRT2;
  };

  /** Largest gap between the cumulative shares of the baseline and of one window (total > 0). */
  const largestGap = (baseline: BucketBaseline, counts: Float64Array, offset: number, total: number): number => {
    const { bucketCount, cumulativeShares } = baseline;
    const inverseTotal = 1 / total;
    let cumulative = 0;
    let largest = 0;
    for (let i = 0; i < bucketCount; i++) {
      cumulative += counts[offset + i];
      const gap = Math.abs(cumulativeShares[i] - cumulative * inverseTotal);
      largest = gap > largest ? gap : largest;
    }
    return largest;
  };

  const psiOfWindows: WindowScorer = (baseline, counts, totals, whole, out) => {
    const { bucketCount, filledShares, logFilledShares } = baseline;
    const empty = new Int32Array(bucketCount);
    for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
      const total = totals[w];
      if (!(total > 0)) {
        out[w] = NaN;
        continue;
      }
      if (whole[w] !== 1) {
        out[w] = psiByMath(baseline, counts, offset, total);
        continue;
      }
      const inverseTotal = 1 / total;
      const logTotal = Math.log(total);
      let sum = 0;
      let emptyCount = 0;
      let smallest = Infinity;
      for (let i = 0; i < bucketCount; i++) {
        const count = counts[offset + i];
        if (count > 0) {
          smallest = count < smallest ? count : smallest;
          const term =
            (filledShares[i] - count * inverseTotal) * (logFilledShares[i] - (logTable[count | 0] - logTotal));
          sum += term > 0 ? term : 0;
        } else {
          empty[emptyCount++] = i;
        }
      }
      if (emptyCount > 0) {
        sum += psiOfEmptyBuckets(baseline, empty, emptyCount, smallest, total);
      }
      out[w] = sum;
    }
  };

  const jensenShannonOfWindows: WindowScorer = (baseline, counts, totals, whole, out) => {
    const { bucketCount, shares, logShares } = baseline;
    for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
      const total = totals[w];
      if (!(total > 0)) {
        out[w] = NaN;
        continue;
      }
      if (whole[w] !== 1) {
        out[w] = jensenShannonByMath(baseline, counts, offset, total);
        continue;
      }
      // Whole counts: q is 0 or >= 1/total, so logHalf() never sees a subnormal p + q.
      const inverseTotal = 1 / total;
      const logTotal = Math.log(total);
      let sum = 0;
      // Buckets with one side empty: m = (p + q)/2 and p·ln(p/m) + q·ln(q/m) is (p + q)·ln 2.
      let oneSided = 0;
      for (let i = 0; i < bucketCount; i++) {
        const count = counts[offset + i];
        const p = shares[i];
        const q = count * inverseTotal;
        const pq = p + q;
        if (p === 0 || q === 0) {
          oneSided += pq;
          continue;
        }
        const difference = p - q;
        const limit = SERIES_MAX_RELATIVE_DIFFERENCE * pq;
        if (difference < limit && difference > -limit) {
          const d = difference / pq;
          const d2 = d * d;
          sum += pq * d2 * (S1 + d2 * (S2 + d2 * (S3 + d2 * (S4 + d2 * (S5 + d2 * (S6 + d2 * (S7 + d2 * S8)))))));
          continue;
        }
        const logMiddle = logHalf(pq);
        sum += p * (logShares[i] - logMiddle) + q * (logTable[count | 0] - logTotal - logMiddle);
      }
      out[w] = Math.sqrt(Math.max(0, (sum + oneSided * Math.LN2) / 2));
    }
  };

  const largestGapOfWindows: WindowScorer = (baseline, counts, totals, _whole, out) => {
    const { bucketCount } = baseline;
    for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
      const total = totals[w];
      out[w] = total > 0 ? largestGap(baseline, counts, offset, total) : NaN;
    }
  };

  const hellingerOfWindows: WindowScorer = (baseline, counts, totals, whole, out) => {
    const { bucketCount, sqrtShares } = baseline;
    for (let w = 0, offset = 0; w < out.length; w++, offset += bucketCount) {
      const total = totals[w];
      if (!(total > 0)) {
        out[w] = NaN;
        continue;
      }
      if (whole[w] !== 1) {
        out[w] = hellingerByMath(baseline, counts, offset, total);
        continue;
      }
      // √(count/total) as √count · √(1/total), as the baseline's roots are computed.
      const sqrtInverseTotal = Math.sqrt(1 / total);
      let sum = 0;
      for (let i = 0; i < bucketCount; i++) {
        const difference = sqrtShares[i] - sqrtTable[counts[offset + i] | 0] * sqrtInverseTotal;
        sum += difference * difference;
      }
      out[w] = Math.sqrt(sum) / Math.SQRT2;
    }
  };

  // The four methods in one pass over each window: the counts are read once and the work the
  // methods share (q, ln q) is done once. Each score is computed as its own scorer computes it.
  const allOfWindows: WindowScorers['all'] = (baseline, counts, totals, whole, out) => {
    const { bucketCount, shares, logShares, sqrtShares, cumulativeShares, filledShares, logFilledShares } = baseline;
    const { psi, jensenshannon, ks, hellinger } = out;
    const empty = new Int32Array(bucketCount);
    for (let w = 0, offset = 0; w < psi.length; w++, offset += bucketCount) {
      const total = totals[w];
      if (!(total > 0)) {
        psi[w] = NaN;
        jensenshannon[w] = NaN;
        ks[w] = NaN;
        hellinger[w] = NaN;
        continue;
      }
      if (whole[w] !== 1) {
        psi[w] = psiByMath(baseline, counts, offset, total);
        jensenshannon[w] = jensenShannonByMath(baseline, counts, offset, total);
        ks[w] = largestGap(baseline, counts, offset, total);
        hellinger[w] = hellingerByMath(baseline, counts, offset, total);
        continue;
      }
      const inverseTotal = 1 / total;
      const logTotal = Math.log(total);
      const sqrtInverseTotal = Math.sqrt(1 / total);
      // PSI and Jensen–Shannon, which share q and ln q.
      let psiSum = 0;
      let emptyCount = 0;
      let smallest = Infinity;
      let jensenShannonSum = 0;
      let oneSided = 0;
      for (let i = 0; i < bucketCount; i++) {
        const count = counts[offset + i];
        const p = shares[i];
        const q = count * inverseTotal;
        const pq = p + q;
        if (count > 0) {
          smallest = count < smallest ? count : smallest;
          const logQ = logTable[count | 0] - logTotal;
          const term = (filledShares[i] - q) * (logFilledShares[i] - logQ);
          psiSum += term > 0 ? term : 0;
          const difference = p - q;
          const limit = SERIES_MAX_RELATIVE_DIFFERENCE * pq;
          if (p === 0) {
            oneSided += pq;
          } else if (difference < limit && difference > -limit) {
            const d = difference / pq;
            const d2 = d * d;
            jensenShannonSum +=
              pq * d2 * (S1 + d2 * (S2 + d2 * (S3 + d2 * (S4 + d2 * (S5 + d2 * (S6 + d2 * (S7 + d2 * S8)))))));
          } else {
            const logMiddle = logHalf(pq);
            jensenShannonSum += p * (logShares[i] - logMiddle) + q * (logQ - logMiddle);
          }
        } else {
          empty[emptyCount++] = i;
          oneSided += pq;
        }
      }
      // ks and Hellinger.
      let cumulative = 0;
      let largest = 0;
      let hellingerSum = 0;
      for (let i = 0; i < bucketCount; i++) {
        const count = counts[offset + i];
        cumulative += count;
        const gap = Math.abs(cumulativeShares[i] - cumulative * inverseTotal);
        largest = gap > largest ? gap : largest;
        const root = sqrtShares[i] - sqrtTable[count | 0] * sqrtInverseTotal;
        hellingerSum += root * root;
      }
      if (emptyCount > 0) {
        psiSum += psiOfEmptyBuckets(baseline, empty, emptyCount, smallest, total);
      }
      psi[w] = psiSum;
      jensenshannon[w] = Math.sqrt(Math.max(0, (jensenShannonSum + oneSided * Math.LN2) / 2));
      ks[w] = largest;
      hellinger[w] = Math.sqrt(hellingerSum) / Math.SQRT2;
    }
  };

  return {
    totals: windowTotals,
    methods: {
      psi: psiOfWindows,
      jensenshannon: jensenShannonOfWindows,
      ks: largestGapOfWindows,
      hellinger: hellingerOfWindows,
    },
    all: allOfWindows,
  };
}

const WINDOW_SCORERS = createWindowScorers();

/**
 * Scores many windows against one baseline. `windowCounts` holds per-bucket (not cumulative)
 * counts, window after window, each `baseline.bucketCount` long; counts must already be
 * validated (finite, non-negative). A window without observations scores NaN. Asking for all
 * four methods scores them in one pass over the counts, cheaper than four.
 */
export function scoreBucketWindows(
  baseline: BucketBaseline,
  windowCounts: Float64Array,
  methods: readonly BucketDriftMethod[]
): BucketWindowScores {
  const bucketCount = baseline.bucketCount;
  const windowCount = Math.floor(windowCounts.length / bucketCount);
  const totals = new Float64Array(windowCount);
  const whole = new Uint8Array(windowCount);
  WINDOW_SCORERS.totals(windowCounts, bucketCount, totals, whole);
  const scores: BucketWindowScores = {};
  if (BUCKET_DRIFT_METHODS.every((method) => methods.includes(method))) {
    const all: Record<BucketDriftMethod, Float64Array> = {
      psi: new Float64Array(windowCount),
      jensenshannon: new Float64Array(windowCount),
      ks: new Float64Array(windowCount),
      hellinger: new Float64Array(windowCount),
    };
    WINDOW_SCORERS.all(baseline, windowCounts, totals, whole, all);
    for (const method of methods) {
      scores[method] = all[method];
    }
    return scores;
  }
  for (const method of methods) {
    const out = new Float64Array(windowCount);
    WINDOW_SCORERS.methods[method](baseline, windowCounts, totals, whole, out);
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
