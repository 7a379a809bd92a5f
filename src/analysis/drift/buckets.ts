import { DriftInputError, EXTREME_VALUES_HINT, requireFinite } from './errors';
import { assertCounts } from './twoSample';
import { BUCKET_METHOD_BITS, BucketKernel, BucketKernelTables, createBucketKernel } from './bucketKernel';
import { EMPTY_SHARE, SMALL_SHARE_DIVISOR, emptyShareFill } from './distances';

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

/** Formats a bucket bound the way Prometheus prints `le` (Go's `strconv.FormatFloat(v, 'g', -1, 64)`). */
export function formatLe(bound: number): string {
  if (bound === Infinity) {
    return '+Inf';
  }
  if (bound === -Infinity) {
    return '-Inf';
  }
  const [mantissa, exp] = bound.toExponential().split('e');
  const exponent = Number(exp);
  if (bound !== 0 && (exponent < -4 || exponent >= 6)) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(bound);
}

/** A bucket bound as a bar's label: "≤0.5", "+Inf" (to 4 significant digits, for reading). */
export function bucketLabel(le: number): string {
  return le === Infinity ? '+Inf' : `≤${Number(le.toPrecision(4))}`;
}

/** Parses a Prometheus `le` label value ("0.5", "+Inf"). */
export function parseLe(label: string | number): number {
  const trimmed = typeof label === 'string' ? label.trim() : '';
  const value =
    typeof label === 'number'
      ? label
      : trimmed === '+Inf' || trimmed === 'Inf'
        ? Infinity
        : trimmed
          ? Number(trimmed)
          : NaN;
  // A bound is a number or +Inf; -Inf bounds nothing.
  if (Number.isNaN(value) || value === -Infinity) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      `the le label '${String(label)}' is not a bound: select the _bucket series of a histogram, whose le labels are bounds like "0.5" or "+Inf"`
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
    if (Number.isNaN(le) || le === -Infinity || (i > 0 && le <= buckets[i - 1].le)) {
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
 * Brings two bucket lists to one layout. Equal layouts pass through; when one layout's bounds are a
 * subset of the other's, the finer one is coarsened to the common bounds.
 * @throws DriftInputError when a list is no cumulative histogram (see {@link validateBuckets}), and
 * BUCKET_LAYOUT_MISMATCH when neither layout contains the other.
 */
export function alignBucketLayouts(
  reference: readonly CumulativeBucket[],
  current: readonly CumulativeBucket[]
): { reference: CumulativeBucket[]; current: CumulativeBucket[]; bounds: number[] } {
  validateBuckets(reference, 'reference');
  validateBuckets(current, 'current');
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

/**
 * Precomputes shares of a baseline per-bucket count vector.
 * @throws DriftInputError for negative or non-finite counts, or counts that add up to zero or overflow.
 */
export function prepareBucketBaseline(counts: Float64Array): BucketBaseline {
  assertCounts(counts, 'baseline');
  const total = countTotal(counts, 0, counts.length);
  // 1 / total must be finite too: a total below 5.6e-309 has no finite inverse.
  if (!(total > 0 && Number.isFinite(total) && Number.isFinite(1 / total))) {
    throw new DriftInputError(
      total > 0 ? 'OUT_OF_RANGE' : 'ZERO_TOTAL',
      total > 0
        ? `the baseline counts add up to ${total}: ${EXTREME_VALUES_HINT}`
        : 'the baseline counts add up to zero: choose a baseline where the histogram was recorded'
    );
  }
  const baseline = bucketBaseline(counts);
  for (const log of baseline.logFilledShares) {
    if (!Number.isFinite(log)) {
      throw new DriftInputError(
        'OUT_OF_RANGE',
        `the baseline counts span too many orders of magnitude (an empty bucket's share would be below 1e-308): ${EXTREME_VALUES_HINT}`
      );
    }
  }
  return baseline;
}

/** {@link prepareBucketBaseline} of counts known to be valid, with a positive finite total. */
export function bucketBaseline(counts: Float64Array): BucketBaseline {
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

/** Evidently's share for empty buckets, as psi() fills them, from the smallest non-zero count. */
function fillForEmpty(smallestNonZero: number, total: number): number {
  return emptyShareFill(smallestNonZero / total);
}

/** Scores of all four methods, window by window. */
type AllScores = Record<BucketDriftMethod, Float64Array>;

/** A loop over all windows, writing the scores `methods` asks for (BUCKET_METHOD_BITS) into `out`. */
type WindowLoop = (
  baseline: BucketBaseline,
  counts: Float64Array,
  totals: Float64Array,
  whole: Uint8Array,
  out: AllScores,
  methods: number
) => void;

interface WindowScorers {
  /** The tables the loops read, for the WebAssembly kernel to copy. */
  tables: BucketKernelTables;
  /**
   * Totals of every window, and the scores of every window whose total is positive and whose
   * counts are whole numbers below COUNT_TABLE_SIZE (`whole[w]` = 1 for those).
   */
  wholeWindows: WindowLoop;
  /** The other windows: NaN without observations, Math.log and Math.sqrt otherwise. */
  otherWindows: WindowLoop;
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
 * - All four methods share one pass over each window, after a short pass for its total, its
 *   smallest non-zero count (PSI's fill for empty buckets) and whether its counts are whole.
 * - The tables and constants live in this function's scope, not the module's: V8 folds these
 *   into the optimized loops, whereas module-level bindings (which bundlers such as esbuild turn
 *   into `var`) are reloaded and re-checked on every bucket, about 40% slower.
 *
 * bucketKernel.wat does the same for whole windows in WebAssembly, operation for operation, so
 * that both give the same bits; this loop is used where WebAssembly is not available.
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

  // Below this |d| = |p − q| / (p + q) the Jensen–Shannon term is summed as a series: no
  // logarithm and no cancellation. With m = (p + q)/2,
  // p·ln(p/m) + q·ln(q/m) = (p + q)·Σ_k d^(2k) / (2k(2k − 1)), and below |d| = 0.02 five terms
  // reach double precision (the sixth is under 1e-19 of the first).
  const SERIES_MAX_RELATIVE_DIFFERENCE = 0.02;
  const SERIES_MAX_D2 = SERIES_MAX_RELATIVE_DIFFERENCE * SERIES_MAX_RELATIVE_DIFFERENCE;
  const S1 = 1 / 2;
  const S2 = 1 / 12;
  const S3 = 1 / 30;
  const S4 = 1 / 56;
  const S5 = 1 / 90;
  /** p·ln(p/m) + q·ln(q/m) from pq = p + q and d² < SERIES_MAX_D2, by Estrin's scheme in d². */
  const seriesTerm = (pq: number, d2: number): number => {
    const z2 = d2 * d2;
    return pq * d2 * (S1 + S2 * d2 + z2 * (S3 + S4 * d2) + z2 * z2 * S5);
  };

  // logHalf(x) = ln(x/2). x = 2^e · y with y in [1, 2); y is read against the nearest of 256
  // centres c = 1 + (j + 0.5)/256: ln y = ln c + ln(1 + r) with r = (y − c)/c, |r| <= 2^-9, and
  // ln(1 + r) is its Taylor series to r^5 (the rest is below 2^-54/6). y and y − c are exact, so
  // the result is within a few units in the last place of ln(x/2), as Math.log's is; the
  // Jensen–Shannon terms it feeds have |p − q| >= 0.02·(p + q), which keeps their relative error
  // below about 1e-11.
  const CENTRE_STEP = 1 / 256;
  const FIRST_CENTRE = 1 + CENTRE_STEP / 2;
  const centres = new Float64Array(256);
  const inverseCentres = new Float64Array(256);
  const logCentres = new Float64Array(256);
  for (let j = 0; j < 256; j++) {
    const centre = FIRST_CENTRE + j * CENTRE_STEP;
    centres[j] = centre;
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
  // ln(1 + r) = Σ L_k·r^k, k = 1..5.
  const L1 = 1;
  const L2 = -1 / 2;
  const L3 = 1 / 3;
  const L4 = -1 / 4;
  const L5 = 1 / 5;
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
    // r − r²/2 + r³/3 − r⁴/4 + r⁵/5 by Estrin's scheme (shorter dependency chains than Horner's).
    const r2 = r * r;
    return exponentHalfLogs[biased] + logCentres[j] + r * (L1 + r * L2 + r2 * (L3 + r * L4 + r2 * L5));
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
      const d = (p - q) / pq;
      const d2 = d * d;
      if (d2 < SERIES_MAX_D2) {
        sum += seriesTerm(pq, d2);
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

  const wholeWindows: WindowScorers['wholeWindows'] = (baseline, counts, totals, whole, out, methods) => {
    const { bucketCount, shares, logShares, sqrtShares, cumulativeShares, filledShares, logFilledShares } = baseline;
    const { psi, jensenshannon, ks, hellinger } = out;
    const wantPsi = (methods & BUCKET_METHOD_BITS.psi) !== 0;
    const wantJensenShannon = (methods & BUCKET_METHOD_BITS.jensenshannon) !== 0;
    const wantKs = (methods & BUCKET_METHOD_BITS.ks) !== 0;
    const wantHellinger = (methods & BUCKET_METHOD_BITS.hellinger) !== 0;
    for (let w = 0, offset = 0; w < totals.length; w++, offset += bucketCount) {
      // The total in two interleaved lanes as countTotal() sums it, the smallest non-zero count,
      // and whole counts: c − (c & mask) is 0 for a whole count below COUNT_TABLE_SIZE and > 0
      // for any other count >= 0.
      let even = 0;
      let odd = 0;
      let remainder = 0;
      let smallest = Infinity;
      let i = offset;
      const end = offset + bucketCount;
      for (; i + 1 < end; i += 2) {
        const a = counts[i];
        const b = counts[i + 1];
        even += a;
        odd += b;
        remainder += a - (a & COUNT_TABLE_MASK) + (b - (b & COUNT_TABLE_MASK));
        if (a > 0) {
          smallest = a < smallest ? a : smallest;
        }
        if (b > 0) {
          smallest = b < smallest ? b : smallest;
        }
      }
      if (i < end) {
        const a = counts[i];
        even += a;
        remainder += a - (a & COUNT_TABLE_MASK);
        if (a > 0) {
          smallest = a < smallest ? a : smallest;
        }
      }
      const total = even + odd;
      totals[w] = total;
      if (!(total > 0) || remainder !== 0) {
        whole[w] = 0;
        continue;
      }
      whole[w] = 1;
      const inverseTotal = 1 / total;
      // ln total and ln fill by logHalf(), as the WebAssembly kernel computes them.
      const logTotal = logHalf(2 * total);
      const sqrtInverseTotal = Math.sqrt(inverseTotal);
      const fill = fillForEmpty(smallest, total);
      const logFill = logHalf(2 * fill);
      let psiSum = 0;
      let jensenShannonSum = 0;
      let cumulative = 0;
      let largest = 0;
      let hellingerSum = 0;
      for (let b = 0; b < bucketCount; b++) {
        const count = counts[offset + b];
        const k = count | 0;
        const p = shares[b];
        const q = count * inverseTotal;
        const pq = p + q;
        const logQ = logTable[k] - logTotal;
        if (wantKs) {
          cumulative += count;
          const gap = Math.abs(cumulativeShares[b] - cumulative * inverseTotal);
          largest = gap > largest ? gap : largest;
        }
        if (wantHellinger) {
          // √(count/total) as √count · √(1/total), as the baseline's roots are computed.
          const root = sqrtShares[b] - sqrtTable[k] * sqrtInverseTotal;
          hellingerSum += root * root;
        }
        if (wantPsi) {
          // An empty bucket's share is the window's fill. Each term is >= 0; a negative one is
          // rounding when the shares are equal.
          const term =
            count > 0
              ? (filledShares[b] - q) * (logFilledShares[b] - logQ)
              : (filledShares[b] - fill) * (logFilledShares[b] - logFill);
          psiSum += term > 0 ? term : 0;
        }
        if (wantJensenShannon) {
          if (count === 0 || p === 0) {
            // One side empty: m = (p + q)/2, and p·ln(p/m) + q·ln(q/m) is (p + q)·ln 2.
            jensenShannonSum += pq * Math.LN2;
          } else {
            const d = (p - q) / pq;
            const d2 = d * d;
            if (d2 < SERIES_MAX_D2) {
              jensenShannonSum += seriesTerm(pq, d2);
            } else {
              // q >= 1/total here, so logHalf() never sees a subnormal p + q.
              const logMiddle = logHalf(pq);
              jensenShannonSum += p * (logShares[b] - logMiddle) + q * (logQ - logMiddle);
            }
          }
        }
      }
      psi[w] = psiSum;
      jensenshannon[w] = Math.sqrt(Math.max(0, jensenShannonSum / 2));
      ks[w] = largest;
      hellinger[w] = Math.sqrt(hellingerSum) / Math.SQRT2;
    }
  };

  const otherWindows: WindowScorers['otherWindows'] = (baseline, counts, totals, whole, out, methods) => {
    const bucketCount = baseline.bucketCount;
    for (let w = 0, offset = 0; w < totals.length; w++, offset += bucketCount) {
      if (whole[w] === 1) {
        continue;
      }
      const total = totals[w];
      const scorable = total > 0;
      if (methods & BUCKET_METHOD_BITS.psi) {
        out.psi[w] = scorable ? psiByMath(baseline, counts, offset, total) : NaN;
      }
      if (methods & BUCKET_METHOD_BITS.jensenshannon) {
        out.jensenshannon[w] = scorable ? jensenShannonByMath(baseline, counts, offset, total) : NaN;
      }
      if (methods & BUCKET_METHOD_BITS.ks) {
        out.ks[w] = scorable ? largestGap(baseline, counts, offset, total) : NaN;
      }
      if (methods & BUCKET_METHOD_BITS.hellinger) {
        out.hellinger[w] = scorable ? hellingerByMath(baseline, counts, offset, total) : NaN;
      }
    }
  };

  return {
    tables: {
      logTable,
      sqrtTable,
      exponentScales,
      exponentHalfLogs,
      inverseCentres,
      logCentres,
      centres,
      constants: Float64Array.of(
        SERIES_MAX_D2,
        S1,
        S2,
        S3,
        S4,
        S5,
        L1,
        L2,
        L3,
        L4,
        L5,
        Infinity,
        EMPTY_SHARE,
        SMALL_SHARE_DIVISOR,
        Math.LN2,
        Math.SQRT2,
        2
      ),
    },
    wholeWindows,
    otherWindows,
  };
}

const WINDOW_SCORERS = createWindowScorers();

/** The WebAssembly kernel: undefined until first asked for, null where it cannot be used. */
let kernel: BucketKernel | null | undefined;

/** Which loop scores whole-count windows: the WebAssembly kernel where available ('auto'), or JavaScript. */
export type BucketScoringEngine = 'auto' | 'javascript';

/** Whether the WebAssembly kernel can be used here (false where WebAssembly is missing or refused). */
export function bucketKernelAvailable(): boolean {
  if (kernel === undefined) {
    kernel = createBucketKernel(WINDOW_SCORERS.tables);
  }
  return kernel !== null;
}

/**
 * Scores many windows against one baseline. `windowCounts` holds per-bucket (not cumulative)
 * counts, window after window, each `baseline.bucketCount` long; counts must already be
 * validated (finite, non-negative). A window without observations scores NaN. The methods asked
 * for share one pass over the counts.
 */
export function scoreBucketWindows(
  baseline: BucketBaseline,
  windowCounts: Float64Array,
  methods: readonly BucketDriftMethod[],
  engine: BucketScoringEngine = 'auto'
): BucketWindowScores {
  const unknown = methods.filter((method) => !BUCKET_DRIFT_METHODS.includes(method));
  if (unknown.length > 0) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown bucket drift method '${unknown.join(', ')}': use ${BUCKET_DRIFT_METHODS.join(', ')}`
    );
  }
  if (baseline.bucketCount === 0 || windowCounts.length % baseline.bucketCount !== 0) {
    throw new DriftInputError(
      'LENGTH_MISMATCH',
      `${windowCounts.length} window counts do not make whole windows of the baseline's ${baseline.bucketCount} buckets: ` +
        'count every window over the same buckets as the baseline'
    );
  }
  if (windowCounts.length > 0) {
    assertCounts(windowCounts, 'window');
  }
  const scores = scoreValidatedWindows(baseline, windowCounts, methods, engine);
  for (const method of methods) {
    for (const score of scores[method]!) {
      // NaN is a window without observations; anything else must be a number.
      if (!Number.isNaN(score)) {
        requireFinite(score, `${method} window score`, EXTREME_VALUES_HINT);
      }
    }
  }
  return scores;
}

/**
 * {@link scoreBucketWindows} of counts known to be valid (finite, non-negative, whole windows of the
 * baseline's buckets): the drift over time, which builds them so, does not check them again.
 */
export function scoreValidatedWindows(
  baseline: BucketBaseline,
  windowCounts: Float64Array,
  methods: readonly BucketDriftMethod[],
  engine: BucketScoringEngine = 'auto'
): BucketWindowScores {
  const bucketCount = baseline.bucketCount;
  const windowCount = Math.floor(windowCounts.length / bucketCount);
  const totals = new Float64Array(windowCount);
  const whole = new Uint8Array(windowCount);
  const all: AllScores = {
    psi: new Float64Array(windowCount),
    jensenshannon: new Float64Array(windowCount),
    ks: new Float64Array(windowCount),
    hellinger: new Float64Array(windowCount),
  };
  const mask = methods.reduce((bits, method) => bits | BUCKET_METHOD_BITS[method], 0);
  if (engine === 'auto' && bucketKernelAvailable()) {
    kernel!.scoreWholeWindows(baseline, windowCounts, totals, whole, all, mask);
  } else {
    WINDOW_SCORERS.wholeWindows(baseline, windowCounts, totals, whole, all, mask);
  }
  WINDOW_SCORERS.otherWindows(baseline, windowCounts, totals, whole, all, mask);
  const scores: BucketWindowScores = {};
  for (const method of methods) {
    scores[method] = all[method];
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
  const aligned = alignBucketLayouts(referenceBuckets, currentBuckets);
  totalOf(aligned.reference, 'reference');
  totalOf(aligned.current, 'current');
  const baseline = prepareBucketBaseline(perBucketCounts(aligned.reference));
  const score = scoreValidatedWindows(baseline, perBucketCounts(aligned.current), [method])[method]![0];
  return requireFinite(score, `${method} distance`, EXTREME_VALUES_HINT);
}
