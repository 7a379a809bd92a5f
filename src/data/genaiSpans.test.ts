import { DataFrame, FieldType } from '@grafana/data';
import { finishReasonsOf, isGenAiSpanFrame, readGenAiSpanLanes } from './genaiSpans';
import { readTimelineLanes } from './lanes';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const RANGE = { from: T0, to: T0 + 60 * MINUTE };

interface Span {
  minute: number;
  outputTokens?: number;
  finishReasons?: unknown;
  errorType?: string;
  status?: string;
}

/**
 * What Grafana's Tempo data source returns for a TraceQL search in the "Spans" table format
 * (createTableFrameFromTraceQlQueryAsSpans): traceIdHidden, traceService, traceName, spanID, time (ms), name,
 * one string field per returned attribute, sorted by name, then duration in ns. Tempo sends integer attribute
 * values as text (OTLP JSON's intValue is a string); attributes a span lacks are undefined.
 */
function tempoSpansFrame(spans: Span[], provider: 'gen_ai.provider.name' | 'gen_ai.system'): DataFrame {
  const attributes: Record<string, unknown[]> = {
    'error.type': spans.map((span) => span.errorType),
    'gen_ai.operation.name': spans.map(() => 'chat'),
    [provider]: spans.map(() => 'openai'),
    'gen_ai.request.model': spans.map(() => 'gpt-4o'),
    'gen_ai.response.finish_reasons': spans.map((span) => span.finishReasons),
    'gen_ai.usage.output_tokens': spans.map((span) =>
      span.outputTokens === undefined ? undefined : String(span.outputTokens)
    ),
    status: spans.map((span) => span.status ?? 'unset'),
  };
  return {
    name: 'Spans',
    refId: 'traces',
    length: spans.length,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'traceIdHidden', type: FieldType.string, values: spans.map((_, i) => `t${i}`), config: {} },
      { name: 'traceService', type: FieldType.string, values: spans.map(() => 'chat-api'), config: {} },
      { name: 'traceName', type: FieldType.string, values: spans.map(() => 'POST /v1/chat'), config: {} },
      { name: 'spanID', type: FieldType.string, values: spans.map((_, i) => `s${i}`), config: {} },
      { name: 'time', type: FieldType.time, values: spans.map((span) => T0 + span.minute * MINUTE + 1000), config: {} },
      { name: 'name', type: FieldType.string, values: spans.map(() => 'chat gpt-4o'), config: {} },
      ...Object.keys(attributes)
        .sort((a, b) => a.localeCompare(b))
        .map((name) => ({
          name,
          type: FieldType.string,
          values: attributes[name],
          config: { displayNameFromDS: name },
        })),
      {
        name: 'duration',
        type: FieldType.number,
        values: spans.map(() => 800_000_000),
        config: { unit: 'ns' },
      },
    ],
  };
}

/**
 * An hour of chat calls, ten a minute: until minute 30 they end with stop (one in ten with length) at 300
 * output tokens; from minute 30 max tokens is lowered: seven in ten end with length at 120 tokens; from
 * minute 45 two in ten fail with 503 (no tokens, no finish reason).
 */
function loadShedding(reasons: (reason: string) => unknown): Span[] {
  const spans: Span[] = [];
  for (let minute = 0; minute < 60; minute++) {
    for (let k = 0; k < 10; k++) {
      if (minute >= 45 && k < 2) {
        spans.push({ minute, errorType: '503', status: 'error' });
        continue;
      }
      const shed = minute >= 30;
      const length = shed ? k >= 3 : k === 9;
      spans.push({ minute, outputTokens: shed ? 120 : 300, finishReasons: reasons(length ? 'length' : 'stop') });
    }
  }
  return spans;
}

const at = (lane: { times: Float64Array; values: Float64Array }, minute: number) =>
  lane.values[lane.times.findIndex((time) => time > T0 + minute * MINUTE)];

describe('GenAI span lanes from Tempo span tables', () => {
  it.each([
    ['gen_ai.provider.name', 'a list', (reason: string) => [reason]],
    ['gen_ai.system', 'a list', (reason: string) => [reason]],
    ['gen_ai.provider.name', 'JSON text', (reason: string) => JSON.stringify([reason])],
    ['gen_ai.system', 'one value', (reason: string) => reason],
  ] as const)('provider as %s, finish reasons as %s', (provider, _form, reasons) => {
    const frame = tempoSpansFrame(loadShedding(reasons), provider);
    expect(isGenAiSpanFrame(frame)).toBe(true);
    const lanes = readGenAiSpanLanes(frame, 0, RANGE, 60);
    expect(lanes.map((lane) => lane.name)).toEqual([
      'finish reason: stop',
      'finish reason: length',
      'output tokens per request',
      'GenAI errors: 503',
    ]);
    const [stop, length, tokens, errors] = lanes;
    expect(at(length, 10)).toBeCloseTo(0.1, 12);
    expect(at(length, 40)).toBeCloseTo(0.7, 12);
    expect(at(stop, 40)).toBeCloseTo(0.3, 12);
    // After the errors start, the shares are of the spans that report a finish reason: 7 of the 8 left.
    expect(at(length, 50)).toBeCloseTo(7 / 8, 12);
    expect(length.unit).toBe('percentunit');
    expect(at(tokens, 10)).toBe(300);
    expect(at(tokens, 50)).toBe(120);
    expect(at(errors, 40)).toBe(0);
    expect(at(errors, 50)).toBeCloseTo(0.2, 12);
    expect(errors.tone).toBe('error');
    // The shares carry what they are shares of: spans reporting a finish reason, and all GenAI spans.
    const countAt = (lane: (typeof lanes)[number], minute: number) =>
      lane.counts![lane.times.findIndex((time) => time > T0 + minute * MINUTE)];
    expect([countAt(length, 10), countAt(stop, 50), countAt(errors, 50)]).toEqual([10, 8, 10]);
    expect(tokens.counts).toBeUndefined();
  });

  it('puts the GenAI lanes after the span latency and error lanes on the timeline', () => {
    const frame = tempoSpansFrame(
      loadShedding((reason) => [reason]),
      'gen_ai.provider.name'
    );
    const names = readTimelineLanes([frame], RANGE, { maxBuckets: 60 }).map((lane) => lane.name);
    expect(names).toEqual([
      'traces: p95 latency',
      'traces: error spans',
      'finish reason: stop',
      'finish reason: length',
      'output tokens per request',
      'GenAI errors: 503',
    ]);
  });

  it('counts an error span without error.type as _OTHER, and ignores spans that are not GenAI', () => {
    const spans: Span[] = [
      { minute: 1, outputTokens: 10, finishReasons: ['stop'] },
      { minute: 1, status: 'error' },
    ];
    const frame = tempoSpansFrame(spans, 'gen_ai.provider.name');
    // A span of another service in the same table: no GenAI operation.
    const operation = frame.fields.find((field) => field.name === 'gen_ai.operation.name')!;
    operation.values = ['chat', 'chat', undefined];
    for (const field of frame.fields) {
      if (field !== operation) {
        field.values = [
          ...field.values,
          field.name === 'time' ? T0 + MINUTE : field.name === 'status' ? 'error' : undefined,
        ];
      }
    }
    frame.length = 3;
    const lanes = readGenAiSpanLanes(frame, 0, RANGE, 60);
    const errors = lanes.find((lane) => lane.name === 'GenAI errors: _OTHER')!;
    expect(at(errors, 1)).toBe(0.5);
  });

  it('reads the attribute names of older OpenLLMetry versions and the span. scope of TraceQL', () => {
    const frame = tempoSpansFrame(
      loadShedding((reason) => reason),
      'gen_ai.system'
    );
    const rename: Record<string, string> = {
      'gen_ai.usage.output_tokens': 'gen_ai.usage.completion_tokens',
      'gen_ai.response.finish_reasons': 'llm.response.finish_reason',
      'gen_ai.operation.name': 'span.gen_ai.operation.name',
    };
    frame.fields = frame.fields.map((field) => ({ ...field, name: rename[field.name] ?? field.name }));
    expect(readGenAiSpanLanes(frame, 0, RANGE, 60).map((lane) => lane.name)).toEqual([
      'finish reason: stop',
      'finish reason: length',
      'output tokens per request',
      'GenAI errors: 503',
    ]);
  });

  it('gives no lanes for a span table without GenAI attributes', () => {
    const frame = tempoSpansFrame([{ minute: 1 }], 'gen_ai.provider.name');
    frame.fields = frame.fields.filter((field) => !field.name.startsWith('gen_ai.'));
    expect(isGenAiSpanFrame(frame)).toBe(false);
    expect(readGenAiSpanLanes(frame, 0, RANGE, 60)).toEqual([]);
  });
});

describe('finishReasonsOf', () => {
  it('reads lists, JSON lists, comma-separated text and single values', () => {
    expect(finishReasonsOf(['stop', 'length'])).toEqual(['stop', 'length']);
    expect(finishReasonsOf('["stop","length"]')).toEqual(['stop', 'length']);
    expect(finishReasonsOf("['length']")).toEqual(['length']);
    expect(finishReasonsOf('stop, tool_calls')).toEqual(['stop', 'tool_calls']);
    expect(finishReasonsOf('length')).toEqual(['length']);
    expect(finishReasonsOf(undefined)).toEqual([]);
    expect(finishReasonsOf('')).toEqual([]);
  });
});
