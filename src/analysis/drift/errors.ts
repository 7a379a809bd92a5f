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
  | 'INVALID_RANGE';

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
