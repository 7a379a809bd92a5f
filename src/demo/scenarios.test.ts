import { DataFrame, DataFrameType, FieldType } from '@grafana/data';

import { TOKEN_BUCKETS } from '../data/genai';
import { framesForRange, getScenario, getScenarioSignal, DEMO_SIGNALS, SCENARIO_IDS } from './index';
import { formatLe } from '../analysis';
import { expectCumulativeBuckets, expectWellFormed } from './testUtils';
import type { DemoScenario, ScenarioId } from './types';

const NOW = Date.UTC(2025, 10, 28, 15, 7, 13, 456);
const MINUTE = 60_000;

const scenarios = new Map<ScenarioId, DemoScenario>();
function scenario(id: ScenarioId): DemoScenario {
  if (!scenarios.has(id)) {
    scenarios.set(id, getScenario(id, { now: NOW }));
  }
  return scenarios.get(id)!;
}

describe.each(SCENARIO_IDS)('%s', (id) => {
  it('is deterministic for a seed and changes with the seed', () => {
    const again = getScenario(id, { now: NOW });
    expect(again).toEqual(scenario(id));
    const other = getScenario(id, { now: NOW, seed: 7 });
    expect(other.metrics[0].fields[1].values).not.toEqual(scenario(id).metrics[0].fields[1].values);
    expect(other.samples.fields[1].values).not.toEqual(scenario(id).samples.fields[1].values);
    expect(other.annotations).toEqual(scenario(id).annotations);
  });

  it('is anchored to now floored to its step', () => {
    const s = scenario(id);
    expect(s.span.to).toBe(Math.floor(NOW / s.stepMs) * s.stepMs);
    expect(s.span.to).toBeLessThanOrEqual(NOW);
    expect(s.defaultRange.to).toBe(s.span.to);
    expect(s.defaultRange.from).toBeGreaterThanOrEqual(s.span.from);
    expect(s.incident.from).toBeGreaterThan(s.defaultRange.from);
    expect(s.incident.to ?? s.span.to).toBeLessThanOrEqual(s.span.to);
    // A `now` inside the same step gives the same scenario.
    expect(getScenario(id, { now: s.span.to + s.stepMs - 1 }).metrics).toEqual(s.metrics);
  });

  it('defaults now to the current time', () => {
    const before = Date.now();
    const s = getScenario(id);
    expect(s.span.to).toBeLessThanOrEqual(Date.now());
    expect(s.span.to).toBeGreaterThan(before - s.stepMs - 1);
  });

  it('returns well-formed frames for every signal', () => {
    const s = scenario(id);
    for (const signal of DEMO_SIGNALS) {
      const frames = getScenarioSignal(s, signal);
      expect(frames.length).toBeGreaterThan(0);
      frames.forEach(expectWellFormed);
    }
  });

  it('shapes metrics like Prometheus range-query frames', () => {
    const s = scenario(id);
    const grid = (s.span.to - s.span.from) / s.stepMs + 1;
    for (const frame of s.metrics) {
      expect(frame.meta?.type).toBe(DataFrameType.TimeSeriesMulti);
      expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
        ['Time', FieldType.time],
        ['Value', FieldType.number],
      ]);
      const value = frame.fields[1];
      expect(value.labels?.__name__).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      expect(value.config.displayNameFromDS).toBe(frame.name);
      expect(['reqps', 's', 'ms', 'percentunit', 'bytes', 'short', 'percent']).toContain(value.config.unit);
      expect(frame.length).toBe(grid);
      expect(value.values.every((v: number) => Number.isFinite(v))).toBe(true);
    }
    expect(new Set(s.metrics.map((f) => f.name)).size).toBe(s.metrics.length);
  });

  it('gives cumulative bucket series with +Inf, 10-20 buckets per histogram', () => {
    const s = scenario(id);
    const features = expectCumulativeBuckets(s.featureBuckets);
    expect(expectCumulativeBuckets(s.predictionBuckets)).toBe(1);
    const numericFeatures = s.featureNames.filter(
      (name) => s.samples.fields.find((f) => f.name === name)?.type === FieldType.number
    );
    expect(features).toBe(numericFeatures.length);
    for (const frames of [s.featureBuckets, s.predictionBuckets]) {
      for (const frame of frames) {
        expect(frame.fields[1].labels?.__name__).toMatch(/^model_(feature_value|prediction_score)_bucket$/);
        expect(frame.fields[1].values.every((v: number) => Number.isInteger(v))).toBe(true);
      }
      const perHistogram = frames.length / new Set(frames.map((f) => f.fields[1].labels?.feature)).size;
      expect(perHistogram).toBeGreaterThanOrEqual(10);
      expect(perHistogram).toBeLessThanOrEqual(20);
    }
  });

  it('has a samples table with the features, the prediction and an outcome', () => {
    const s = scenario(id);
    const names = s.samples.fields.map((f) => f.name);
    expect(s.samples.name).toBe('samples');
    expect(s.samples.fields[0]).toMatchObject({ name: 'time', type: FieldType.time });
    for (const name of [...s.featureNames, s.predictionField]) {
      expect(names).toContain(name);
    }
    expect(s.featureNames).not.toContain(s.predictionField);
    expect(names.length).toBeGreaterThan(s.featureNames.length + 1);
    expect(s.samples.length).toBeGreaterThan(1000);
    expect(s.samples.length).toBeLessThan(20000);
    const prediction = s.samples.fields.find((f) => f.name === s.predictionField)!;
    expect(prediction.type).toBe(FieldType.number);
  });

  it('shapes logs like a Loki frame', () => {
    const { logs } = scenario(id);
    expect(logs.meta?.type).toBe(DataFrameType.LogLines);
    expect(logs.fields.map((f) => [f.name, f.type])).toEqual([
      ['labels', FieldType.other],
      ['Time', FieldType.time],
      ['Line', FieldType.string],
      ['tsNs', FieldType.string],
      ['id', FieldType.string],
    ]);
    const [labels, times, lines, tsNs, ids] = logs.fields.map((f) => f.values);
    expect(new Set(ids).size).toBe(logs.length);
    for (let i = 0; i < logs.length; i += 97) {
      const line = JSON.parse(lines[i]);
      expect(['info', 'warn', 'error']).toContain(line.level);
      expect(line.level).toBe(labels[i].level);
      expect(line.service).toBe(labels[i].service);
      expect(typeof line.msg).toBe('string');
      expect(tsNs[i]).toMatch(/^\d{19}$/);
      expect(Math.floor(Number(tsNs[i]) / 1e6)).toBe(times[i]);
    }
  });

  it("shapes the OpenTelemetry GenAI histograms as Prometheus bucket series with the conventions' buckets", () => {
    const frames = scenario(id).genaiHistograms;
    const names = new Set(frames.map((frame) => frame.fields[1].labels?.__name__));
    expect([...names].sort()).toEqual([
      'gen_ai_client_operation_duration_seconds_bucket',
      'gen_ai_client_token_usage_bucket',
      'gen_ai_server_time_to_first_token_seconds_bucket',
    ]);
    expect(expectCumulativeBuckets(frames)).toBeGreaterThanOrEqual(4);
    const tokenBounds = frames
      .filter((frame) => frame.fields[1].labels?.gen_ai_token_type === 'output')
      .map((frame) => frame.fields[1].labels!.le);
    expect(tokenBounds).toEqual([...TOKEN_BUCKETS.map(formatLe), '+Inf']);
    for (const frame of frames) {
      const labels = frame.fields[1].labels!;
      expect(labels.gen_ai_operation_name).toBe('chat');
      expect(labels.gen_ai_request_model).toBeTruthy();
      expect(labels.gen_ai_provider_name ?? labels.gen_ai_system).toBeTruthy();
    }
  });

  it('shapes traces like a Tempo span table', () => {
    const { traces } = scenario(id);
    const byName = (name: string) => traces.fields.find((f) => f.name === name);
    expect(byName('startTime')?.type).toBe(FieldType.time);
    expect(byName('duration')?.config.unit).toBe('ms');
    for (const name of ['traceID', 'spanID', 'serviceName', 'spanName', 'statusCode']) {
      expect(byName(name)?.type).toBe(FieldType.string);
    }
    expect(byName('statusCode')!.values.every((v: string) => v === 'ok' || v === 'error')).toBe(true);
    expect(byName('duration')!.values.every((v: number) => v >= 0)).toBe(true);
    expect(traces.length).toBeGreaterThan(500);
    expect(traces.length).toBeLessThanOrEqual(5000);
  });

  it('shapes annotations like PanelData.annotations', () => {
    const { annotations } = scenario(id);
    const field = (name: string) => annotations.fields.find((f) => f.name === name)!.values;
    expect(annotations.fields.map((f) => f.name)).toEqual([
      'time',
      'timeEnd',
      'text',
      'tags',
      'login',
      'id',
      'isRegion',
    ]);
    field('time').forEach((time: number, i: number) => {
      expect(field('timeEnd')[i]).toBeGreaterThanOrEqual(time);
      expect(field('isRegion')[i]).toBe(field('timeEnd')[i] > time);
      expect(Array.isArray(field('tags')[i])).toBe(true);
    });
  });

  it('slices every signal to a range', () => {
    const s = scenario(id);
    const range = { from: s.defaultRange.to - 30 * MINUTE, to: s.defaultRange.to };
    const frames: DataFrame[] = framesForRange(s.metrics, range);
    expect(frames[0].length).toBe(30 * (MINUTE / s.stepMs) + 1);
    expect(frames[0].fields[0].values[0]).toBe(range.from);
    const [logs] = framesForRange([s.logs], range);
    expect(logs.fields[1].values.every((t: number) => t >= range.from && t <= range.to)).toBe(true);
  });
});

describe('stress', () => {
  it('has the sizes the benchmarks rely on', () => {
    const s = getScenario('stress', { now: NOW });
    expect(s.logs.length).toBeGreaterThan(195000);
    expect(s.logs.length).toBeLessThan(205000);
    expect(s.metrics).toHaveLength(50);
    expect(s.traces.length).toBeGreaterThan(19000);
    expect(s.traces.length).toBeLessThan(21000);
    expect(s.featureBuckets).toHaveLength(100 * 50);
    expect(s.featureBuckets[0].length).toBe(2000);
    expect(expectCumulativeBuckets(s.featureBuckets)).toBe(100);
    expectWellFormed(s.logs);
  });
});

describe('getScenario', () => {
  it('rejects an unknown id with a clear message', () => {
    expect(() => getScenario('nope' as ScenarioId)).toThrow(/Unknown demo scenario "nope"/);
  });
});
