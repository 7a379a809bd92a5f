import type { Onset, OnsetDirection, OnsetShape, TimeRange } from './rankOnsets';
import { assertRelateInput, assertStepTimes } from './validate';

/** An annotation: something that changed (deploy, config, data, campaign, ...), not a measured lane. */
export interface ChangeEvent {
  id: string;
  /** Epoch ms. */
  time: number;
  /** Free-form category, e.g. 'deploy', 'config', 'data'. */
  kind: string;
  text: string;
}

export interface RelateOptions {
  /**
   * An onset is related to an event when it starts at or after the event and at most this long after it.
   * Default 30 minutes.
   */
  horizonMs?: number;
  /**
   * Last time the lanes were observed (epoch ms). An event later than `observedUntil - horizonMs` that no
   * onset followed is not exonerated, because its horizon has not been fully seen. Default: unknown, every
   * event's horizon counts as seen.
   */
  observedUntil?: number;
  /** Only events of these kinds are related; others are left out of the result. Default: all kinds. */
  kinds?: readonly string[];
}

export const DEFAULT_HORIZON_MS = 30 * 60 * 1000;

/** One onset that began after an event. */
export interface FollowingOnset {
  laneId: string;
  onsetTime: number;
  /** onsetTime − event time, ≥ 0. */
  leadTimeMs: number;
}

/** One event that came before an onset. */
export interface PrecedingEvent {
  eventId: string;
  kind: string;
  eventTime: number;
  /** onset time − eventTime, ≥ 0. */
  leadTimeMs: number;
}

export const EXONERATED_REASON = 'no signal moved after it';
export const UNJUDGED_REASON = 'its horizon has not been observed yet';

/** What followed one change event. */
export interface EventRelation {
  eventId: string;
  kind: string;
  time: number;
  /** Onsets within the horizon after the event, earliest first. */
  followedBy: FollowingOnset[];
  /** True when no onset followed within the horizon, the whole horizon having been observed. */
  exonerated: boolean;
  /**
   * Why the event is (or cannot yet be) exonerated: `EXONERATED_REASON` when exonerated,
   * `UNJUDGED_REASON` when nothing followed but the horizon is not fully observed, absent when onsets followed.
   */
  reason?: string;
}

/** What came before one onset. */
export interface OnsetRelation {
  laneId: string;
  onsetTime: number;
  /** Events within the horizon before the onset, the closest (shortest lead time) first. */
  precededBy: PrecedingEvent[];
}

/** Both directions of the event–onset relation. Events and onsets keep their input order. */
export interface AnnotationRelations {
  events: EventRelation[];
  onsets: OnsetRelation[];
}

function eventsOfInterest(events: readonly ChangeEvent[], options: RelateOptions): ChangeEvent[] {
  return options.kinds ? events.filter((e) => options.kinds!.includes(e.kind)) : events.slice();
}

function leadTime(event: ChangeEvent, onset: Onset, horizon: number): number | undefined {
  const lead = onset.time - event.time;
  return lead >= 0 && lead <= horizon ? lead : undefined;
}

/**
 * Relates change events to onsets: which events came within `horizonMs` before which onset and by how
 * long, and which events nothing moved after (exonerated). An event and an onset at the same instant are
 * related with a lead time of 0.
 */
export function relateAnnotationsToOnsets(
  events: readonly ChangeEvent[],
  onsets: readonly Onset[],
  options: RelateOptions = {}
): AnnotationRelations {
  assertRelateInput(events, onsets, options);
  const horizon = options.horizonMs ?? DEFAULT_HORIZON_MS;
  const relevant = eventsOfInterest(events, options);
  const eventRelations = relevant.map((event): EventRelation => {
    const followedBy: FollowingOnset[] = [];
    for (const onset of onsets) {
      const lead = leadTime(event, onset, horizon);
      if (lead !== undefined) {
        followedBy.push({ laneId: onset.laneId, onsetTime: onset.time, leadTimeMs: lead });
      }
    }
    followedBy.sort((a, b) => a.leadTimeMs - b.leadTimeMs);
    if (followedBy.length > 0) {
      return { eventId: event.id, kind: event.kind, time: event.time, followedBy, exonerated: false };
    }
    const seen = options.observedUntil === undefined || event.time + horizon <= options.observedUntil;
    return {
      eventId: event.id,
      kind: event.kind,
      time: event.time,
      followedBy,
      exonerated: seen,
      reason: seen ? EXONERATED_REASON : UNJUDGED_REASON,
    };
  });
  const onsetRelations = onsets.map((onset): OnsetRelation => {
    const precededBy: PrecedingEvent[] = [];
    for (const event of relevant) {
      const lead = leadTime(event, onset, horizon);
      if (lead !== undefined) {
        precededBy.push({ eventId: event.id, kind: event.kind, eventTime: event.time, leadTimeMs: lead });
      }
    }
    precededBy.sort((a, b) => a.leadTimeMs - b.leadTimeMs);
    return { laneId: onset.laneId, onsetTime: onset.time, precededBy };
  });
  return { events: eventRelations, onsets: onsetRelations };
}

/** A change event in the "what changed first" sequence. */
export interface EventStep {
  type: 'event';
  eventId: string;
  kind: string;
  /** The event's text. */
  label: string;
  time: number;
  /** time − incident start: negative before the incident, positive after. */
  offsetMs: number;
  exonerated: boolean;
  /** Set when exonerated or not yet judged; see `EventRelation.reason`. */
  reason?: string;
  /** Lanes whose onsets followed within the horizon, earliest first. */
  followedBy: string[];
}

/** A lane onset in the "what changed first" sequence. */
export interface OnsetStep {
  type: 'onset';
  laneId: string;
  /** The lane id. */
  label: string;
  time: number;
  /** time − incident start: negative before the incident, positive after. */
  offsetMs: number;
  direction: OnsetDirection;
  score: number;
  /** Events within the horizon before this onset, closest first. */
  precededBy: string[];
  shape?: OnsetShape;
  /** Epoch ms range that holds the onset (about 95 %); [time, time] when the onset is exact. */
  interval?: TimeRange;
  /**
   * Set on onsets whose intervals overlap another's: the same number for all onsets that the data cannot
   * order (a chain of overlapping intervals). Shown as simultaneous, not in an order set by noise.
   */
  simultaneousGroup?: number;
}

export type ChangeStep = EventStep | OnsetStep;

/**
 * The "what changed first" timeline: events and onsets merged in time order with offsets from the
 * incident start (e.g. campaign −12 min → input_tokens −10 min → p99 latency 0 → 504s +3 min), exonerated
 * events marked. At equal times events come before onsets, since a change can only cause what follows it.
 *
 * @param incidentStart epoch ms the offsets are measured from, e.g. the window start or the onset of the
 * symptom lane
 */
export function buildChangeSequence(
  onsets: readonly Onset[],
  events: readonly ChangeEvent[],
  incidentStart: number,
  options: RelateOptions = {}
): ChangeStep[] {
  assertRelateInput(events, onsets, options, incidentStart);
  const relevant = eventsOfInterest(events, options);
  const relations = relateAnnotationsToOnsets(relevant, onsets, options);
  const steps: ChangeStep[] = [
    ...relevant.map((event, i): EventStep => {
      const relation = relations.events[i];
      return {
        type: 'event',
        eventId: event.id,
        kind: event.kind,
        label: event.text,
        time: event.time,
        offsetMs: event.time - incidentStart,
        exonerated: relation.exonerated,
        ...(relation.reason !== undefined ? { reason: relation.reason } : {}),
        followedBy: relation.followedBy.map((f) => f.laneId),
      };
    }),
    ...onsets.map((onset, i): OnsetStep => ({
      type: 'onset',
      laneId: onset.laneId,
      label: onset.laneId,
      time: onset.time,
      offsetMs: onset.time - incidentStart,
      direction: onset.direction,
      score: onset.score,
      precededBy: relations.onsets[i].precededBy.map((p) => p.eventId),
      ...(onset.shape ? { shape: onset.shape } : {}),
      interval: onset.interval ?? { from: onset.time, to: onset.time },
    })),
  ];
  const rank = (step: ChangeStep) => (step.type === 'event' ? 0 : 1);
  steps.sort((a, b) => a.time - b.time || rank(a) - rank(b) || stepMidpoint(a) - stepMidpoint(b));
  return markSimultaneous(steps);
}

interface GroupedOnset {
  type: 'onset';
  interval?: TimeRange;
  simultaneousGroup?: number;
}

const intervalOf = (step: GroupedOnset & { time: number }): TimeRange =>
  step.interval ?? { from: step.time, to: step.time };
/**
 * The middle of an onset's interval (an event's time): the order of steps at the same time, so that of two
 * onsets first seen in the same sample, the one the data place earlier comes first.
 * @throws DriftInputError when the step's time or interval is not in epoch ms.
 */
export function stepMidpoint(step: { type: string; time: number; interval?: TimeRange }): number {
  assertStepTimes(step);
  const interval = step.type === 'onset' && step.interval ? step.interval : { from: step.time, to: step.time };
  return (interval.from + interval.to) / 2;
}

/**
 * Marks the onsets that the data cannot order, in a list sorted by time: consecutive onsets whose
 * uncertainty intervals share a common point form a group (so every two of them overlap) and get the same
 * `simultaneousGroup`; an onset alone is left unmarked. The list keeps its time order (events are exact and
 * are not grouped). Returns the list, changed in place.
 * @throws DriftInputError when a step's time or an onset's interval is not in epoch ms.
 */
export function markSimultaneous<T extends { type: string; time: number }>(steps: T[]): T[] {
  const isOnset = (step: T): step is T & GroupedOnset => step.type === 'onset';
  const slots: number[] = [];
  steps.forEach((step, i) => {
    assertStepTimes(step);
    if (isOnset(step)) {
      slots.push(i);
    }
  });
  let group = 0;
  let commonFrom = -Infinity;
  let commonTo = -Infinity;
  let members: number[] = [];
  const close = () => {
    if (members.length > 1) {
      members.forEach((i) => ((steps[i] as T & GroupedOnset).simultaneousGroup = group));
      group++;
    }
  };
  for (const i of slots) {
    const step = steps[i] as T & GroupedOnset;
    const interval = intervalOf(step);
    delete step.simultaneousGroup;
    if (members.length > 0 && interval.from <= commonTo && interval.to >= commonFrom) {
      members.push(i);
      commonFrom = Math.max(commonFrom, interval.from);
      commonTo = Math.min(commonTo, interval.to);
      continue;
    }
    close();
    members = [i];
    commonFrom = interval.from;
    commonTo = interval.to;
  }
  close();
  return steps;
}
