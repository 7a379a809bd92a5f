/** Machine-readable reason a drift computation rejected its input. */
export type DriftInputErrorCode =
  | 'EMPTY_INPUT'
  | 'ALL_NON_FINITE'
  | 'SINGLE_VALUE'
  | 'NEGATIVE_COUNT'
  | 'LENGTH_MISMATCH'
  | 'ZERO_TOTAL'
  | 'INVALID_ARGUMENT'
  | 'BUCKET_LAYOUT_MISMATCH'
  | 'NON_MONOTONIC_BUCKETS'
  | 'INVALID_BUCKETS'
  | 'INVALID_RANGE'
  | 'OUT_OF_RANGE';

/**
 * Thrown when drift cannot be computed from the given input. `code` identifies the problem
 * for programs; `message` says what is wrong and how to change the query or the input.
 */
export class DriftInputError extends Error {
  readonly code: DriftInputErrorCode;

  constructor(code: DriftInputErrorCode, message: string) {
    super(message);
    this.name = 'DriftInputError';
    this.code = code;
    Object.setPrototypeOf(this, DriftInputError.prototype);
  }
}

/** The largest magnitude of an epoch-ms time: JavaScript's Date range, ±100,000,000 days around 1970. */
export const MAX_EPOCH_MS = 8.64e15;

/**
 * Returns a computed result, or throws OUT_OF_RANGE when it is not finite: the input was finite but beyond
 * what double precision can compare (sums or spans past ±1.8e308, shares below 1e-308). `what` names the
 * result and `hint` says what to change.
 */
export function requireFinite(value: number, what: string, hint: string): number {
  if (!Number.isFinite(value)) {
    throw new DriftInputError(
      'OUT_OF_RANGE',
      `the ${what} came out as ${value}: the input is beyond what double precision can compare; ${hint}`
    );
  }
  return value;
}

/** The hint for values so large or so small that their sums, spans or shares overflow. */
export const EXTREME_VALUES_HINT =
  'values near ±1.8e308 (or counts below 1e-300) are usually sentinels or unit mistakes: filter them out in the query';
