import { DataFrame, Field, FieldType } from '@grafana/data';
import { DriftInputError } from '../analysis';
import { assertTime } from './arguments';
import { timeBuckets } from './buckets';
import {
  FrameProblemError,
  fieldName,
  findTimeField,
  frameRows,
  isEmptyData,
  readNumbersSteps,
  readTimesSteps,
  ROWS_PER_STEP,
} from './frames';
import { readGenAiLatencyLanes } from './genaiLatency';
import { isGenAiSpanFrame, readGenAiSpanLanes } from './genaiSpans';
import { runSteps, Steps } from './steps';
import { fromUnits, sumUnit } from './sums';
import { isLogsFrame, readLogVolume } from './logs';
import { isTracesFrame, readTraceSummary } from './traces';

/** Lanes are grouped by the kind of signal they come from, in this order. */
export type LaneGroup = 'metrics' | 'logs' | 'traces';
export type LaneStyle = 'line' | 'area' | 'bars';
/** Lanes that count failures are drawn in the theme's error or warning colour. */
export type LaneTone = 'error' | 'warning';

/** One signal on the timeline: a series of values over time, sorted by time. */
export interface Lane {
  /** Stable across refreshes of the same query: frame refId and index, field or level. */
  id: string;
  /** What the user reads: the series display name, "logs: error", "traces: p95 latency". */
  name: string;
  unit?: string;
  times: Float64Array;
  values: Float64Array;
  /** Rows whose value was missing, NaN or infinite; they are drawn as gaps. */
  gaps: number;
  /**
   * For a lane of shares (e.g. of GenAI spans per finish reason): how many spans each bucket's share is of,
   * so the onset analysis knows a share of one or two spans for the noisy number it is.
   */
  counts?: Float64Array;
  group: LaneGroup;
  style: LaneStyle;
  tone?: LaneTone;
  /** A short summary shown in the lane header, e.g. the top error pattern. Plain text. */
  note?: string;
  /** The field the lane was read from, for its data links (Explore). */
  field?: Field;
}

export interface TimelineLaneOptions {
  /** How metric series are drawn. */
  metricStyle?: 'line' | 'area';
  /** Upper bound of the time buckets logs and spans are counted in; about one per 3 px of plot. */
  maxBuckets?: number;
}

/**
 * The rows a lane can place, sorted by time: rows without a finite time are left out (a value needs a time
 * to be drawn), and times and values are cut to the shorter of the two fields.
 */
function* sortByTime(
  allTimes: Float64Array,
  allValues: Float64Array
): Steps<{ times: Float64Array; values: Float64Array }> {
  const length = Math.min(allTimes.length, allValues.length);
  let times = allTimes.subarray(0, length);
  let values = allValues.subarray(0, length);
  let timed = 0;
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % ROWS_PER_STEP === 0) {
      yield;
    }
    timed += Number.isFinite(times[i]) ? 1 : 0;
  }
  if (timed < length) {
    const keptTimes = new Float64Array(timed);
    const keptValues = new Float64Array(timed);
    for (let i = 0, k = 0; i < length; i++) {
      if (i > 0 && i % ROWS_PER_STEP === 0) {
        yield;
      }
      if (Number.isFinite(times[i])) {
        keptTimes[k] = times[i];
        keptValues[k++] = values[i];
      }
    }
    times = keptTimes;
    values = keptValues;
  }
  let sorted = true;
  for (let i = 1; i < times.length; i++) {
    if (i % ROWS_PER_STEP === 0) {
      yield;
    }
    if (times[i] < times[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    return { times, values };
  }
  const order = Array.from(times.keys()).sort((a, b) => times[a] - times[b]);
  return {
    times: Float64Array.from(order, (i) => times[i]),
    values: Float64Array.from(order, (i) => values[i]),
  };
}

/**
 * Every numeric field of every frame that has a time field becomes a lane. Frames without a time field
 * are reported, not ignored silently: a timeline can only place what has a time.
 */
export function readMetricLanes(series: DataFrame[], style: LaneStyle = 'line'): Lane[] {
  return runSteps(readMetricLanesSteps(series, style));
}

/** {@link readMetricLanes} in steps of a few hundred thousand points. */
export function* readMetricLanesSteps(series: DataFrame[], style: LaneStyle = 'line'): Steps<Lane[]> {
  if (isEmptyData(series)) {
    throw new FrameProblemError({ code: 'no-data', message: 'No data' });
  }
  const lanes: Lane[] = [];
  const untimed: string[] = [];
  const textFields: string[] = [];
  // Prometheus frames of one query share their time values: each distinct array is read once.
  const timesOf = new Map<unknown, Float64Array>();
  for (const [frameIndex, frame] of series.entries()) {
    if (frameRows(frame) === 0 || isLogsFrame(frame) || isTracesFrame(frame)) {
      continue;
    }
    const timeField = findTimeField(frame);
    if (!timeField) {
      if (frameRows(frame) > 0) {
        untimed.push(frame.name ?? frame.refId ?? `frame ${frameIndex + 1}`);
      }
      continue;
    }
    let times = timesOf.get(timeField.values);
    if (!times) {
      times = yield* readTimesSteps(timeField);
      timesOf.set(timeField.values, times);
    }
    for (const field of frame.fields) {
      if (field === timeField) {
        continue;
      }
      const name = fieldName(field, frame);
      if (field.type !== FieldType.number) {
        if (
          field.type === FieldType.string &&
          frame.meta?.type !== 'log-lines' &&
          !/^(line|id|tsns|traceid|spanid)$/i.test(field.name)
        ) {
          textFields.push(name);
        }
        continue;
      }
      const { values, nonFinite } = yield* readNumbersSteps(field);
      if (nonFinite === values.length) {
        continue;
      }
      const sorted = yield* sortByTime(times, values);
      if (sorted.times.length === 0) {
        continue;
      }
      lanes.push({
        id: `${frame.refId ?? 'A'}/${frameIndex}/${name}`,
        name,
        unit: field.config?.unit,
        times: sorted.times,
        values: sorted.values,
        gaps: nonFinite,
        group: 'metrics',
        style,
        field,
      });
    }
  }
  if (lanes.length === 0) {
    if (series.some((frame) => frameRows(frame) > 0 && (isLogsFrame(frame) || isTracesFrame(frame)))) {
      return lanes;
    }
    if (untimed.length > 0) {
      throw new FrameProblemError({
        code: 'no-time-field',
        message: `The timeline places signals on a time axis, but ${untimed.join(', ')} has no time field. Use a time series query (Format: Time series) or add a time column.`,
      });
    }
    if (textFields.length > 0) {
      throw new FrameProblemError({
        code: 'wrong-type',
        message: `Fields ${textFields.join(', ')} hold text, not numbers. Convert them with a Convert field type transformation, or query a numeric series.`,
      });
    }
    throw new FrameProblemError({
      code: 'all-nan',
      message: 'Every series in the query result is empty or NaN. Check the query, or widen the time range.',
    });
  }
  return lanes;
}

function quote(text: string, max = 80): string {
  return `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
}

/** Log volume per level, one lane each, counted in time buckets. */
export function readLogLanes(
  frame: DataFrame,
  frameIndex: number,
  range: { from: number; to: number },
  maxBuckets: number
): Lane[] {
  const buckets = timeBuckets(range, maxBuckets);
  return readLogVolume(frame, buckets).map((volume) => {
    const top = volume.topPatterns[0];
    return {
      id: `${frame.refId ?? 'logs'}/${frameIndex}/logs/${volume.level}`,
      name: `logs: ${volume.level}`,
      unit: 'short',
      times: volume.times,
      values: volume.counts,
      gaps: 0,
      group: 'logs' as const,
      style: 'bars' as const,
      tone:
        volume.level === 'error' || volume.level === 'critical'
          ? ('error' as const)
          : volume.level === 'warn'
            ? ('warning' as const)
            : undefined,
      note: top ? `top: ${quote(top.pattern)} ×${top.count}` : undefined,
    };
  });
}

/** Span latency (p95 per bucket) and error spans per bucket, as two lanes. */
export function readTraceLanes(
  frame: DataFrame,
  frameIndex: number,
  range: { from: number; to: number },
  maxBuckets: number
): Lane[] {
  const summary = readTraceSummary(frame, timeBuckets(range, maxBuckets));
  if (!summary || summary.spans === 0) {
    return [];
  }
  const prefix = `${frame.refId ?? 'traces'}/${frameIndex}/traces`;
  let gaps = 0;
  for (const value of summary.p95) {
    gaps += Number.isNaN(value) ? 1 : 0;
  }
  return [
    {
      id: `${prefix}/p95`,
      name: 'traces: p95 latency',
      unit: summary.unit,
      times: summary.times,
      values: summary.p95,
      gaps,
      group: 'traces',
      style: 'line',
      note: `${summary.spans.toLocaleString('en')} spans`,
    },
    {
      id: `${prefix}/errors`,
      name: 'traces: error spans',
      unit: 'short',
      times: summary.times,
      values: summary.errors,
      gaps: 0,
      group: 'traces',
      style: 'bars',
      tone: 'error',
      note: summary.topErrorSpan ? `most on ${quote(summary.topErrorSpan, 40)}` : undefined,
    },
  ];
}

/**
 * Every lane of the timeline, grouped metrics, then logs, then traces: metric series as they are (a GenAI
 * duration histogram as one p95 lane), logs as volume per level and spans as p95 latency and error counts,
 * plus, for GenAI spans, finish reason shares, output tokens per request and error shares by type; all
 * bucketed to about one bucket per few pixels of the range so 200,000 lines cost one pass.
 */
export function readTimelineLanes(
  series: DataFrame[],
  range: { from: number; to: number },
  options: TimelineLaneOptions = {}
): Lane[] {
  return runSteps(readTimelineLanesSteps(series, range, options));
}

/** {@link readTimelineLanes} in steps of a few hundred thousand points (a logs or spans frame a step). */
export function* readTimelineLanesSteps(
  series: DataFrame[],
  range: { from: number; to: number },
  options: TimelineLaneOptions = {}
): Steps<Lane[]> {
  const maxBuckets = options.maxBuckets ?? 240;
  const genAiLatency = readGenAiLatencyLanes(series);
  const others = genAiLatency.frames.size > 0 ? series.filter((frame) => !genAiLatency.frames.has(frame)) : series;
  const metrics =
    genAiLatency.lanes.length > 0 && isEmptyData(others)
      ? genAiLatency.lanes
      : genAiLatency.lanes.concat(yield* readMetricLanesSteps(others, options.metricStyle ?? 'line'));
  let logs: Lane[] = [];
  let traces: Lane[] = [];
  for (const [frameIndex, frame] of series.entries()) {
    if (frameRows(frame) === 0) {
      continue;
    }
    if (isLogsFrame(frame)) {
      logs = logs.concat(readLogLanes(frame, frameIndex, range, maxBuckets));
      yield;
    } else if (isTracesFrame(frame)) {
      traces = traces.concat(readTraceLanes(frame, frameIndex, range, maxBuckets));
      if (isGenAiSpanFrame(frame)) {
        traces = traces.concat(readGenAiSpanLanes(frame, frameIndex, range, maxBuckets));
      }
      yield;
    }
  }
  const lanes = [...metrics, ...logs, ...traces];
  if (lanes.length === 0) {
    throw new FrameProblemError({
      code: 'no-data',
      message: 'The logs and traces in the query result have no rows in the time range.',
    });
  }
  return lanes;
}

/**
 * A lane reduced for drawing to at most the first, min, max and last point of each of `columns` pixel
 * columns over the range, so a lane 1,000 times denser than the others costs what they cost while its
 * peaks stay visible. Points outside the range are dropped; NaN gaps are kept as one NaN per column.
 */
export function decimateToColumns(
  times: Float64Array,
  values: Float64Array,
  range: { from: number; to: number },
  columns: number,
  always = false
): { times: Float64Array; values: Float64Array } {
  const cols = Math.max(1, Math.floor(columns));
  if (!always && times.length <= 4 * cols) {
    return { times, values };
  }
  const span = Math.max(1, range.to - range.from);
  const outTimes: number[] = [];
  const outValues: number[] = [];
  let column = -1;
  let first = -1;
  let min = -1;
  let max = -1;
  let last = -1;
  let gap = -1;
  const flush = () => {
    const picks = [first, min, max, last, gap].filter((i) => i >= 0).sort((a, b) => a - b);
    let previous = -1;
    for (const i of picks) {
      if (i !== previous) {
        outTimes.push(times[i]);
        outValues.push(values[i]);
        previous = i;
      }
    }
  };
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!(t >= range.from && t <= range.to)) {
      continue;
    }
    const c = Math.min(cols - 1, Math.floor(((t - range.from) / span) * cols));
    if (c !== column) {
      if (column >= 0) {
        flush();
      }
      column = c;
      first = min = max = last = gap = -1;
    }
    const v = values[i];
    if (Number.isNaN(v)) {
      gap = gap < 0 ? i : gap;
      continue;
    }
    if (first < 0) {
      first = min = max = i;
    }
    if (v < values[min]) {
      min = i;
    }
    if (v > values[max]) {
      max = i;
    }
    last = i;
  }
  if (column >= 0) {
    flush();
  }
  return { times: Float64Array.from(outTimes), values: Float64Array.from(outValues) };
}

/**
 * A lane of more than `maxPoints` points as the mean of each of `maxPoints` equal time buckets over its
 * span (empty buckets left out), read ROWS_PER_STEP points a step; a shorter lane as it is. The onset
 * engine reads a 10-million-point lane this way: an onset is placed to a bucket (a `maxPoints`th of the
 * range) instead of costing seconds. Points outside the lane's span (an unsorted lane) are left out.
 * @throws DriftInputError when `maxPoints` is not a whole number from 1, or the lane's ends are no times.
 */
export function* bucketMeansSteps(
  times: Float64Array,
  values: Float64Array,
  maxPoints: number
): Steps<{ times: Float64Array; values: Float64Array }> {
  if (!(Number.isSafeInteger(maxPoints) && maxPoints >= 1)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `${maxPoints} is not a number of points: reduce a lane to a whole number of points, 1 or more`
    );
  }
  const length = times.length;
  if (length <= maxPoints) {
    return { times, values };
  }
  // The lane is sorted by time: its span runs from the first to the last point.
  const first = times[0];
  assertTime(first, 'first time of the lane');
  assertTime(times[length - 1], 'last time of the lane');
  const span = times[length - 1] - first || 1;
  const timeSums = new Float64Array(maxPoints);
  const valueSums = new Float64Array(maxPoints);
  const counts = new Float64Array(maxPoints);
  const valueUnit = sumUnit(length);
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % ROWS_PER_STEP === 0) {
      yield;
    }
    const value = values[i];
    const offset = times[i] - first;
    if (!Number.isFinite(value) || !(offset >= 0 && offset <= span)) {
      continue;
    }
    const bucket = Math.min(maxPoints - 1, Math.floor((offset / span) * maxPoints));
    // Shifted by the first time so sums of epoch milliseconds stay exact; values in units of the lane's
    // length, so sums of up to `length` values near ±1.8e308 do not overflow.
    timeSums[bucket] += offset;
    valueSums[bucket] += value / valueUnit;
    counts[bucket]++;
  }
  let kept = 0;
  for (let b = 0; b < maxPoints; b++) {
    kept += counts[b] > 0 ? 1 : 0;
  }
  const meanTimes = new Float64Array(kept);
  const means = new Float64Array(kept);
  for (let b = 0, k = 0; b < maxPoints; b++) {
    if (counts[b] > 0) {
      meanTimes[k] = first + timeSums[b] / counts[b];
      means[k++] = fromUnits(valueSums[b] / counts[b], valueUnit);
    }
  }
  return { times: meanTimes, values: means };
}

/** {@link decimateToColumns} in steps of ROWS_PER_STEP points. */
export function* decimateToColumnsSteps(
  times: Float64Array,
  values: Float64Array,
  range: { from: number; to: number },
  columns: number
): Steps<{ times: Float64Array; values: Float64Array }> {
  const cols = Math.max(1, Math.floor(columns));
  if (times.length <= 4 * cols) {
    return { times, values };
  }
  // Cut at column boundaries so each piece decimates as it would within the whole lane.
  const span = Math.max(1, range.to - range.from);
  const pieces: Array<{ times: Float64Array; values: Float64Array }> = [];
  let start = 0;
  while (start < times.length) {
    let end = Math.min(times.length, start + ROWS_PER_STEP);
    const columnOf = (t: number) => Math.min(cols - 1, Math.floor(((t - range.from) / span) * cols));
    while (end < times.length && columnOf(times[end]) === columnOf(times[end - 1])) {
      end++;
    }
    pieces.push(decimateToColumns(times.subarray(start, end), values.subarray(start, end), range, columns, true));
    start = end;
    yield;
  }
  let total = 0;
  for (const piece of pieces) {
    total += piece.times.length;
  }
  const outTimes = new Float64Array(total);
  const outValues = new Float64Array(total);
  let offset = 0;
  for (const piece of pieces) {
    outTimes.set(piece.times, offset);
    outValues.set(piece.values, offset);
    offset += piece.times.length;
  }
  return { times: outTimes, values: outValues };
}
