import {
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  dateTime,
  FieldType,
} from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { INCIDENT_START_VARIABLE } from '../../constants';
import { readAnnotations } from '../../data/annotations';
import { framesForRange, getScenario, getScenarioSignal } from '../../demo';
import { DEMO_SIGNALS, type DemoScenario, type DemoSignal, SCENARIO_IDS, type ScenarioId } from '../../demo/types';
import { annotationsOverlapping, DemoDataSource, toAnnotationQuery } from './datasource';
import type { DemoQuery } from './types';

// A fixed "now" on a minute boundary, so every scenario's step divides it and the data is reproducible.
const NOW = Date.UTC(2025, 10, 24, 12, 0, 0);
const HOUR = 3_600_000;

const instanceSettings = {
  id: 1,
  uid: 'driftline-demo',
  type: 'driftline-demo-datasource',
  name: 'Driftline demo',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'driftline-demo-datasource', name: 'Driftline demo', type: 'datasource' },
} as unknown as DataSourceInstanceSettings;

function request(targets: Array<Partial<DemoQuery>>, from = NOW - 2 * HOUR, to = NOW): DataQueryRequest<DemoQuery> {
  return {
    requestId: 'test',
    app: 'dashboard',
    interval: '15s',
    intervalMs: 15_000,
    timezone: 'utc',
    startTime: NOW,
    scopedVars: {},
    targets: targets as DemoQuery[],
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-2h', to: 'now' } },
  };
}

// Generating a scenario takes seconds under jest: share one data source (and its scenario cache) and one
// reference copy of each scenario across the tests.
const ds = new DemoDataSource(instanceSettings);
const references = new Map<ScenarioId, DemoScenario>();

function reference(id: ScenarioId): DemoScenario {
  if (!references.has(id)) {
    references.set(id, getScenario(id, { now: NOW }));
  }
  return references.get(id)!;
}

async function run(targets: Array<Partial<DemoQuery>>, from?: number, to?: number): Promise<DataQueryResponse> {
  return lastValueFrom(ds.query(request(targets, from, to)));
}

function expected(scenario: ScenarioId, signal: DemoSignal, from: number, to: number): DataFrame[] {
  const frames = getScenarioSignal(reference(scenario), signal);
  return signal === 'annotations'
    ? frames.map((frame) => annotationsOverlapping(frame, { from, to }))
    : framesForRange(frames, { from, to });
}

function timeValues(frame: DataFrame): number[] {
  return frame.fields.filter((field) => field.type === FieldType.time).flatMap((field) => Array.from(field.values));
}

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('DemoDataSource.query', () => {
  test.each(DEMO_SIGNALS)('returns the scenario frames for signal "%s", sliced to the range', async (signal) => {
    const from = NOW - 2 * HOUR;
    const response = await run([{ refId: 'X', scenario: 'latency-gc', signal }], from, NOW);
    const want = expected('latency-gc', signal, from, NOW);

    expect(response.errors).toBeUndefined();
    expect(response.data.length).toBe(want.length);
    expect(response.data.length).toBeGreaterThan(0);
    response.data.forEach((frame: DataFrame, index: number) => {
      expect(frame.refId).toBe('X');
      expect(frame.name).toBe(want[index].name);
      expect(frame.length).toBe(want[index].length);
      expect(frame.fields.map((field) => field.name)).toEqual(want[index].fields.map((field) => field.name));
    });
  });

  test('keeps only the points inside the requested range', async () => {
    const from = NOW - HOUR;
    const to = NOW - HOUR / 2;
    const sliced = await run([{ refId: 'A', scenario: 'latency-gc', signal: 'metrics' }], from, to);
    const whole = reference('latency-gc').metrics;

    const first: DataFrame = sliced.data[0];
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(whole[0].length);
    for (const frame of sliced.data as DataFrame[]) {
      for (const time of timeValues(frame)) {
        expect(time).toBeGreaterThanOrEqual(from);
        expect(time).toBeLessThanOrEqual(to);
      }
    }
  });

  test('answers several targets at once, each frame carrying its own refId', async () => {
    const response = await run([
      { refId: 'A', scenario: 'latency-gc', signal: 'metrics' },
      { refId: 'B', scenario: 'latency-gc', signal: 'logs' },
      { refId: 'C', scenario: 'latency-gc', signal: 'traces' },
    ]);
    const refIds = new Set(response.data.map((frame: DataFrame) => frame.refId));
    expect(refIds).toEqual(new Set(['A', 'B', 'C']));
    const metricsFrames = response.data.filter((frame: DataFrame) => frame.refId === 'A');
    expect(metricsFrames).toHaveLength(expected('latency-gc', 'metrics', NOW - 2 * HOUR, NOW).length);
  });

  test.each(SCENARIO_IDS)('serves scenario "%s" over its default range', async (scenario) => {
    const { defaultRange } = reference(scenario);
    const response = await run([{ refId: 'A', scenario, signal: 'samples' }], defaultRange.from, defaultRange.to);
    expect(response.errors).toBeUndefined();
    expect(response.data).toHaveLength(1);
    expect(response.data[0].length).toBeGreaterThan(0);
  });

  test('uses latency-gc metrics when a query has no scenario or signal yet', async () => {
    const response = await run([{ refId: 'A' }]);
    expect(response.data.length).toBe(expected('latency-gc', 'metrics', NOW - 2 * HOUR, NOW).length);
  });

  test('skips hidden targets', async () => {
    const response = await run([
      { refId: 'A', scenario: 'latency-gc', signal: 'logs', hide: true },
      { refId: 'B', scenario: 'latency-gc', signal: 'traces' },
    ]);
    expect(response.data.every((frame: DataFrame) => frame.refId === 'B')).toBe(true);
  });

  test('tells the story of the incident a query is about: its incident starts with that incident', async () => {
    const incidentStart = NOW - 26 * HOUR;
    const about = request(
      [{ refId: 'Anno', scenario: 'latency-gc', signal: 'annotations' }],
      incidentStart - HOUR,
      incidentStart + HOUR
    );
    about.scopedVars = { [INCIDENT_START_VARIABLE]: { text: String(incidentStart), value: incidentStart } };
    const response = await lastValueFrom(ds.query(about));
    const [event] = readAnnotations(response.data).filter((annotation) => annotation.kind === 'incident');
    const { stepMs } = reference('latency-gc');
    expect(Math.abs(event.time - incidentStart)).toBeLessThan(stepMs);
    // Without it, the scenario is anchored to now: nothing a day ago.
    const plain = await run(
      [{ refId: 'Anno', scenario: 'latency-gc', signal: 'annotations' }],
      incidentStart - HOUR,
      incidentStart + HOUR
    );
    expect(readAnnotations(plain.data)).toEqual([]);
  });

  test('reports an unknown scenario or signal for its refId and still answers the other targets', async () => {
    const response = await run([
      { refId: 'A', scenario: 'no-such-incident' as ScenarioId, signal: 'metrics' },
      { refId: 'B', scenario: 'latency-gc', signal: 'no-such-signal' as DemoSignal },
      { refId: 'C', scenario: 'latency-gc', signal: 'logs' },
    ]);
    expect(response.errors).toEqual([
      expect.objectContaining({ refId: 'A', message: expect.stringContaining('no-such-incident') }),
      expect.objectContaining({ refId: 'B', message: expect.stringContaining('no-such-signal') }),
    ]);
    expect(response.data.length).toBeGreaterThan(0);
    expect(response.data.every((frame: DataFrame) => frame.refId === 'C')).toBe(true);
  });
});

describe('DemoDataSource annotations', () => {
  const support = ds.annotations;

  test('a hand-written `{ scenario }` annotation becomes an annotations query for that scenario', () => {
    const prepared = support.prepareAnnotation!({ name: 'Change events', enable: true, scenario: 'ctr-decline' });
    expect(prepared.target).toEqual({ refId: 'Anno', scenario: 'ctr-decline', signal: 'annotations' });
  });

  test('a stored target keeps its scenario and refId, but always asks for annotations', () => {
    const anno = toAnnotationQuery({
      name: 'Change events',
      enable: true,
      iconColor: 'orange',
      target: { refId: 'Q', scenario: 'chatbot-outage', signal: 'metrics' },
    });
    expect(support.prepareQuery!(anno)).toEqual({ refId: 'Q', scenario: 'chatbot-outage', signal: 'annotations' });
  });

  test.each(SCENARIO_IDS)('the annotation query for "%s" returns its annotation frame', async (scenario) => {
    const { defaultRange } = reference(scenario);
    const anno = support.prepareAnnotation!({ name: 'Change events', enable: true, scenario });
    const target = support.prepareQuery!(anno)!;
    const response = await lastValueFrom(ds.query(request([target], defaultRange.from, defaultRange.to)));

    expect(response.errors).toBeUndefined();
    expect(response.data).toHaveLength(1);
    const frame: DataFrame = response.data[0];
    expect(frame.refId).toBe('Anno');
    expect(frame.length).toBeGreaterThan(0);
    // The fields Grafana's standard annotation processing maps to events.
    const names = frame.fields.map((field) => field.name);
    expect(names).toEqual(expect.arrayContaining(['time', 'text', 'tags']));
  });

  test('an incident region that began before the range is still returned', async () => {
    const { incident } = reference('latency-gc');
    const from = incident.from + 10 * 60_000;
    const response = await run([{ refId: 'Anno', scenario: 'latency-gc', signal: 'annotations' }], from, from + HOUR);
    const frame: DataFrame = response.data[0];
    const texts = frame.fields.find((field) => field.name === 'text')!.values;
    expect(texts).toContain('p99 latency spike on nlp-serving');
    // The deploy (T-40min) and campaign (T-12min) are points before the range: they stay out.
    expect(frame.length).toBe(1);
  });
});

test('testDatasource reports success', async () => {
  const result = await ds.testDatasource();
  expect(result.status).toBe('success');
  expect(result.message).toContain('latency-gc');
});
