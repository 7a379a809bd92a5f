import {
  buildChangeSequence,
  ChangeEvent,
  DriftInputError,
  ChangeStep,
  markSimultaneous,
  Onset,
  OnsetOptions,
  OnsetStep,
  rankOnsets,
  stepMidpoint,
} from '../analysis';
import { AnnotationEvent } from '../data/annotations';
import { assertTimeRange } from '../data/arguments';
import { fromUnits, sumUnit } from '../data/sums';
import { Lane } from '../data/lanes';

/** A lane as the onset engine reads it. */
export interface EngineLane {
  id: string;
  times: Float64Array;
  values: Float64Array;
  /** For a lane of shares: how many observations each share is of. */
  counts?: Float64Array;
}

export interface TimeWindow {
  from: number;
  to: number;
}

/** A lane's return to its pre-onset level after a rollback. */
export interface RecoveryStep extends Omit<OnsetStep, 'precededBy'> {
  recovery: true;
  /** The rollback it followed. */
  precededBy: string[];
}

export type TimelineStep = (ChangeStep | RecoveryStep) & { displayLabel: string };

export interface TimelineAnalysis {
  onsets: Onset[];
  steps: TimelineStep[];
  incidentStart: number;
}

/** Kinds of annotation that record a change that could cause what follows; incidents and notes are not. */
const CHANGE_KINDS = ['deploy', 'model', 'data', 'config', 'business', 'other'];

/** Share of the range, from its start, that is taken as normal behaviour. */
export const BASELINE_FRACTION = 0.25;
/** How long after a change an onset still counts as following it, as a share of the range. */
export const HORIZON_FRACTION = 0.1;

/**
 * The options for `rankOnsets`: the first quarter of the range is the baseline (a dashboard opens with
 * the calm before the incident on its left), and the search runs from there to the window's end, so a
 * change that started long before the incident window (a slow decline) is still found where it began.
 * @throws DriftInputError for a range or window that is not in epoch ms, or a tuning number that is not finite.
 */
export function onsetOptions(range: TimeWindow, window: TimeWindow, tuning: OnsetOptions = {}): OnsetOptions {
  assertTimeRange(range, 'timeline range');
  assertTimeRange(window, 'analysis window');
  for (const [name, value] of Object.entries(tuning)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new DriftInputError('INVALID_ARGUMENT', `the onset setting ${name} is ${value}: use a finite number`);
    }
  }
  const span = range.to - range.from;
  const baselineEnd = Math.min(range.from + BASELINE_FRACTION * span, window.from);
  return {
    baseline: { from: range.from, to: baselineEnd },
    lookbackMs: Math.max(0, window.from - baselineEnd),
    ...tuning,
  };
}

const DAY_MS = 86_400_000;
/** Ranges at least this long are read through a trailing 24 h mean, so that daily cycles cancel out. */
export const DAILY_CYCLE_MIN_RANGE_MS = 3 * DAY_MS;

/**
 * Trailing mean over `windowMs` of the finite points of a time-sorted lane; one output per input point (NaN,
 * a gap, where the window holds no finite point).
 */
export function trailingMean(times: Float64Array, values: Float64Array, windowMs: number): Float64Array {
  const out = new Float64Array(values.length);
  // Summed in units of the largest magnitude, so sums of values near ±1.8e308 stay finite.
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      largest = Math.max(largest, Math.abs(values[i]));
    }
  }
  const scale = sumUnit(largest);
  let start = 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i] / scale;
      count++;
    }
    while (start < i && times[start] <= times[i] - windowMs) {
      if (Number.isFinite(values[start])) {
        sum -= values[start] / scale;
        count--;
      }
      start++;
    }
    out[i] = count > 0 ? fromUnits(sum / count, scale) : NaN;
  }
  return out;
}

/**
 * What the onset engine reads: the lanes as drawn, except that over ranges of days each lane becomes its
 * trailing 24 h mean. A business metric's daily cycle (CTR, traffic) is larger than a slow decline; the
 * engine rightly treats such autocorrelated noise as wide, and would miss the decline without this.
 */
export function engineLane(lane: Lane, range: TimeWindow): EngineLane {
  if (range.to - range.from < DAILY_CYCLE_MIN_RANGE_MS) {
    return lane;
  }
  // A 24 h mean of shares is no longer the share of one bucket's count: it goes without the counts.
  return { id: lane.id, times: lane.times, values: trailingMean(lane.times, lane.values, DAY_MS) };
}

export function engineLanes(lanes: Lane[], range: TimeWindow): EngineLane[] {
  return lanes.map((lane) => engineLane(lane, range));
}

function isRollback(event: AnnotationEvent): boolean {
  return event.tags.some((tag) => tag.toLowerCase() === 'rollback');
}

/**
 * After a rollback, a lane that moved before it recovers when it departs from its disturbed level (onset to
 * rollback) in the opposite direction: the same onset detection, with the incident as the baseline.
 */
function recoveries(
  lanes: Map<string, EngineLane>,
  onsets: Onset[],
  rollbacks: AnnotationEvent[],
  range: TimeWindow,
  incidentStart: number
): RecoveryStep[] {
  const steps: RecoveryStep[] = [];
  const seen = new Set<string>();
  for (const onset of onsets) {
    const lane = lanes.get(onset.laneId);
    // A lane recovers once, from its last onset before the rollback.
    if (seen.has(onset.laneId)) {
      continue;
    }
    seen.add(onset.laneId);
    const rollback = rollbacks.find((event) => event.time > onset.time);
    if (!lane || !rollback || rollback.time >= range.to) {
      continue;
    }
    const [back] = rankOnsets(
      [lane],
      { from: rollback.time, to: range.to },
      {
        baseline: { from: onset.time, to: rollback.time },
        lookbackMs: 0,
      }
    );
    if (back && back.direction !== onset.direction) {
      steps.push({
        type: 'onset',
        recovery: true,
        laneId: lane.id,
        label: lane.id,
        time: back.time,
        offsetMs: back.time - incidentStart,
        direction: back.direction,
        score: back.score,
        precededBy: [rollback.id],
        ...(back.shape ? { shape: back.shape } : {}),
        interval: back.interval ?? { from: back.time, to: back.time },
      });
    }
  }
  return steps;
}

/**
 * Engine settings for the timeline. `clip` 10 (default 3): clipping at 3 noise scales makes a 2.5x traffic
 * step look no taller than a slow wander, so the onset was placed where the wander began; at 10 the step
 * wins. `threshold` 16 (default 8): a timeline ranks a dozen lanes of different kinds at once, and halving
 * its false alarms matters more there than catching 1.5-scale shifts.
 */
export const TIMELINE_ONSET_TUNING: OnsetOptions = { clip: 10, threshold: 16 };

/**
 * The "what changed first" sequence from the onsets: related to the change annotations before them (those
 * nothing followed are exonerated), plus recoveries after a rollback, in time order.
 */
export function sequenceFromOnsets(
  lanes: Lane[],
  inputs: EngineLane[],
  onsets: Onset[],
  events: AnnotationEvent[],
  range: TimeWindow,
  incidentStart: number
): TimelineAnalysis {
  const names = new Map(lanes.map((lane) => [lane.id, lane.name]));
  const changes: ChangeEvent[] = events
    .filter((event) => CHANGE_KINDS.includes(event.kind) && event.time >= range.from && event.time <= range.to)
    .map((event) => ({ id: event.id, time: event.time, kind: event.kind, text: event.text }));
  const sequence = buildChangeSequence(onsets, changes, incidentStart, {
    horizonMs: HORIZON_FRACTION * (range.to - range.from),
    observedUntil: range.to,
  });
  const rollbacks = events.filter(isRollback);
  const recovered = recoveries(new Map(inputs.map((lane) => [lane.id, lane])), onsets, rollbacks, range, incidentStart);
  const rank = (step: ChangeStep | RecoveryStep) => (step.type === 'event' ? 0 : 1);
  const steps = [...sequence, ...recovered]
    .sort((a, b) => a.time - b.time || rank(a) - rank(b) || stepMidpoint(a) - stepMidpoint(b))
    .map((step) => ({
      ...step,
      displayLabel: step.type === 'event' ? step.label : (names.get(step.laneId) ?? step.laneId),
    }));
  return { onsets, steps: markSimultaneous(steps), incidentStart };
}

/** The whole analysis at once; the panel runs the same steps in slices (see useTimelineAnalysis). */
export function analyseTimeline(
  lanes: Lane[],
  events: AnnotationEvent[],
  range: TimeWindow,
  window: TimeWindow,
  incidentStart: number,
  tuning: OnsetOptions = TIMELINE_ONSET_TUNING
): TimelineAnalysis {
  const inputs = engineLanes(lanes, range);
  const onsets = rankOnsets(inputs, window, onsetOptions(range, window, tuning));
  return sequenceFromOnsets(lanes, inputs, onsets, events, range, incidentStart);
}
