/**
 * GenAI spans (OpenTelemetry GenAI conventions) in a span table as Grafana's Tempo data source returns a
 * TraceQL search (table format "Spans": traceIdHidden, traceService, traceName, spanID, time, name, one
 * field per returned attribute, duration in ns) -> timeline lanes, per time bucket:
 * - the share of GenAI spans ending in each `error.type` (status error without one counts as `_OTHER`,
 *   the conventions' fallback value);
 * - output tokens per request: the mean `gen_ai.usage.output_tokens` of the spans that did not fail;
 * - the share of each `gen_ai.response.finish_reasons` value among the spans that report one. A jump in
 *   `length` is what load shedding by lowering max tokens looks like.
 *
 * Attribute fields are found by their dotted names, with or without TraceQL's `span.` scope, and under the
 * names older OpenLLMetry versions used (`gen_ai.usage.completion_tokens`, `llm.response.finish_reason`). Tempo hands
 * attribute values over as text (`intValue` is a string in OTLP JSON): numbers are parsed, and finish
 * reasons are read from a list, a JSON list in text, comma-separated text or one value.
 */
import { DataFrame, Field } from '@grafana/data';
import { bucketOf, bucketTimes, timeBuckets } from './buckets';
import { findTimeField, readTimes } from './frames';
import { GENAI_ATTRIBUTES } from './genai';
import type { Lane } from './lanes';

export const GENAI_SPAN_ATTRIBUTES = {
  ...GENAI_ATTRIBUTES,
  outputTokens: 'gen_ai.usage.output_tokens',
  inputTokens: 'gen_ai.usage.input_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
} as const;

/** The conventions' error.type for an error without a more specific class. */
const OTHER_ERROR = '_OTHER';

/** Names instrumentations used before the conventions settled, read when the current one is missing. */
const LEGACY_NAMES: Record<string, string[]> = {
  [GENAI_SPAN_ATTRIBUTES.outputTokens]: ['gen_ai.usage.completion_tokens'],
  [GENAI_SPAN_ATTRIBUTES.finishReasons]: ['llm.response.finish_reason'],
};

function attributeField(frame: DataFrame, attribute: string): Field | undefined {
  for (const name of [attribute, ...(LEGACY_NAMES[attribute] ?? [])]) {
    const field = frame.fields.find((candidate) => candidate.name === name || candidate.name === `span.${name}`);
    if (field) {
      return field;
    }
  }
  return undefined;
}

/** A span table with GenAI attributes: an operation name, token usage or finish reasons per span. */
export function isGenAiSpanFrame(frame: DataFrame): boolean {
  return Boolean(
    findTimeField(frame) &&
    (attributeField(frame, GENAI_SPAN_ATTRIBUTES.operation) ||
      attributeField(frame, GENAI_SPAN_ATTRIBUTES.outputTokens) ||
      attributeField(frame, GENAI_SPAN_ATTRIBUTES.finishReasons))
  );
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    return Number(value);
  }
  return NaN;
}

/** A token count: a whole number from 0 up (anything else in the attribute is left out of the mean). */
function isTokenCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Finish reasons of one span: a list, a JSON list in text ("[\"stop\"]"), "stop,length" or "stop". */
export function finishReasonsOf(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter(present).map(String);
  }
  if (typeof value !== 'string') {
    return present(value) ? [String(value)] : [];
  }
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        return parsed.filter(present).map(String);
      }
    } catch {
      // Not JSON after all: read it as a list of words below.
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((part) => part.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
}

function isErrorStatus(value: unknown): boolean {
  return value === 2 || (typeof value === 'string' && /^(error|status_code_error|2)$/i.test(value.trim()));
}

function countLane(counts: Map<string, Float64Array>, key: string, size: number): Float64Array {
  let lane = counts.get(key);
  if (!lane) {
    lane = new Float64Array(size);
    counts.set(key, lane);
  }
  return lane;
}

/** counts / totals per bucket (the mean, for sums and counts); NaN, a gap, where the total is 0. */
function shares(counts: Float64Array, totals: Float64Array): { values: Float64Array; gaps: number } {
  const values = new Float64Array(counts.length);
  let gaps = 0;
  for (let b = 0; b < counts.length; b++) {
    values[b] = totals[b] > 0 ? counts[b] / totals[b] : NaN;
    gaps += totals[b] > 0 ? 0 : 1;
  }
  return { values, gaps };
}

/** A lane of shares of each bucket's total, with the totals they are shares of (see `Lane.counts`). */
function sharesOfTotals(
  counts: Float64Array,
  totals: Float64Array
): ReturnType<typeof shares> & { counts: Float64Array } {
  return { ...shares(counts, totals), counts: totals };
}

function byTotalDescending(counts: Map<string, Float64Array>): Array<[string, Float64Array]> {
  const total = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0);
  return [...counts.entries()].sort((a, b) => total(b[1]) - total(a[1]) || (a[0] < b[0] ? -1 : 1));
}

/**
 * The GenAI lanes of a span table over `range`, counted in time buckets of at most `maxBuckets`: finish
 * reason shares first (most frequent reason first), then output tokens per request, then error shares by
 * `error.type`. Empty when the table holds no GenAI span in the range.
 */
export function readGenAiSpanLanes(
  frame: DataFrame,
  frameIndex: number,
  range: { from: number; to: number },
  maxBuckets: number
): Lane[] {
  const timeField = findTimeField(frame);
  if (!timeField) {
    return [];
  }
  const operation = attributeField(frame, GENAI_SPAN_ATTRIBUTES.operation);
  const outputTokens = attributeField(frame, GENAI_SPAN_ATTRIBUTES.outputTokens);
  const finishReasons = attributeField(frame, GENAI_SPAN_ATTRIBUTES.finishReasons);
  const errorType = attributeField(frame, GENAI_SPAN_ATTRIBUTES.errorType);
  const status = frame.fields.find((field) => /^(statuscode|status|status\.code)$/i.test(field.name));
  const buckets = timeBuckets(range, maxBuckets);
  const starts = readTimes(timeField);

  const spans = new Float64Array(buckets.count);
  const errorsByType = new Map<string, Float64Array>();
  const tokenSums = new Float64Array(buckets.count);
  const tokenCounts = new Float64Array(buckets.count);
  const reasonTotals = new Float64Array(buckets.count);
  const byReason = new Map<string, Float64Array>();
  let genAiSpans = 0;
  for (let row = 0; row < starts.length; row++) {
    const isGenAi = operation
      ? present(operation.values[row])
      : present(outputTokens?.values[row]) || present(finishReasons?.values[row]);
    const bucket = isGenAi ? bucketOf(buckets, starts[row]) : -1;
    if (bucket < 0) {
      continue;
    }
    genAiSpans++;
    spans[bucket]++;
    const type = errorType?.values[row];
    const failed = present(type) || isErrorStatus(status?.values[row]);
    if (failed) {
      countLane(errorsByType, present(type) ? String(type) : OTHER_ERROR, buckets.count)[bucket]++;
    }
    const tokens = numberOf(outputTokens?.values[row]);
    if (!failed && isTokenCount(tokens)) {
      tokenSums[bucket] += tokens;
      tokenCounts[bucket]++;
    }
    const reasons = finishReasonsOf(finishReasons?.values[row]);
    if (reasons.length > 0) {
      reasonTotals[bucket]++;
      for (const reason of new Set(reasons)) {
        countLane(byReason, reason, buckets.count)[bucket]++;
      }
    }
  }
  if (genAiSpans === 0) {
    return [];
  }
  const times = bucketTimes(buckets);
  const prefix = `${frame.refId ?? 'traces'}/${frameIndex}/genai`;
  const lane = (
    id: string,
    name: string,
    unit: string,
    series: { values: Float64Array; gaps: number; counts?: Float64Array },
    drawn: Pick<Lane, 'style' | 'tone' | 'note' | 'field'>
  ): Lane => ({ id: `${prefix}/${id}`, name, unit, times, ...series, group: 'traces', ...drawn });
  const lanes: Lane[] = [];
  for (const [reason, counts] of byTotalDescending(byReason)) {
    lanes.push(
      lane(`finish/${reason}`, `finish reason: ${reason}`, 'percentunit', sharesOfTotals(counts, reasonTotals), {
        style: 'line',
        tone: reason === 'stop' ? undefined : 'warning',
        field: finishReasons,
      })
    );
  }
  if (tokenCounts.some((count) => count > 0)) {
    lanes.push(
      lane('output-tokens', 'output tokens per request', 'short', shares(tokenSums, tokenCounts), {
        style: 'line',
        field: outputTokens,
      })
    );
  }
  for (const [type, counts] of byTotalDescending(errorsByType)) {
    lanes.push(
      lane(`errors/${type}`, `GenAI errors: ${type}`, 'percentunit', sharesOfTotals(counts, spans), {
        style: 'bars',
        tone: 'error',
        note: `share of ${genAiSpans.toLocaleString('en')} GenAI spans`,
        field: errorType,
      })
    );
  }
  return lanes;
}
