import { AnnotationEvent, incidentWindow } from './annotations';
import { BaselineMode, DriftInputError, resolveBaseline } from '../analysis';
import { assertTimeRange } from './arguments';

export interface TimeWindow {
  from: number;
  to: number;
}

export interface ComparisonWindows {
  baseline: TimeWindow;
  current: TimeWindow;
  /** Why the current window is where it is, shown to the user. */
  currentSource: 'incident' | 'range-end';
}

/**
 * Baseline = the first `baselinePercent` % of the dashboard range. Current = the incident region from the
 * annotations when one overlaps the range (the window people are looking at), else the last
 * `baselinePercent` % of the range.
 */
export function comparisonWindows(
  range: TimeWindow,
  events: AnnotationEvent[],
  now: number,
  baselinePercent: number
): ComparisonWindows {
  assertTimeRange(range, 'dashboard range', true);
  if (!Number.isFinite(baselinePercent)) {
    throw new DriftInputError('INVALID_ARGUMENT', `baseline share ${baselinePercent} % is not a number: use e.g. 25`);
  }
  const share = Math.min(Math.max(baselinePercent, 1), 90) / 100;
  const span = range.to - range.from;
  const baseline = { from: range.from, to: range.from + span * share };
  const incident = incidentWindow(events, range, now);
  if (incident && incident.from > baseline.to) {
    return {
      baseline,
      current: { from: incident.from, to: Math.min(incident.to, range.to) },
      currentSource: 'incident',
    };
  }
  return { baseline, current: { from: range.to - span * share, to: range.to }, currentSource: 'range-end' };
}

/** Values whose time falls in [from, to), skipping NaN. */
export function valuesInWindow(times: ArrayLike<number>, values: ArrayLike<number>, window: TimeWindow): Float64Array {
  const picked = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const time = times[i];
    const value = values[i];
    if (time >= window.from && time < window.to && Number.isFinite(value)) {
      picked[count++] = value;
    }
  }
  return picked.slice(0, count);
}

/**
 * The windows for a baseline mode: the baseline as the engine resolves it (first % of the range, previous
 * period, time shift or fixed range). The current window is the incident region from the annotations when
 * one overlaps the range after the baseline; else, for "first %", the last same share of the range; for
 * the other modes, the whole range.
 */
export function baselineModeWindows(
  range: TimeWindow,
  events: AnnotationEvent[],
  now: number,
  baseline: BaselineMode
): ComparisonWindows {
  const { baselineRange } = resolveBaseline(range, baseline);
  const incident = incidentWindow(events, range, now);
  if (incident && incident.from >= baselineRange.to && incident.from < range.to) {
    return {
      baseline: baselineRange,
      current: { from: incident.from, to: Math.min(incident.to, range.to) },
      currentSource: 'incident',
    };
  }
  const current =
    baseline.mode === 'firstPercent'
      ? { from: range.to - ((range.to - range.from) * baseline.percent) / 100, to: range.to }
      : { from: range.from, to: range.to };
  return { baseline: baselineRange, current, currentSource: 'range-end' };
}
