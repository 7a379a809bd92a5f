/**
 * Builders for frames shaped like the ones Grafana's data sources return, so the panels read demo
 * data through exactly the code paths they use for Prometheus, Loki and Tempo.
 */
import { DataFrame, DataFrameType, Field, FieldType, Labels } from '@grafana/data';

import { formatLe } from '../analysis/drift/buckets';
import type { Rng } from './random';
import type { TimeWindow } from './types';

export interface MetricSpec {
  /** Prometheus metric name, also the `__name__` label. */
  metric: string;
  /** Readable name shown in lane lists and legends. */
  displayName: string;
  /** Grafana unit id. */
  unit: string;
  labels?: Labels;
  decimals?: number;
}

/** One lane of a scenario: its series and the function that gives its value at each step. */
export interface MetricLane extends MetricSpec {
  value: (t: number, rng: Rng) => number;
}

/** A Prometheus range-query frame (`timeseries-multi`): `Time` and `Value`, labels on `Value`. */
export function metricFrame(spec: MetricSpec, times: number[], values: number[], stepMs: number): DataFrame {
  const labels: Labels = { __name__: spec.metric, ...spec.labels };
  return {
    name: spec.displayName,
    refId: 'A',
    length: times.length,
    meta: {
      type: DataFrameType.TimeSeriesMulti,
      typeVersion: [0, 1],
      custom: { resultType: 'matrix' },
      preferredVisualisationType: 'graph',
    },
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: { interval: stepMs } },
      {
        name: 'Value',
        type: FieldType.number,
        values,
        labels,
        config: { displayNameFromDS: spec.displayName, unit: spec.unit, decimals: spec.decimals },
      },
    ],
  };
}

/** Evaluates every lane on the grid, each lane with its own random stream. */
export function buildMetrics(lanes: MetricLane[], times: number[], stepMs: number, rng: Rng): DataFrame[] {
  return lanes.map((lane) => {
    const laneRng = rng.fork(`${lane.metric}${JSON.stringify(lane.labels ?? {})}`);
    const values = new Array<number>(times.length);
    for (let i = 0; i < times.length; i++) {
      values[i] = lane.value(times[i], laneRng);
    }
    return metricFrame(lane, times, values, stepMs);
  });
}

export interface HistogramSpec {
  /** Column of the drawn rows the histogram counts. */
  column: string;
  /** Finite upper bounds, ascending; `+Inf` is added. */
  bounds: number[];
  /** Labels of the series besides `__name__` and `le`. */
  labels: Labels;
}

export type DemoRow = Record<string, number | string | boolean>;

export interface HistogramCounts {
  /** End of each interval: the timestamp Prometheus gives an `increase(...[interval])` sample. */
  times: number[];
  /** Per histogram, per bucket (bounds then +Inf), the cumulative count of each interval. */
  counts: number[][][];
}

/**
 * Simulates `sum by (le) (increase(x_bucket[interval]))`: for each interval draws the requests
 * seen in it and counts, per histogram, the values <= each bound. Counts are cumulative over `le`.
 * A row whose value is not a finite number was not observed by that histogram (a failed call has no
 * token count) and is not counted.
 */
export function countHistograms(
  specs: HistogramSpec[],
  span: TimeWindow,
  intervalMs: number,
  expectedCount: (t: number) => number,
  drawRow: (rng: Rng, t: number) => DemoRow,
  rng: Rng
): HistogramCounts {
  const windows = Math.floor((span.to - span.from) / intervalMs);
  const times = new Array<number>(windows);
  const counts = specs.map((spec) => {
    const perLe: number[][] = [];
    for (let b = 0; b <= spec.bounds.length; b++) {
      perLe.push(new Array<number>(windows).fill(0));
    }
    return perLe;
  });
  const binned = specs.map((spec) => new Array<number>(spec.bounds.length + 1));
  for (let w = 0; w < windows; w++) {
    const start = span.from + w * intervalMs;
    times[w] = start + intervalMs;
    const n = rng.poisson(expectedCount(start + intervalMs / 2));
    for (const bins of binned) {
      bins.fill(0);
    }
    for (let k = 0; k < n; k++) {
      const row = drawRow(rng, start + rng.next() * intervalMs);
      for (let s = 0; s < specs.length; s++) {
        const value = row[specs[s].column] as number;
        if (!Number.isFinite(value)) {
          continue;
        }
        const bounds = specs[s].bounds;
        let b = 0;
        while (b < bounds.length && value > bounds[b]) {
          b++;
        }
        binned[s][b]++;
      }
    }
    for (let s = 0; s < specs.length; s++) {
      let cumulative = 0;
      for (let b = 0; b < binned[s].length; b++) {
        cumulative += binned[s][b];
        counts[s][b][w] = cumulative;
      }
    }
  }
  return { times, counts };
}

/** One Prometheus frame per (histogram, le) series, as a range query over `*_bucket` returns them. */
export function bucketFrames(
  metric: string,
  specs: HistogramSpec[],
  histograms: HistogramCounts,
  intervalMs: number
): DataFrame[] {
  const frames: DataFrame[] = [];
  specs.forEach((spec, s) => {
    const bounds = [...spec.bounds, Infinity];
    bounds.forEach((bound, b) => {
      const le = formatLe(bound);
      const labels = { ...spec.labels, le };
      const labelText = Object.entries(labels)
        .map(([key, value]) => `${key}="${value}"`)
        .join(', ');
      frames.push(
        metricFrame(
          { metric, displayName: `${metric}{${labelText}}`, unit: 'short', labels },
          histograms.times,
          histograms.counts[s][b],
          intervalMs
        )
      );
    });
  });
  return frames;
}

function tableFrame(name: string, length: number, fields: Field[]): DataFrame {
  return { name, refId: name, length, meta: { preferredVisualisationType: 'table' }, fields };
}

/** Column specs for numeric columns, the common case of sample and span attribute columns. */
export function numberColumns(...names: string[]): Array<{ name: string; type: FieldType.number }> {
  return names.map((name) => ({ name, type: FieldType.number }));
}

export interface SampleColumn {
  name: string;
  type: FieldType.number | FieldType.string | FieldType.boolean;
  unit?: string;
}

/** A raw-sample table: `time` then one column per feature, the prediction and the outcome. */
export function samplesFrame(times: number[], rows: DemoRow[], columns: SampleColumn[]): DataFrame {
  const fields: Field[] = [{ name: 'time', type: FieldType.time, values: times, config: {} }];
  for (const column of columns) {
    fields.push({
      name: column.name,
      type: column.type,
      values: rows.map((row) => row[column.name]),
      config: column.unit ? { unit: column.unit } : {},
    });
  }
  return tableFrame('samples', times.length, fields);
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEvent {
  time: number;
  level: LogLevel;
  service: string;
  msg: string;
  traceId?: string;
  /** Further JSON keys of the line. */
  extra?: Record<string, string | number>;
}

/** A Loki logs frame (`log-lines`): labels, Time, Line, tsNs, id. Events must be sorted by time. */
export function logsFrame(events: LogEvent[], rng: Rng, streamLabels: Labels = {}): DataFrame {
  const n = events.length;
  const labels = new Array<Labels>(n);
  const times = new Array<number>(n);
  const lines = new Array<string>(n);
  const tsNs = new Array<string>(n);
  const ids = new Array<string>(n);
  const labelCache = new Map<string, Labels>();
  for (let i = 0; i < n; i++) {
    const event = events[i];
    const key = `${event.level}|${event.service}`;
    let eventLabels = labelCache.get(key);
    if (!eventLabels) {
      eventLabels = { ...streamLabels, level: event.level, service: event.service };
      labelCache.set(key, eventLabels);
    }
    labels[i] = eventLabels;
    const time = Math.floor(event.time);
    times[i] = time;
    const line: Record<string, string | number> = { level: event.level, service: event.service, msg: event.msg };
    if (event.traceId) {
      line.trace_id = event.traceId;
    }
    lines[i] = JSON.stringify(event.extra ? { ...line, ...event.extra } : line);
    tsNs[i] = `${time}${String(Math.floor(rng.next() * 1e6)).padStart(6, '0')}`;
    ids[i] = `${tsNs[i]}_${i.toString(16).padStart(8, '0')}`;
  }
  return {
    name: 'logs',
    refId: 'logs',
    length: n,
    meta: { type: DataFrameType.LogLines, typeVersion: [0, 0], preferredVisualisationType: 'logs' },
    fields: [
      { name: 'labels', type: FieldType.other, values: labels, config: {} },
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      { name: 'Line', type: FieldType.string, values: lines, config: {} },
      { name: 'tsNs', type: FieldType.string, values: tsNs, config: {} },
      { name: 'id', type: FieldType.string, values: ids, config: {} },
    ],
  };
}

export interface SpanRow {
  traceID: string;
  spanID: string;
  parentSpanID: string;
  startTime: number;
  serviceName: string;
  spanName: string;
  /** Milliseconds. */
  duration: number;
  statusCode: 'ok' | 'error';
  attributes: Record<string, string | number | boolean | string[]>;
}

export interface SpanAttributeColumn {
  name: string;
  /** `other` holds lists, such as `gen_ai.response.finish_reasons`. */
  type: FieldType.number | FieldType.string | FieldType.boolean | FieldType.other;
}

/** A Tempo-like span table (TraceQL "spans" result). Spans must be sorted by start time. */
export function tracesFrame(spans: SpanRow[], attributes: SpanAttributeColumn[]): DataFrame {
  const column = <T>(pick: (span: SpanRow) => T) => spans.map(pick);
  const fields: Field[] = [
    { name: 'traceID', type: FieldType.string, values: column((s) => s.traceID), config: {} },
    { name: 'spanID', type: FieldType.string, values: column((s) => s.spanID), config: {} },
    { name: 'parentSpanID', type: FieldType.string, values: column((s) => s.parentSpanID), config: {} },
    { name: 'startTime', type: FieldType.time, values: column((s) => s.startTime), config: {} },
    { name: 'serviceName', type: FieldType.string, values: column((s) => s.serviceName), config: {} },
    { name: 'spanName', type: FieldType.string, values: column((s) => s.spanName), config: {} },
    { name: 'duration', type: FieldType.number, values: column((s) => s.duration), config: { unit: 'ms' } },
    { name: 'statusCode', type: FieldType.string, values: column((s) => s.statusCode), config: {} },
  ];
  for (const attribute of attributes) {
    fields.push({
      name: attribute.name,
      type: attribute.type,
      values: column((s) => s.attributes[attribute.name] ?? null),
      config: {},
    });
  }
  return tableFrame('traces', spans.length, fields);
}

export interface AnnotationSpec {
  time: number;
  /** End of a region; omitted for a point annotation. */
  timeEnd?: number;
  text: string;
  tags: string[];
  login: string;
}

/** An annotations frame as Grafana puts it in `PanelData.annotations`. */
export function annotationsFrame(annotations: AnnotationSpec[], firstId: number): DataFrame {
  const sorted = [...annotations].sort((a, b) => a.time - b.time);
  return {
    name: 'annotations',
    refId: 'Anno',
    length: sorted.length,
    fields: [
      { name: 'time', type: FieldType.time, values: sorted.map((a) => a.time), config: {} },
      { name: 'timeEnd', type: FieldType.time, values: sorted.map((a) => a.timeEnd ?? a.time), config: {} },
      { name: 'text', type: FieldType.string, values: sorted.map((a) => a.text), config: {} },
      { name: 'tags', type: FieldType.other, values: sorted.map((a) => [...a.tags]), config: {} },
      { name: 'login', type: FieldType.string, values: sorted.map((a) => a.login), config: {} },
      { name: 'id', type: FieldType.number, values: sorted.map((_, i) => firstId + i), config: {} },
      {
        name: 'isRegion',
        type: FieldType.boolean,
        values: sorted.map((a) => a.timeEnd !== undefined && a.timeEnd > a.time),
        config: {},
      },
    ],
  };
}

/** First index whose time is >= `t` in an ascending array. */
function lowerBound(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * Keeps, in each frame, the rows whose time lies in [range.from, range.to]. The time field is the
 * first field of type time; frames without one are returned unchanged. Name, meta, labels and config
 * are kept.
 */
export function framesForRange(frames: DataFrame[], range: TimeWindow): DataFrame[] {
  return frames.map((frame) => {
    const timeField = frame.fields.find((field) => field.type === FieldType.time);
    if (!timeField) {
      return frame;
    }
    const times = timeField.values as number[];
    const start = lowerBound(times, range.from);
    const end = lowerBound(times, range.to + 1);
    return {
      ...frame,
      length: Math.max(0, end - start),
      fields: frame.fields.map((field) => ({ ...field, values: field.values.slice(start, end) })),
    };
  });
}
