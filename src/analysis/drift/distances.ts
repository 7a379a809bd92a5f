import { DriftInputError, EXTREME_VALUES_HINT, requireFinite } from './errors';
import { assertCounts, assertSameLength } from './twoSample';

// Evidently's rule for empty bins before taking logarithms: 0.0001, or the smallest
// non-zero share divided by 10^6 when that share is itself at most 0.0001.
export const EMPTY_SHARE = 0.0001;
export const SMALL_SHARE_DIVISOR = 1e6;

function validatedTotal(counts: ArrayLike<number>, role: string): number {
  assertCounts(counts, role);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
  }
  requireFinite(total, `${role} total`, EXTREME_VALUES_HINT);
  if (total === 0) {
    throw new DriftInputError(
      'ZERO_TOTAL',
      `the ${role} counts sum to zero: there were no observations in that window; ` +
        'widen it or choose another baseline'
    );
  }
  return total;
}

function validatedPair(
  reference: ArrayLike<number>,
  current: ArrayLike<number>
): { referenceTotal: number; currentTotal: number } {
  const referenceTotal = validatedTotal(reference, 'reference');
  const currentTotal = validatedTotal(current, 'current');
  assertSameLength(reference, current);
  return { referenceTotal, currentTotal };
}

/** Counts divided by their total. */
export function toShares(counts: ArrayLike<number>, total: number): Float64Array {
  const shares = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    shares[i] = counts[i] / total;
  }
  return shares;
}

/** The share Evidently puts in empty bins, given the smallest non-zero share (see EMPTY_SHARE). */
export function emptyShareFill(smallestShare: number): number {
  return smallestShare <= EMPTY_SHARE ? smallestShare / SMALL_SHARE_DIVISOR : EMPTY_SHARE;
}

/** Replaces empty shares in place following Evidently's rule (see EMPTY_SHARE). */
export function fillEmptyShares(shares: Float64Array): Float64Array {
  let smallest = Infinity;
  for (let i = 0; i < shares.length; i++) {
    if (shares[i] !== 0 && shares[i] < smallest) {
      smallest = shares[i];
    }
  }
  const fill = emptyShareFill(smallest);
  for (let i = 0; i < shares.length; i++) {
    if (shares[i] === 0) {
      shares[i] = fill;
    }
  }
  return shares;
}

/** x·ln(x/y) with the conventions of scipy.special.rel_entr for x = 0. */
function relativeEntropyTerm(x: number, y: number): number {
  if (x === 0) {
    return 0;
  }
  return x * Math.log(x / y);
}

/** Shares with empty bins filled, for each side separately. */
function filledSharePair(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>
): { reference: Float64Array; current: Float64Array } {
  const { referenceTotal, currentTotal } = validatedPair(referenceCounts, currentCounts);
  return {
    reference: fillEmptyShares(toShares(referenceCounts, referenceTotal)),
    current: fillEmptyShares(toShares(currentCounts, currentTotal)),
  };
}

/**
 * Jensen–Shannon distance (square root of the divergence); same as
 * scipy.spatial.distance.jensenshannon(p, q, base). Inputs are counts or shares over the same
 * bins and are normalised first. Rounding can make the divergence a hair below zero for
 * near-identical inputs; it is clamped to 0 instead of returning NaN as scipy would.
 * @throws DriftInputError for negative, non-finite, mismatched or all-zero inputs, or base <= 1.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, base?: number): number {
  const { referenceTotal, currentTotal } = validatedPair(p, q);
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the logarithm base ${base} is invalid: use a positive base other than 1, e.g. 2`
    );
  }
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const left = p[i] / referenceTotal;
    const right = q[i] / currentTotal;
    const middle = (left + right) / 2;
    divergence += relativeEntropyTerm(left, middle) + relativeEntropyTerm(right, middle);
  }
  if (base !== undefined) {
    divergence /= Math.log(base);
  }
  return requireFinite(Math.sqrt(Math.max(0, divergence / 2)), 'Jensen–Shannon distance', EXTREME_VALUES_HINT);
}

/**
 * Population stability index Σ (r − c)·ln(r / c) over shares, after Evidently's empty-bin
 * fill applied to each side separately.
 * @throws DriftInputError for negative, non-finite, mismatched or all-zero counts.
 */
export function psi(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const { reference, current } = filledSharePair(referenceCounts, currentCounts);
  let index = 0;
  for (let i = 0; i < reference.length; i++) {
    index += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
  }
  return requireFinite(index, 'PSI', EXTREME_VALUES_HINT);
}

/**
 * Kullback–Leibler divergence of the current from the reference distribution, same as
 * scipy.stats.entropy(refShares, curShares) after Evidently's empty-bin fill (entropy
 * renormalises the filled shares).
 * @throws DriftInputError for negative, non-finite, mismatched or all-zero counts.
 */
export function klDivergence(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const { reference, current } = filledSharePair(referenceCounts, currentCounts);
  let referenceSum = 0;
  let currentSum = 0;
  for (let i = 0; i < reference.length; i++) {
    referenceSum += reference[i];
    currentSum += current[i];
  }
  let divergence = 0;
  for (let i = 0; i < reference.length; i++) {
    divergence += relativeEntropyTerm(reference[i] / referenceSum, current[i] / currentSum);
  }
  return requireFinite(divergence, 'KL divergence', EXTREME_VALUES_HINT);
}

/**
 * Hellinger distance √(Σ(√p − √q)²)/√2 on shares; 0 for identical, 1 for disjoint distributions.
 * @throws DriftInputError for negative, non-finite, mismatched or all-zero counts.
 */
export function hellingerDistance(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const { referenceTotal, currentTotal } = validatedPair(referenceCounts, currentCounts);
  let sum = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const difference = Math.sqrt(referenceCounts[i] / referenceTotal) - Math.sqrt(currentCounts[i] / currentTotal);
    sum += difference * difference;
  }
  return requireFinite(Math.sqrt(sum) / Math.SQRT2, 'Hellinger distance', EXTREME_VALUES_HINT);
}
