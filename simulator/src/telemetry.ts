/**
 * Logs, traces and annotations of a scenario, cut into the stretch the clock just played and mapped
 * to wall time: the Loki push bodies, OTLP trace exports and Grafana annotations the sinks send.
 * Span durations are kept as the scenario has them; only the moments are compressed by the speed.
 */
import type { DataFrame } from '@grafana/data';

import type { DemoScenario } from '../../src/demo';
import type { PlaySegment, ScenarioClock } from './clock';
import {
  GrafanaAnnotation,
  LokiPushRequest,
  msToNanoString,
  OtlpSpan,
  OtlpTraceRequest,
  otlpAttributes,
  SPAN_KIND_CLIENT,
  SPAN_KIND_INTERNAL,
  SPAN_KIND_SERVER,
  STATUS_ERROR,
  STATUS_OK,
} from './payloads';
import { upperBound } from './series';
import { traceIdForLoop } from './traceIds';

export interface TelemetryBatch {
  logs?: LokiPushRequest;
  traces?: OtlpTraceRequest;
  annotations: GrafanaAnnotation[];
}

const TRACE_COLUMNS = new Set([
  'traceID',
  'spanID',
  'parentSpanID',
  'startTime',
  'serviceName',
  'spanName',
  'duration',
  'statusCode',
]);

function columns(frame: DataFrame): Record<string, any[]> {
  return Object.fromEntries(frame.fields.map((field) => [field.name, field.values as any[]]));
}

/** Indices of ascending `times` in (from, to]. */
function indicesIn(times: ArrayLike<number>, from: number, to: number): [number, number] {
  return [upperBound(times, from), upperBound(times, to)];
}

export class TelemetryPlayer {
  private readonly logs: Record<string, any[]>;
  private readonly spans: Record<string, any[]>;
  private readonly attributeNames: string[];
  /** Row indices of each trace, and the traces ordered by root start. */
  private readonly traceRows = new Map<string, number[]>();
  private readonly traceStarts: number[] = [];
  private readonly traceOrder: string[] = [];
  private readonly annotations: Record<string, any[]>;

  constructor(
    private readonly scenario: DemoScenario,
    private readonly clock: ScenarioClock,
    private readonly dashboardUID: string
  ) {
    this.logs = columns(scenario.logs);
    this.spans = columns(scenario.traces);
    this.attributeNames = scenario.traces.fields.map((f) => f.name).filter((name) => !TRACE_COLUMNS.has(name));
    this.annotations = columns(scenario.annotations);
    const roots: Array<{ start: number; traceId: string }> = [];
    for (let i = 0; i < scenario.traces.length; i++) {
      const traceId: string = this.spans.traceID[i];
      const rows = this.traceRows.get(traceId) ?? [];
      rows.push(i);
      this.traceRows.set(traceId, rows);
      if (!this.spans.parentSpanID[i]) {
        roots.push({ start: this.spans.startTime[i], traceId });
      }
    }
    roots.sort((a, b) => a.start - b.start);
    for (const root of roots) {
      this.traceStarts.push(root.start);
      this.traceOrder.push(root.traceId);
    }
  }

  private wallOf(loop: number, pos: number): number {
    return this.clock.wallAt(this.clock.absoluteOf({ loop, pos }));
  }

  /** Everything that happened in the scenario between two absolute play times. */
  between(fromAbsolute: number, toAbsolute: number): TelemetryBatch {
    const batch: TelemetryBatch = { annotations: [] };
    const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
    const spans = new Map<string, OtlpSpan[]>();
    for (const segment of this.clock.segments(fromAbsolute, toAbsolute)) {
      this.addLogs(segment, streams);
      this.addTraces(segment, spans);
      this.addAnnotations(segment, batch.annotations);
    }
    if (streams.size > 0) {
      batch.logs = { streams: [...streams.values()] };
    }
    if (spans.size > 0) {
      batch.traces = {
        resourceSpans: [...spans.entries()].map(([service, list]) => ({
          resource: { attributes: otlpAttributes({ 'service.name': service, 'deployment.environment': 'demo' }) },
          scopeSpans: [{ scope: { name: 'driftline-simulator' }, spans: list }],
        })),
      };
    }
    return batch;
  }

  /** The trace closest in time to a log line, so log trace ids open traces Tempo really has. */
  private nearestTrace(pos: number): string | undefined {
    if (this.traceOrder.length === 0) {
      return undefined;
    }
    const after = Math.min(upperBound(this.traceStarts, pos), this.traceOrder.length - 1);
    const before = Math.max(after - 1, 0);
    const best = Math.abs(this.traceStarts[before] - pos) <= Math.abs(this.traceStarts[after] - pos) ? before : after;
    return this.traceOrder[best];
  }

  private addLogs(segment: PlaySegment, streams: Map<string, LokiPushRequest['streams'][number]>): void {
    const [start, end] = indicesIn(this.logs.Time, segment.from, segment.to);
    for (let i = start; i < end; i++) {
      const labels: Record<string, string> = this.logs.labels[i];
      const stream = {
        job: 'driftline-simulator',
        scenario: this.scenario.id,
        service: labels.service,
        level: labels.level,
      };
      const key = `${stream.service}|${stream.level}`;
      const entry = streams.get(key) ?? { stream, values: [] as Array<[string, string]> };
      streams.set(key, entry);
      const line = JSON.parse(this.logs.Line[i]);
      if (line.trace_id) {
        const traceId = this.nearestTrace(this.logs.Time[i]);
        line.trace_id = traceId ? traceIdForLoop(traceId, segment.loop) : line.trace_id;
      }
      const wall = this.wallOf(segment.loop, this.logs.Time[i]);
      // Lines of one stream must not share a timestamp: add the row index as nanoseconds.
      entry.values.push([msToNanoString(Math.floor(wall) + (i % 1000) / 1e6), JSON.stringify(line)]);
    }
  }

  private addTraces(segment: PlaySegment, spansByService: Map<string, OtlpSpan[]>): void {
    const [start, end] = indicesIn(this.traceStarts, segment.from, segment.to);
    for (let t = start; t < end; t++) {
      const traceId = this.traceOrder[t];
      for (const row of this.traceRows.get(traceId) ?? []) {
        const service: string = this.spans.serviceName[row];
        const list = spansByService.get(service) ?? [];
        spansByService.set(service, list);
        list.push(this.span(row, segment.loop));
      }
    }
  }

  private span(row: number, loop: number): OtlpSpan {
    const s = this.spans;
    const startWall = this.wallOf(loop, s.startTime[row]);
    const endWall = startWall + s.duration[row];
    const attributes: Record<string, string | number | boolean | string[]> = {};
    for (const name of this.attributeNames) {
      if (s[name][row] !== null && s[name][row] !== undefined) {
        attributes[name] = s[name][row];
      }
    }
    const failed = s.statusCode[row] === 'error';
    const span: OtlpSpan = {
      traceId: traceIdForLoop(s.traceID[row], loop),
      spanId: s.spanID[row],
      name: s.spanName[row],
      // A GenAI inference span is the client side of a call to the model (the conventions' kind CLIENT).
      kind: !s.parentSpanID[row]
        ? SPAN_KIND_SERVER
        : attributes['gen_ai.operation.name']
          ? SPAN_KIND_CLIENT
          : SPAN_KIND_INTERNAL,
      startTimeUnixNano: msToNanoString(startWall),
      endTimeUnixNano: msToNanoString(endWall),
      attributes: otlpAttributes(attributes),
      status: failed ? { code: STATUS_ERROR, message: 'request failed' } : { code: STATUS_OK },
    };
    if (s.parentSpanID[row]) {
      span.parentSpanId = s.parentSpanID[row];
    }
    const gcEvents = Number(attributes['gc.events'] ?? 0);
    if (gcEvents > 0) {
      // The GC pauses inside a slow model.infer span, as a JVM agent records them.
      const pauseMs = Number(attributes['gc.pause_ms'] ?? 0);
      span.events = Array.from({ length: Math.min(gcEvents, 10) }, (_, k) => ({
        timeUnixNano: msToNanoString(startWall + ((k + 0.5) * s.duration[row]) / Math.min(gcEvents, 10)),
        name: 'jvm.gc.pause',
        attributes: otlpAttributes({ 'jvm.gc.name': 'G1 Old Generation', 'jvm.gc.pause_ms': pauseMs / gcEvents }),
      }));
    }
    return span;
  }

  private addAnnotations(segment: PlaySegment, out: GrafanaAnnotation[]): void {
    const a = this.annotations;
    for (let i = 0; i < a.time.length; i++) {
      if (a.time[i] > segment.from && a.time[i] <= segment.to) {
        const time = Math.round(this.wallOf(segment.loop, a.time[i]));
        const annotation: GrafanaAnnotation = {
          dashboardUID: this.dashboardUID,
          time,
          tags: [...a.tags[i]],
          text: a.text[i],
        };
        if (a.isRegion[i]) {
          annotation.timeEnd = Math.max(time, Math.round(this.wallOf(segment.loop, a.timeEnd[i])));
        }
        out.push(annotation);
      }
    }
  }
}
