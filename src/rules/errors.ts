/** What is wrong with a rule spec, for callers that branch on it (the command line, the rule dialog). */
export type DriftRuleSpecErrorCode =
  | 'INVALID_METRIC'
  | 'INVALID_LABEL'
  | 'INVALID_MATCHER'
  | 'INVALID_BOUNDS'
  | 'INVALID_DURATION'
  | 'INVALID_BASELINE'
  | 'INVALID_METHOD'
  | 'INVALID_THRESHOLD'
  | 'INVALID_LINK'
  | 'INVALID_TIMES'
  | 'CONFLICT';

/** A rule spec that cannot become rules; the message says what to change. */
export class DriftRuleSpecError extends Error {
  constructor(
    readonly code: DriftRuleSpecErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'DriftRuleSpecError';
  }
}
