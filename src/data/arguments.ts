/**
 * Checks of the arguments the readers' helpers take from the panels (time ranges, window boundaries, bin
 * edges). A bad one is a DriftInputError with what to pass instead, never a RangeError or a NaN downstream.
 */
import { DriftInputError } from '../analysis';

/** JavaScript's Date range, ±100,000,000 days around 1970: any epoch-ms time a dashboard can show. */
const MAX_EPOCH_MS = 8.64e15;
/** More windows or buckets than this over a range is a mistake in the step (and unreadable). */
export const MAX_STEPS = 100_000;

/** Whether a value is an epoch-ms time (a date JavaScript can hold). */
export function isEpochMs(time: unknown): time is number {
  return typeof time === 'number' && Math.abs(time) <= MAX_EPOCH_MS;
}

/** One epoch-ms time (a date JavaScript can hold). */
export function assertTime(time: number, role: string): void {
  if (!isEpochMs(time)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the ${role} ${time} is not a time: pass epoch milliseconds of a date`
    );
  }
}

/** A time range of epoch-ms bounds (from <= to, or from < to when `nonEmpty`). */
export function assertTimeRange(range: { from: number; to: number }, role: string, nonEmpty = false): void {
  if (!(isEpochMs(range.from) && isEpochMs(range.to) && (nonEmpty ? range.from < range.to : range.from <= range.to))) {
    throw new DriftInputError(
      'INVALID_RANGE',
      `the ${role} ${range.from} to ${range.to} is invalid: it needs epoch-ms bounds (dates JavaScript can hold) with from ${nonEmpty ? '<' : '<='} to`
    );
  }
}

/** Ascending, finite boundaries of at least one window (two or more values). */
export function assertBoundaries(boundaries: ArrayLike<number>, role: string): void {
  if (boundaries.length < 2 || boundaries.length > MAX_STEPS + 1) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `${boundaries.length} ${role} boundaries do not make 1 to ${MAX_STEPS} windows: pass the start of each window and the end of the last`
    );
  }
  for (let i = 0; i < boundaries.length; i++) {
    if (!Number.isFinite(boundaries[i]) || (i > 0 && !(boundaries[i] > boundaries[i - 1]))) {
      throw new DriftInputError(
        'INVALID_ARGUMENT',
        `the ${role} boundaries must be finite and ascending, but boundary ${i} is ${boundaries[i]}`
      );
    }
  }
}
