import { sortedFiniteInSlot } from '../stats/sort';
import { DriftInputError } from './errors';

/** A sample with non-finite values removed, sorted ascending. */
export interface PreparedSample {
  sorted: Float64Array;
  droppedNonFinite: number;
}

// Each role sorts into its own reused buffer (see sortedFiniteInSlot): a prepared sample is
// valid until the next sample of the same role is prepared.
const ROLE_SLOTS: Record<string, number> = { reference: 0, current: 1 };
const OTHER_SLOT = 2;

/**
 * Sorts the finite values of a sample; throws when nothing usable is left. The result is
 * valid until the next prepareSample call with the same role.
 */
export function prepareSample(sample: ArrayLike<number>, role: string): PreparedSample {
  if (sample.length === 0) {
    throw new DriftInputError(
      'EMPTY_INPUT',
      `the ${role} sample is empty: widen the time range or check that the query returns values for this feature`
    );
  }
  const { values, droppedNonFinite } = sortedFiniteInSlot(sample, ROLE_SLOTS[role] ?? OTHER_SLOT);
  if (values.length === 0) {
    throw new DriftInputError(
      'ALL_NON_FINITE',
      `the ${role} sample has no finite values (${droppedNonFinite} NaN or infinite): ` +
        'filter missing values in the query (e.g. `> -Inf`) or pick a range where the feature is recorded'
    );
  }
  return { sorted: values, droppedNonFinite };
}

/** Throws when both sorted samples hold one and the same value, where no comparison is possible. */
export function assertNotSingleValue(reference: Float64Array, current: Float64Array): void {
  const value = reference[0];
  if (reference[reference.length - 1] === value && current[0] === value && current[current.length - 1] === value) {
    throw new DriftInputError(
      'SINGLE_VALUE',
      `both samples contain only the value ${value}: drift cannot be measured on a constant column; ` +
        'check that the query selects the feature itself and not a label or a constant'
    );
  }
}

/**
 * Throws OUT_OF_RANGE when the values run over a span that overflows (e.g. -1e308 to 1e308): distances,
 * bin widths and standard deviations all take differences of values, which would be infinite.
 */
export function assertComparableSpan(lowest: number, highest: number, role: string): void {
  if (!Number.isFinite(highest - lowest)) {
    throw new DriftInputError(
      'OUT_OF_RANGE',
      `the ${role} values run from ${lowest} to ${highest}, a span beyond double precision: ` +
        'such values are usually sentinels (±1.8e308) or unit mistakes; filter them out in the query'
    );
  }
}

/** {@link assertComparableSpan} over two sorted samples together. */
export function assertSampleSpan(reference: Float64Array, current: Float64Array): void {
  const lowest = Math.min(reference[0], current[0]);
  const highest = Math.max(reference[reference.length - 1], current[current.length - 1]);
  assertComparableSpan(lowest, highest, 'reference and current');
}

/** Prepares both sides of a two-sample comparison. */
export function prepareSamplePair(
  reference: ArrayLike<number>,
  current: ArrayLike<number>
): { reference: PreparedSample; current: PreparedSample; droppedNonFinite: number } {
  const preparedReference = prepareSample(reference, 'reference');
  const preparedCurrent = prepareSample(current, 'current');
  assertNotSingleValue(preparedReference.sorted, preparedCurrent.sorted);
  assertSampleSpan(preparedReference.sorted, preparedCurrent.sorted);
  return {
    reference: preparedReference,
    current: preparedCurrent,
    droppedNonFinite: preparedReference.droppedNonFinite + preparedCurrent.droppedNonFinite,
  };
}
