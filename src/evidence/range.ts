import { dateMath } from '@grafana/data';
import { DriftInputError } from '../analysis';
import { assertTime, assertTimeRange, isEpochMs } from '../data/arguments';
import { TimeWindow } from '../findings/changeSequence';

/** Without a saved or stored range, an incident is looked at over this span. */
export const DEFAULT_SPAN_MS = 6 * 3_600_000;

/** Where the incident starts in its analysis range: after the calm the timeline's baseline is learnt from. */
const BEFORE_FRACTION = 0.75;

/** The length of a dashboard's saved time range (`now-6h` to `now`, or epoch ms); undefined when unreadable. */
export function spanOf(time: { from: string; to: string } | undefined, now: number): number | undefined {
  if (!time) {
    return undefined;
  }
  const read = (value: string, roundUp: boolean) => {
    const parsed = /^\d+$/.test(value) ? Number(value) : dateMath.toDateTime(value, { roundUp, now })?.valueOf();
    return parsed !== undefined && Number.isFinite(parsed) ? parsed : undefined;
  };
  const from = read(time.from, false);
  const to = read(time.to, true);
  return from !== undefined && to !== undefined && to > from ? to - from : undefined;
}

/** A span longer than this (ten years) is no dashboard range an incident is looked at over. */
export const MAX_SPAN_MS = 10 * 365 * 86_400_000;

/** Whether a stored or saved span can be the length of an analysis range. */
export function isUsableSpan(span: number | undefined): span is number {
  return span !== undefined && span > 0 && span <= MAX_SPAN_MS;
}

function assertIncidentTimes(incident: IncidentTimes): void {
  assertTime(incident.start, 'incident start');
  if (incident.end !== undefined) {
    assertTime(incident.end, 'incident end');
  }
}

export interface IncidentTimes {
  start: number;
  /** Undefined while the incident is ongoing. */
  end?: number;
}

/**
 * The range the incident's queries run over, as a dashboard opened on the incident would show it: `span` long
 * (the dashboard's range when the incident was declared, or its saved one), with the incident starting three
 * quarters in, so the calm before it fills the timeline's baseline (the first quarter). It covers the whole
 * incident, and runs on past its start by a quarter span at least: a data source that has data after now
 * (the demo data source, telling the story of an incident) shows what followed; any other simply has none yet.
 * @throws DriftInputError when the incident's times or now are not epoch ms, or the span is no usable length.
 */
export function analysisRange(incident: IncidentTimes, span: number, now: number): TimeWindow {
  assertIncidentTimes(incident);
  assertTime(now, 'current time');
  if (!isUsableSpan(span)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `a span of ${span} ms is invalid: look at an incident over a positive span of at most ten years, e.g. 6 hours`
    );
  }
  const end = incident.end ?? now;
  const from = Math.min(incident.start - BEFORE_FRACTION * span, end - span);
  const to = Math.max(end, incident.start + (1 - BEFORE_FRACTION) * span);
  return { from: Math.round(from), to: Math.round(to) };
}

/**
 * The analysis range cut where the data ends, when the queries asked beyond now: an ongoing incident's
 * last minutes are not a drop to zero in its log and span counts.
 */
export function rangeWithData(range: TimeWindow, latestDataTime: number | undefined, now: number): TimeWindow {
  assertTimeRange(range, 'analysis range');
  assertTime(now, 'current time');
  // A data time that is no date (a sentinel in a time field) says nothing about where the data ends.
  const dataEnd = Math.max(now, isEpochMs(latestDataTime) ? latestDataTime : now);
  return dataEnd < range.to ? { from: range.from, to: dataEnd } : range;
}

/** The incident's own window inside the range: its start to its end (or the range's end while ongoing). */
export function incidentWindow(incident: IncidentTimes, range: TimeWindow): TimeWindow {
  assertIncidentTimes(incident);
  assertTimeRange(range, 'analysis range');
  return { from: incident.start, to: Math.min(range.to, Math.max(incident.start, incident.end ?? range.to)) };
}
