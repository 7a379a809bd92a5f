/**
 * Wire shapes of the sinks, written down from the published formats, with builders and validators:
 *
 * - Loki push API, JSON body of `POST /loki/api/v1/push`:
 *   `{"streams": [{"stream": {label: value}, "values": [["<unix epoch ns as a string>", "<line>"]]}]}`
 *   (an optional third element per value carries structured metadata; not used here).
 * - OTLP/HTTP JSON, `POST /v1/traces` (ExportTraceServiceRequest in the proto3 JSON mapping of
 *   opentelemetry-proto): `resourceSpans[].resource.attributes`, `resourceSpans[].scopeSpans[].scope`,
 *   `resourceSpans[].scopeSpans[].spans[]`; lowerCamelCase field names; `traceId` is 32 and
 *   `spanId`/`parentSpanId` 16 lowercase hex characters (not base64); 64-bit integers
 *   (`startTimeUnixNano`, `endTimeUnixNano`, `intValue`) are decimal strings; a list is
 *   `{"arrayValue": {"values": [AnyValue, …]}}`; enums are integers (SpanKind 1 internal, 2 server,
 *   3 client; StatusCode 0 unset, 1 ok, 2 error).
 * - Grafana `POST /api/annotations`: `{dashboardUID, time, timeEnd, tags, text}`, times in epoch ms.
 */

export interface LokiStream {
  stream: Record<string, string>;
  values: Array<[string, string]>;
}

export interface LokiPushRequest {
  streams: LokiStream[];
}

export type OtlpScalarValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

export type OtlpAnyValue = OtlpScalarValue | { arrayValue: { values: OtlpScalarValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpKeyValue[];
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events?: OtlpSpanEvent[];
  status: { code: number; message?: string };
}

export interface OtlpTraceRequest {
  resourceSpans: Array<{
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version?: string }; spans: OtlpSpan[] }>;
  }>;
}

export interface GrafanaAnnotation {
  dashboardUID?: string;
  time: number;
  timeEnd?: number;
  tags: string[];
  text: string;
}

export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_SERVER = 2;
export const SPAN_KIND_CLIENT = 3;
export const STATUS_OK = 1;
export const STATUS_ERROR = 2;

/** Epoch milliseconds (fractions allowed) as the decimal nanosecond string OTLP and Loki expect. */
export function msToNanoString(ms: number): string {
  const whole = Math.floor(ms);
  const nanos = Math.round((ms - whole) * 1e6);
  return `${whole}${String(Math.min(nanos, 999999)).padStart(6, '0')}`;
}

type AttributeValue = string | number | boolean;

function otlpScalar(value: AttributeValue): OtlpScalarValue {
  if (typeof value === 'boolean') {
    return { boolValue: value };
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  return { stringValue: value };
}

export function otlpValue(value: AttributeValue | AttributeValue[]): OtlpAnyValue {
  return Array.isArray(value) ? { arrayValue: { values: value.map(otlpScalar) } } : otlpScalar(value);
}

export function otlpAttributes(
  attributes: Record<string, AttributeValue | AttributeValue[] | null | undefined>
): OtlpKeyValue[] {
  return Object.entries(attributes)
    .filter(
      (entry): entry is [string, AttributeValue | AttributeValue[]] => entry[1] !== null && entry[1] !== undefined
    )
    .map(([key, value]) => ({ key, value: otlpValue(value) }));
}

const NANO_STRING = /^(0|[1-9][0-9]{0,19})$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems with a Loki push body; empty when Loki would accept it. */
export function lokiPushProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(body) || !Array.isArray(body.streams)) {
    return ['the body needs a "streams" array'];
  }
  body.streams.forEach((stream: unknown, s) => {
    if (!isRecord(stream) || !isRecord(stream.stream) || !Array.isArray(stream.values)) {
      problems.push(`streams[${s}] needs a "stream" label object and a "values" array`);
      return;
    }
    const labels = Object.entries(stream.stream);
    if (labels.length === 0) {
      problems.push(`streams[${s}].stream has no labels; Loki needs at least one`);
    }
    for (const [name, value] of labels) {
      if (!LABEL_NAME.test(name) || typeof value !== 'string') {
        problems.push(`streams[${s}].stream label ${name} must be a valid label name with a string value`);
      }
    }
    stream.values.forEach((entry: unknown, v) => {
      const ok =
        Array.isArray(entry) &&
        (entry.length === 2 || (entry.length === 3 && isRecord(entry[2]))) &&
        typeof entry[0] === 'string' &&
        NANO_STRING.test(entry[0]) &&
        typeof entry[1] === 'string';
      if (!ok) {
        problems.push(`streams[${s}].values[${v}] must be ["<epoch ns as a decimal string>", "<line>"]`);
      }
    });
  });
  return problems;
}

function isScalarValue(value: Record<string, unknown>): boolean {
  const kinds = Object.keys(value);
  return (
    kinds.length === 1 &&
    ((kinds[0] === 'stringValue' && typeof value.stringValue === 'string') ||
      (kinds[0] === 'intValue' && typeof value.intValue === 'string' && /^-?[0-9]+$/.test(value.intValue)) ||
      (kinds[0] === 'doubleValue' && typeof value.doubleValue === 'number') ||
      (kinds[0] === 'boolValue' && typeof value.boolValue === 'boolean'))
  );
}

function keyValueProblems(where: string, attributes: unknown): string[] {
  if (!Array.isArray(attributes)) {
    return [`${where} must be an array of {key, value}`];
  }
  return attributes.flatMap((attribute: unknown, i) => {
    if (!isRecord(attribute) || typeof attribute.key !== 'string' || !isRecord(attribute.value)) {
      return [`${where}[${i}] must be {key, value}`];
    }
    const value = attribute.value;
    const list = isRecord(value.arrayValue) ? value.arrayValue.values : undefined;
    const ok =
      Object.keys(value).length === 1 &&
      (isScalarValue(value) || (Array.isArray(list) && list.every((item) => isRecord(item) && isScalarValue(item))));
    return ok ? [] : [`${where}[${i}] (${attribute.key}) has no valid AnyValue (intValue must be a string)`];
  });
}

/** Problems with an OTLP/HTTP JSON trace export body; empty when it follows the JSON mapping. */
export function otlpTraceProblems(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.resourceSpans)) {
    return ['the body needs a "resourceSpans" array'];
  }
  const problems: string[] = [];
  body.resourceSpans.forEach((resourceSpans: unknown, r) => {
    const at = `resourceSpans[${r}]`;
    if (!isRecord(resourceSpans) || !isRecord(resourceSpans.resource) || !Array.isArray(resourceSpans.scopeSpans)) {
      problems.push(`${at} needs "resource" and a "scopeSpans" array`);
      return;
    }
    problems.push(...keyValueProblems(`${at}.resource.attributes`, resourceSpans.resource.attributes));
    const attributes = resourceSpans.resource.attributes as OtlpKeyValue[];
    if (Array.isArray(attributes) && !attributes.some((a) => a.key === 'service.name')) {
      problems.push(`${at}.resource has no service.name attribute`);
    }
    resourceSpans.scopeSpans.forEach((scopeSpans: unknown, s) => {
      if (!isRecord(scopeSpans) || !Array.isArray(scopeSpans.spans)) {
        problems.push(`${at}.scopeSpans[${s}] needs a "spans" array`);
        return;
      }
      scopeSpans.spans.forEach((span: unknown, i) => {
        problems.push(...spanProblems(`${at}.scopeSpans[${s}].spans[${i}]`, span));
      });
    });
  });
  return problems;
}

function spanProblems(at: string, span: unknown): string[] {
  if (!isRecord(span)) {
    return [`${at} must be an object`];
  }
  const problems: string[] = [];
  if (typeof span.traceId !== 'string' || !TRACE_ID.test(span.traceId)) {
    problems.push(`${at}.traceId must be 32 lowercase hex characters`);
  }
  if (typeof span.spanId !== 'string' || !SPAN_ID.test(span.spanId)) {
    problems.push(`${at}.spanId must be 16 lowercase hex characters`);
  }
  if (span.parentSpanId !== undefined && (typeof span.parentSpanId !== 'string' || !SPAN_ID.test(span.parentSpanId))) {
    problems.push(`${at}.parentSpanId must be 16 lowercase hex characters, or left out for a root span`);
  }
  if (typeof span.name !== 'string' || span.name === '') {
    problems.push(`${at}.name must be a non-empty string`);
  }
  if (!Number.isInteger(span.kind) || (span.kind as number) < 0 || (span.kind as number) > 5) {
    problems.push(`${at}.kind must be a SpanKind number 0-5`);
  }
  const start = span.startTimeUnixNano;
  const end = span.endTimeUnixNano;
  if (typeof start !== 'string' || !NANO_STRING.test(start) || typeof end !== 'string' || !NANO_STRING.test(end)) {
    problems.push(`${at}.startTimeUnixNano and endTimeUnixNano must be decimal strings`);
  } else if (BigInt(end) < BigInt(start)) {
    problems.push(`${at} ends before it starts`);
  }
  problems.push(...keyValueProblems(`${at}.attributes`, span.attributes));
  if (!isRecord(span.status) || ![0, 1, 2].includes(span.status.code as number)) {
    problems.push(`${at}.status.code must be 0, 1 or 2`);
  }
  if (span.events !== undefined) {
    if (!Array.isArray(span.events)) {
      problems.push(`${at}.events must be an array`);
    } else {
      span.events.forEach((event: unknown, e) => {
        if (!isRecord(event) || typeof event.timeUnixNano !== 'string' || !NANO_STRING.test(event.timeUnixNano)) {
          problems.push(`${at}.events[${e}].timeUnixNano must be a decimal string`);
        } else {
          problems.push(...keyValueProblems(`${at}.events[${e}].attributes`, event.attributes));
        }
      });
    }
  }
  return problems;
}

/** Problems with a Grafana annotation body. */
export function annotationProblems(body: unknown): string[] {
  if (!isRecord(body)) {
    return ['the annotation must be an object'];
  }
  const problems: string[] = [];
  if (!Number.isInteger(body.time)) {
    problems.push('time must be epoch milliseconds');
  }
  if (
    body.timeEnd !== undefined &&
    !(Number.isInteger(body.timeEnd) && (body.timeEnd as number) >= (body.time as number))
  ) {
    problems.push('timeEnd must be epoch milliseconds, not before time');
  }
  if (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string')) {
    problems.push('tags must be an array of strings');
  }
  if (typeof body.text !== 'string' || body.text === '') {
    problems.push('text must be a non-empty string');
  }
  return problems;
}
