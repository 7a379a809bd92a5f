import { SCENARIO_IDS } from '../../src/demo';
import { ScenarioClock } from './clock';
import { annotationProblems, lokiPushProblems, msToNanoString, otlpTraceProblems } from './payloads';
import { ANCHOR, playerFor } from './testSupport';

const HOUR = 3_600_000;

describe.each(SCENARIO_IDS)('%s payloads', (id) => {
  // The last hour of the scenario, replayed ten times faster.
  const player = playerFor(id, { speed: 10 });
  const { clock } = player;
  const batch = player.telemetry.between(clock.span.to - HOUR, clock.span.to);

  test('the Loki push body follows the push API: labelled streams of [ns string, JSON line]', () => {
    expect(batch.logs).toBeDefined();
    expect(lokiPushProblems(batch.logs)).toEqual([]);
    const line = JSON.parse(batch.logs!.streams[0].values[0][1]);
    expect(line).toEqual(expect.objectContaining({ level: expect.any(String), service: expect.any(String) }));
    expect(batch.logs!.streams.every((stream) => stream.stream.service && stream.stream.level)).toBe(true);
  });

  test('log trace ids point at traces that are sent to Tempo', () => {
    const all = player.telemetry.between(clock.span.from, clock.span.to);
    const traceIds = new Set(
      all.traces!.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.traceId)))
    );
    const logged = all
      .logs!.streams.flatMap((s) => s.values.map(([, line]) => JSON.parse(line).trace_id))
      .filter(Boolean);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((traceId: string) => traceIds.has(traceId))).toBe(true);
  });

  test('the OTLP export follows the JSON encoding: hex ids, nanosecond strings, service.name', () => {
    expect(batch.traces).toBeDefined();
    expect(otlpTraceProblems(batch.traces)).toEqual([]);
  });

  test('logs and spans are stamped in wall time, compressed by the speed', () => {
    const wall = Number(batch.logs!.streams[0].values[0][0].slice(0, -6));
    expect(wall).toBeGreaterThanOrEqual(ANCHOR - HOUR / 10 - 1);
    expect(wall).toBeLessThanOrEqual(ANCHOR);
  });
});

describe('span attributes from the stories', () => {
  test('chatbot-outage sends a GenAI client span per request, as the OpenTelemetry GenAI conventions name it', () => {
    const player = playerFor('chatbot-outage');
    const all = player.telemetry.between(player.clock.span.from, player.clock.span.to);
    expect(otlpTraceProblems(all.traces)).toEqual([]);
    const spans = all.traces!.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const calls = spans.filter((span) => span.name === 'chat chat-llm');
    expect(calls.length).toBeGreaterThan(100);
    expect(calls.every((span) => span.kind === 3 && span.parentSpanId)).toBe(true);
    const attribute = (span: (typeof spans)[number], key: string) => span.attributes.find((a) => a.key === key)?.value;
    const done = calls.filter((span) => span.status.code === 1);
    expect(attribute(done[0], 'gen_ai.operation.name')).toEqual({ stringValue: 'chat' });
    expect(attribute(done[0], 'gen_ai.provider.name')).toEqual({ stringValue: 'openai' });
    expect(attribute(done[0], 'gen_ai.usage.output_tokens')).toEqual({ intValue: expect.stringMatching(/^\d+$/) });
    expect(attribute(done[0], 'gen_ai.response.finish_reasons')).toEqual({
      arrayValue: { values: [{ stringValue: expect.stringMatching(/^(stop|length)$/) }] },
    });
    const failed = calls.filter((span) => span.status.code === 2);
    expect(failed.length).toBeGreaterThan(10);
    expect(
      failed.every((span) =>
        ['503', '500'].includes((attribute(span, 'error.type') as { stringValue: string }).stringValue)
      )
    ).toBe(true);
  });

  test('the OTLP validator rejects a list holding a list', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: '0'.repeat(32),
                  spanId: '1'.repeat(16),
                  name: 'chat m',
                  kind: 3,
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                  attributes: [{ key: 'k', value: { arrayValue: { values: [{ arrayValue: { values: [] } }] } } }],
                  status: { code: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(otlpTraceProblems(body)).toEqual([expect.stringContaining('(k) has no valid AnyValue')]);
  });

  const attributeKeys = (id: (typeof SCENARIO_IDS)[number]) => {
    const player = playerFor(id);
    const { spans } = player.telemetry.between(player.clock.span.from, player.clock.span.to).traces!.resourceSpans[0]
      .scopeSpans[0];
    return new Set(spans.flatMap((span) => span.attributes.map((a) => a.key)));
  };

  test('ctr-decline spans carry feature.fallback and model.version', () => {
    expect([...attributeKeys('ctr-decline')]).toEqual(expect.arrayContaining(['feature.fallback', 'model.version']));
  });

  test('latency-gc model.infer spans carry GC pauses as attributes and events', () => {
    const player = playerFor('latency-gc');
    const spans = player.telemetry
      .between(player.clock.span.from, player.clock.span.to)
      .traces!.resourceSpans.flatMap((r) => r.scopeSpans[0].spans);
    const slow = spans.filter((span) => span.name === 'model.infer' && span.events?.length);
    expect(slow.length).toBeGreaterThan(0);
    expect(slow[0].attributes.map((a) => a.key)).toEqual(expect.arrayContaining(['gc.events', 'gc.pause_ms']));
    expect(spans.some((span) => span.status.code === 2)).toBe(true);
  });
});

describe('annotations', () => {
  test("each scenario's change events are posted once per pass, to its dashboard, in wall time", () => {
    for (const id of SCENARIO_IDS) {
      const player = playerFor(id);
      const { clock } = player;
      const annotations = player.telemetry.between(clock.span.from, clock.span.to).annotations;
      expect(annotations.length).toBeGreaterThanOrEqual(3);
      for (const annotation of annotations) {
        expect(annotationProblems(annotation)).toEqual([]);
        expect(annotation.dashboardUID).toBe(`${id}-live`);
      }
      const next = player.telemetry.between(clock.span.to, clock.span.to + clock.spanMs).annotations;
      expect(next).toHaveLength(annotations.length);
      expect(next[0].time - annotations[0].time).toBe(clock.spanMs);
    }
  });
});

describe('validators catch malformed bodies', () => {
  test('Loki: numeric timestamps, missing labels', () => {
    expect(lokiPushProblems({ streams: [{ stream: {}, values: [[1, 'x']] }] })).toHaveLength(2);
    expect(lokiPushProblems({ streams: [{ stream: { job: 'a' }, values: [['1700000000000000000', 'x']] }] })).toEqual(
      []
    );
  });

  test('OTLP: base64 ids, numeric nanos, numeric intValue', () => {
    const span = {
      traceId: 'AAECAwQFBgcICQoLDA0ODw==',
      spanId: '0001020304050607',
      name: 'x',
      kind: 2,
      startTimeUnixNano: 1700000000000000000,
      endTimeUnixNano: '1700000000000000001',
      attributes: [{ key: 'n', value: { intValue: 3 } }],
      status: { code: 1 },
    };
    const body = {
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [span] }] }],
    };
    expect(otlpTraceProblems(body)).toEqual([
      expect.stringContaining('service.name'),
      expect.stringContaining('traceId'),
      expect.stringContaining('startTimeUnixNano'),
      expect.stringContaining('intValue'),
    ]);
  });

  test('nanosecond strings keep sub-millisecond digits', () => {
    expect(msToNanoString(1700000000123.5)).toBe('1700000000123500000');
    expect(msToNanoString(1700000000123)).toBe('1700000000123000000');
  });
});

describe('clock', () => {
  test('plays at the speed, loops at the end, and splits segments at the seam', () => {
    const clock = new ScenarioClock({ span: { from: 0, to: 1000 }, anchorWall: 5000, startPos: 900, speed: 2 });
    expect(clock.positionAt(5000)).toEqual({ loop: 0, pos: 900 });
    expect(clock.positionAt(5100)).toEqual({ loop: 1, pos: 100 });
    expect(clock.segments(800, 1200)).toEqual([
      { loop: 0, from: 800, to: 1000 },
      { loop: 1, from: 0, to: 200 },
    ]);
    expect(clock.wallAt(clock.absoluteAt(5123))).toBe(5123);
  });
});
