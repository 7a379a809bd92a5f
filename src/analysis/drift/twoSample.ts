import { kolmogorovSmirnovTwoSidedSurvival } from '../stats/kolmogorov';
import { chiSquareSurvival, gcd, normalSurvival, roundHalfEven } from '../stats/special';
import { DriftInputError, EXTREME_VALUES_HINT, requireFinite } from './errors';
import { prepareSamplePair } from './samples';

/** Result of a two-sample test on raw samples. */
export interface TwoSampleTestResult {
  statistic: number;
  pValue: number;
  /** NaN and ±Infinity values removed from both inputs before testing. */
  droppedNonFinite: number;
}

/** Result of the chi-square test of homogeneity. */
export interface ChiSquareTestResult {
  statistic: number;
  pValue: number;
  /** Degrees of freedom: the number of categories kept minus one. */
  dof: number;
  /** Categories dropped because both sides counted zero in them. */
  droppedEmptyCategories: number;
}

/** Result of the pooled two-proportion z-test. */
export interface ProportionZTestResult {
  statistic: number;
  pValue: number;
}

// Same as scipy.stats.ks_2samp(method='auto'): exact when max(n1, n2) <= 10000.
const MAX_EXACT_SAMPLE_SIZE = 10000;

/** Largest |F1 − F2| over the merged sorted samples (both sorted ascending). */
export function largestCdfGap(first: Float64Array, second: Float64Array): number {
  const n1 = first.length;
  const n2 = second.length;
  let i = 0;
  let j = 0;
  let largestGap = 0;
  while (i < n1 && j < n2) {
    const a = first[i];
    const b = second[j];
    const value = a <= b ? a : b;
    while (i < n1 && first[i] <= value) {
      i++;
    }
    while (j < n2 && second[j] <= value) {
      j++;
    }
    const gap = Math.abs(i / n1 - j / n2);
    if (gap > largestGap) {
      largestGap = gap;
    }
  }
  // Past the end of one sample the gap only shrinks towards zero, so the walk can stop.
  return largestGap;
}

/** Pr(D_{n,n} >= h/n), same as scipy's _compute_prob_outside_square. */
function probabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) {
      term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    }
    probability = term * (1 - probability);
  }
  return 2 * probability;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) leaving |x/m − y/n| < h/lcm(m,n), same as
 * scipy's _compute_outer_prob_inside_method (Hodges 1958, with Viehmann's 2021 recursion for 1 − p).
 */
function probabilityOutsideBand(first: number, second: number, g: number, h: number): number {
  const m = Math.max(first, second);
  const n = Math.min(first, second);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) {
      return 1;
    }
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = (column[jj + minJ - lastMinJ] * i + value * j) / (i + j);
      column[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) {
      column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
    }
  }
  return column[maxJ - minJ - 1];
}

/** Two-sided p-value of the two-sample KS statistic, same as ks_2samp(method='auto'). */
export function ksTwoSamplePValue(statistic: number, n1: number, n2: number): { statistic: number; pValue: number } {
  if (Math.max(n1, n2) <= MAX_EXACT_SAMPLE_SIZE) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(statistic * lcm);
    const exactStatistic = h / lcm;
    if (h === 0) {
      return { statistic: exactStatistic, pValue: 1 };
    }
    const probability = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
    if (probability >= 0 && probability <= 1) {
      return { statistic: exactStatistic, pValue: probability };
    }
    // As scipy does: when the exact computation fails numerically, fall back to the asymptotic one.
    statistic = exactStatistic;
  }
  const effectiveSize = roundHalfEven((n1 * n2) / (n1 + n2));
  return { statistic, pValue: kolmogorovSmirnovTwoSidedSurvival(effectiveSize, statistic) };
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided; same as scipy.stats.ks_2samp(reference, current)
 * with method='auto'. Non-finite values are dropped first and counted.
 * @throws DriftInputError when a side is empty or all non-finite, or both sides are one same value.
 */
export function ksTwoSample(reference: ArrayLike<number>, current: ArrayLike<number>): TwoSampleTestResult {
  const prepared = prepareSamplePair(reference, current);
  const first = prepared.reference.sorted;
  const second = prepared.current.sorted;
  const { statistic, pValue } = ksTwoSamplePValue(largestCdfGap(first, second), first.length, second.length);
  return { statistic, pValue, droppedNonFinite: prepared.droppedNonFinite };
}

/** ∫|F1 − F2| dx over two sorted samples: the first Wasserstein distance. */
export function sortedWassersteinDistance(first: Float64Array, second: Float64Array): number {
  return runToEnd(sortedWassersteinDistanceSteps(first, second));
}

// Values walked per step by the step versions of the walks over sorted samples: a few milliseconds.
export const WALK_PER_STEP = 1 << 20;

/** Runs steps to the end and returns the result. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) {
      return next.value;
    }
  }
}

/** {@link sortedWassersteinDistance} in steps of WALK_PER_STEP values (the same arithmetic). */
export function* sortedWassersteinDistanceSteps(
  first: Float64Array,
  second: Float64Array
): Generator<void, number, void> {
  const n1 = first.length;
  const n2 = second.length;
  const inverse1 = 1 / n1;
  const inverse2 = 1 / n2;
  let i = 0;
  let j = 0;
  let area = 0;
  let walked = 0;
  let previous = first[0] <= second[0] ? first[0] : second[0];
  while (i < n1 && j < n2) {
    const a = first[i];
    const b = second[j];
    let next: number;
    if (a <= b) {
      next = a;
      area += Math.abs(i * inverse1 - j * inverse2) * (next - previous);
      i++;
    } else {
      next = b;
      area += Math.abs(i * inverse1 - j * inverse2) * (next - previous);
      j++;
    }
    previous = next;
    if (++walked === WALK_PER_STEP) {
      walked = 0;
      yield;
    }
  }
  // One sample is used up: its CDF is 1 from here on.
  while (i < n1) {
    const next = first[i];
    area += Math.abs(i * inverse1 - 1) * (next - previous);
    previous = next;
    i++;
    if (++walked === WALK_PER_STEP) {
      walked = 0;
      yield;
    }
  }
  while (j < n2) {
    const next = second[j];
    area += Math.abs(1 - j * inverse2) * (next - previous);
    previous = next;
    j++;
    if (++walked === WALK_PER_STEP) {
      walked = 0;
      yield;
    }
  }
  return area;
}

/**
 * First Wasserstein (earth mover's) distance between two samples; same as
 * scipy.stats.wasserstein_distance(reference, current). Non-finite values are dropped.
 * @throws DriftInputError when a side is empty or all non-finite, or both sides are one same value.
 */
export function wassersteinDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const prepared = prepareSamplePair(reference, current);
  return sortedWassersteinDistance(prepared.reference.sorted, prepared.current.sorted);
}

/** Checks a vector of category or bucket counts: finite and non-negative. */
export function assertCounts(counts: ArrayLike<number>, role: string): void {
  if (counts.length === 0) {
    throw new DriftInputError(
      'EMPTY_INPUT',
      `the ${role} counts are empty: the query returned no categories or buckets for this range`
    );
  }
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    if (!Number.isFinite(count)) {
      throw new DriftInputError(
        'ALL_NON_FINITE',
        `the ${role} count at position ${i} is ${count}: counts must be finite; ` +
          'fill gaps in the query (e.g. `or vector(0)`) instead of passing NaN'
      );
    }
    if (count < 0) {
      throw new DriftInputError(
        'NEGATIVE_COUNT',
        `the ${role} count at position ${i} is negative (${count}): counts cannot be negative; ` +
          'use increase() rather than delta() on counters, and do not subtract series'
      );
    }
  }
}

/** Checks that two count vectors describe the same categories or bins. */
export function assertSameLength(reference: ArrayLike<number>, current: ArrayLike<number>): void {
  if (reference.length !== current.length) {
    throw new DriftInputError(
      'LENGTH_MISMATCH',
      `the reference has ${reference.length} bins and the current ${current.length}: ` +
        'both must count over the same bins in the same order; build them from the same bin edges or category list'
    );
  }
}

/**
 * Chi-square test of homogeneity of two count vectors over the same categories; same as
 * scipy.stats.chi2_contingency([reference, current], correction=False) after dropping the
 * categories that are zero on both sides.
 * @throws DriftInputError for negative, non-finite or mismatched counts, an empty side, or when
 * only one category is left (nothing to compare: scipy would report dof 0).
 */
export function chiSquareTest(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>
): ChiSquareTestResult {
  assertCounts(referenceCounts, 'reference');
  assertCounts(currentCounts, 'current');
  assertSameLength(referenceCounts, currentCounts);
  let referenceTotal = 0;
  let currentTotal = 0;
  let kept = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    referenceTotal += referenceCounts[i];
    currentTotal += currentCounts[i];
    if (referenceCounts[i] !== 0 || currentCounts[i] !== 0) {
      kept++;
    }
  }
  if (referenceTotal === 0 || currentTotal === 0) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `the ${referenceTotal === 0 ? 'reference' : 'current'} counts sum to zero: ` +
        'there were no observations in that window; widen it or choose another baseline'
    );
  }
  if (kept < 2) {
    throw new DriftInputError(
      'SINGLE_VALUE',
      'both sides have observations in a single category only: a chi-square test needs at least two categories; ' +
        'check that the query groups by the feature value'
    );
  }
  const total = referenceTotal + currentTotal;
  let statistic = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const columnTotal = referenceCounts[i] + currentCounts[i];
    if (columnTotal === 0) {
      continue;
    }
    const expectedReference = (referenceTotal * columnTotal) / total;
    const expectedCurrent = (currentTotal * columnTotal) / total;
    statistic += (referenceCounts[i] - expectedReference) ** 2 / expectedReference;
    statistic += (currentCounts[i] - expectedCurrent) ** 2 / expectedCurrent;
  }
  const dof = kept - 1;
  requireFinite(statistic, 'chi-square statistic', EXTREME_VALUES_HINT);
  return {
    statistic,
    pValue: requireFinite(chiSquareSurvival(statistic, dof), 'chi-square p-value', EXTREME_VALUES_HINT),
    dof,
    droppedEmptyCategories: referenceCounts.length - kept,
  };
}

function assertProportion(successes: number, total: number, role: string): void {
  if (!Number.isFinite(successes) || !Number.isFinite(total) || total <= 0 || successes < 0 || successes > total) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the ${role} proportion ${successes}/${total} is invalid: the total must be positive and ` +
        'the successes between 0 and the total'
    );
  }
}

/**
 * Pooled two-proportion z-test, two-sided: z = (p1 − p2) / √(p(1−p)(1/n1 + 1/n2)) with p the
 * pooled proportion, p-value 2·Φc(|z|).
 * @throws DriftInputError for invalid proportions, or when the pooled proportion is 0 or 1
 * (every observation on both sides falls in the same class, so the variance is zero).
 */
export function proportionZTest(
  refSuccesses: number,
  refTotal: number,
  curSuccesses: number,
  curTotal: number
): ProportionZTestResult {
  assertProportion(refSuccesses, refTotal, 'reference');
  assertProportion(curSuccesses, curTotal, 'current');
  const pooled = (refSuccesses + curSuccesses) / (refTotal + curTotal);
  if (pooled === 0 || pooled === 1) {
    throw new DriftInputError(
      'SINGLE_VALUE',
      'every observation on both sides is in the same class: a proportion test needs both classes to occur; ' +
        'check that the query selects the feature itself and not a constant'
    );
  }
  const difference = refSuccesses / refTotal - curSuccesses / curTotal;
  const statistic = requireFinite(
    difference / Math.sqrt(pooled * (1 - pooled) * (1 / refTotal + 1 / curTotal)),
    'z statistic',
    EXTREME_VALUES_HINT
  );
  return { statistic, pValue: Math.min(1, 2 * normalSurvival(Math.abs(statistic))) };
}
