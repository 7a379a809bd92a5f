import { DriftInputError, MAX_EPOCH_MS } from '../drift/errors';
import type { ChangeEvent, RelateOptions } from './relate';
import type { Onset, OnsetOptions, TimeRange } from './rankOnsets';

function isEpochMs(time: unknown): time is number {
  return typeof time === 'number' && Math.abs(time) <= MAX_EPOCH_MS;
}

function badTime(what: string, time: unknown): DriftInputError {
  return new DriftInputError(
    'INVALID_ARGUMENT',
    `${what} has time ${String(time)}: times are epoch milliseconds within the dates JavaScript can hold`
  );
}

/** Checks one step of a change sequence: its time, and an onset's uncertainty interval, are epoch ms. */
export function assertStepTimes(step: { type: string; time: number; interval?: TimeRange }): void {
  if (!isEpochMs(step.time)) {
    throw badTime(`a ${step.type} of the sequence`, step.time);
  }
  const interval = step.type === 'onset' ? step.interval : undefined;
  if (interval && !(isEpochMs(interval.from) && isEpochMs(interval.to) && interval.from <= interval.to)) {
    throw new DriftInputError(
      'INVALID_RANGE',
      `an onset's interval ${interval.from} to ${interval.to} is invalid: it needs epoch-ms bounds with from <= to`
    );
  }
}

/** Checks that events, onsets and the options of the event–onset relation hold usable times. */
export function assertRelateInput(
  events: readonly ChangeEvent[],
  onsets: readonly Onset[],
  options: RelateOptions,
  incidentStart?: number
): void {
  for (const event of events) {
    if (!isEpochMs(event.time)) {
      throw badTime(`annotation '${event.id}'`, event.time);
    }
  }
  for (const onset of onsets) {
    if (!isEpochMs(onset.time)) {
      throw badTime(`the onset of lane '${onset.laneId}'`, onset.time);
    }
    if (!(onset.score >= 1 && onset.score <= Number.MAX_VALUE)) {
      throw new DriftInputError(
        'INVALID_ARGUMENT',
        `the onset of lane '${onset.laneId}' has score ${onset.score}: an onset's score is a finite number of noise scales, at least 1`
      );
    }
  }
  if (incidentStart !== undefined && !isEpochMs(incidentStart)) {
    throw badTime('the incident start', incidentStart);
  }
  if (options.observedUntil !== undefined && !isEpochMs(options.observedUntil)) {
    throw badTime('the end of the observed range', options.observedUntil);
  }
  const horizon = options.horizonMs;
  if (horizon !== undefined && !(horizon >= 0 && horizon <= 2 * MAX_EPOCH_MS)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the horizon ${horizon} ms is invalid: use how long after a change an onset still counts, e.g. 30 minutes`
    );
  }
}

const POSITIVE_OPTIONS = ['threshold', 'burstLevel', 'clip', 'persistence', 'minBaselinePoints'] as const;

/** Checks the onset search's window and options: epoch-ms times, finite tuning numbers. */
export function assertOnsetInput(window: TimeRange, options: OnsetOptions): void {
  if (!(isEpochMs(window.from) && isEpochMs(window.to) && window.from <= window.to)) {
    throw new DriftInputError(
      'INVALID_RANGE',
      `the analysis window ${window.from} to ${window.to} is invalid: it needs epoch-ms bounds with from <= to`
    );
  }
  if (options.baseline && !(isEpochMs(options.baseline.from) && isEpochMs(options.baseline.to))) {
    throw new DriftInputError(
      'INVALID_RANGE',
      `the baseline ${options.baseline.from} to ${options.baseline.to} is invalid: it needs epoch-ms bounds`
    );
  }
  if (options.lookbackMs !== undefined && !(options.lookbackMs >= 0 && options.lookbackMs <= 2 * MAX_EPOCH_MS)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `lookbackMs ${options.lookbackMs} is invalid: use a duration of 0 or more`
    );
  }
  if (options.drift !== undefined && !Number.isFinite(options.drift)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `drift ${options.drift} is invalid: use a finite number of noise scales`
    );
  }
  for (const name of POSITIVE_OPTIONS) {
    const value = options[name];
    if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
      throw new DriftInputError('INVALID_ARGUMENT', `${name} ${value} is invalid: use a positive finite number`);
    }
  }
}
