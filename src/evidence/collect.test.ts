import { DataFrame, DataQueryRequest, DataQueryResponse, FieldType } from '@grafana/data';
import { Observable, of, throwError } from 'rxjs';
import { DEFAULT_KIND_TAGS, StoredAnnotation } from '../data/annotations';
import { collectEvidence, EvidenceServices } from './collect';
import { INCIDENT_START_VARIABLE } from '../constants';
import { EvidenceDataSource, EvidenceDataSources, QueryProgress } from './queries';

// The evidence of an incident declared on a dashboard fed by Prometheus, Loki and Tempo: the dashboard JSON as
// Grafana's API returns it, and a fake data source service (the edge: what `getDataSourceSrv()` gives) whose
// data sources answer with frames shaped as those data sources return them.

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 2, 14, 12);
/** The incident was declared half an hour ago and is still going on. */
const START = NOW - 30 * MINUTE;
const DEPLOY_AT = START - 90 * MINUTE;
const CONFIG_AT = START - 20 * MINUTE;
const LATENCY_AT = START - 15 * MINUTE;
const ERROR_LOGS_AT = START - 10 * MINUTE;
const ERROR_SPANS_AT = START - 5 * MINUTE;
const FIRST = NOW - 8 * 60 * MINUTE;

/** Deterministic noise in [-1, 1). */
function noise(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

const minutes = (from: number, to: number) =>
  Array.from({ length: Math.floor((to - from) / MINUTE) + 1 }, (_, i) => from + i * MINUTE);

/** A Prometheus range query result: one frame per series, Time and Value with the series' labels. */
function prometheusSeries(
  refId: string,
  name: string,
  value: (time: number) => number,
  range: { from: number; to: number }
) {
  const times = minutes(Math.max(FIRST, range.from), Math.min(NOW, range.to));
  return {
    refId,
    name,
    length: times.length,
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      {
        name: 'Value',
        type: FieldType.number,
        values: times.map(value),
        labels: { job: 'checkout' },
        config: { displayNameFromDS: name },
      },
    ],
  } as DataFrame;
}

/** A Loki logs result: labels, Time, Line (one JSON line per event). */
function lokiLogs(refId: string, range: { from: number; to: number }) {
  const random = noise(7);
  const labels: Array<Record<string, string>> = [];
  const times: number[] = [];
  const lines: string[] = [];
  for (const minute of minutes(Math.max(FIRST, range.from), Math.min(NOW - MINUTE, range.to))) {
    const errors = minute >= ERROR_LOGS_AT ? 40 : 2 + Math.round(random());
    for (let i = 0; i < 20 + errors; i++) {
      const level = i < errors ? 'error' : 'info';
      labels.push({ app: 'checkout', level });
      times.push(minute + i * 1000);
      lines.push(JSON.stringify({ level, msg: level === 'error' ? 'payment call failed' : 'scored request' }));
    }
  }
  return {
    refId,
    name: 'logs',
    length: times.length,
    meta: { type: 'log-lines', preferredVisualisationType: 'logs' },
    fields: [
      { name: 'labels', type: FieldType.other, values: labels, config: {} },
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      { name: 'Line', type: FieldType.string, values: lines, config: {} },
    ],
  } as unknown as DataFrame;
}

/** A Tempo TraceQL search result as a span table. */
function tempoSpans(refId: string, range: { from: number; to: number }) {
  const random = noise(11);
  const rows: Array<{ start: number; duration: number; status: string }> = [];
  for (const minute of minutes(Math.max(FIRST, range.from), Math.min(NOW - MINUTE, range.to))) {
    const errors = minute >= ERROR_SPANS_AT ? 15 : 2 + Math.round(random());
    for (let i = 0; i < 30; i++) {
      const failing = i < errors;
      rows.push({ start: minute + i * 2000, duration: 40 + 5 * random(), status: failing ? 'error' : 'ok' });
    }
  }
  const column = <T>(pick: (row: (typeof rows)[number], index: number) => T) => rows.map(pick);
  return {
    refId,
    name: 'traces',
    length: rows.length,
    fields: [
      { name: 'traceID', type: FieldType.string, values: column((_, i) => `t${i}`), config: {} },
      { name: 'spanID', type: FieldType.string, values: column((_, i) => `s${i}`), config: {} },
      { name: 'startTime', type: FieldType.time, values: column((row) => row.start), config: {} },
      { name: 'serviceName', type: FieldType.string, values: column(() => 'checkout'), config: {} },
      { name: 'spanName', type: FieldType.string, values: column(() => 'payment.call'), config: {} },
      { name: 'duration', type: FieldType.number, values: column((row) => row.duration), config: { unit: 'ms' } },
      { name: 'statusCode', type: FieldType.string, values: column((row) => row.status), config: {} },
    ],
  } as DataFrame;
}

const PROMETHEUS = { type: 'prometheus', uid: 'prom' };
const LOKI = { type: 'loki', uid: 'loki' };
const TEMPO = { type: 'tempo', uid: 'tempo' };

/** The dashboard as `GET /api/dashboards/uid/checkout` returns it, with a `$model` variable. */
const DASHBOARD = {
  uid: 'checkout',
  title: 'Checkout model',
  time: { from: 'now-6h', to: 'now' },
  templating: {
    list: [
      {
        name: 'model',
        type: 'custom',
        current: { text: 'reco-v1', value: 'reco-v1' },
        options: [{ value: 'reco-v1' }, { value: 'reco-v2' }],
      },
    ],
  },
  annotations: {
    list: [
      { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, name: 'Annotations & Alerts' },
    ],
  },
  panels: [
    { id: 10, type: 'row', title: 'Service', collapsed: false, panels: [] },
    {
      id: 4,
      type: 'driftline-timeline-panel',
      title: 'What changed',
      datasource: { type: 'datasource', uid: '-- Mixed --' },
      options: { maxLanes: 12 },
      targets: [
        {
          refId: 'A',
          datasource: PROMETHEUS,
          expr: 'histogram_quantile(0.99, sum by (le) (rate(request_seconds_bucket{model="$model"}[$__rate_interval])))',
          legendFormat: 'p99 latency',
        },
        { refId: 'B', datasource: PROMETHEUS, expr: 'sum(rate(requests_total{model="$model"}[5m]))' },
        { refId: 'C', datasource: LOKI, expr: '{app="checkout", model="${model}"}' },
        { refId: 'D', datasource: TEMPO, query: '{resource.service.name="checkout"}', queryType: 'traceql' },
      ],
    },
  ],
};

const GRAFANA_ANNOTATIONS: StoredAnnotation[] = [
  { id: 1, time: DEPLOY_AT, timeEnd: DEPLOY_AT, text: 'checkout-model v13', tags: ['deploy'] },
  { id: 2, time: CONFIG_AT, timeEnd: CONFIG_AT, text: 'payment timeout 2s -> 500ms', tags: ['config'] },
  { id: 3, time: START, timeEnd: START, text: 'Checkout errors', tags: ['incident', 'ongoing'] },
];

interface Fake {
  service: EvidenceDataSources;
  requests: Array<{ uid: string; request: DataQueryRequest }>;
}

type Answer = (request: DataQueryRequest) => Observable<DataQueryResponse>;

function fakeDataSources(overrides: Record<string, Answer> = {}): Fake {
  const requests: Fake['requests'] = [];
  const range = (request: DataQueryRequest) => ({ from: request.range.from.valueOf(), to: request.range.to.valueOf() });
  const answers: Record<string, Answer> = {
    prom: (request) =>
      of({
        data: request.targets.map((target) =>
          target.refId === 'A'
            ? prometheusSeries(
                'A',
                'p99 latency',
                (t) => (t >= LATENCY_AT ? 1.8 : 0.3) + 0.02 * noise(t)(),
                range(request)
              )
            : prometheusSeries('B', 'requests/s', (t) => 120 + 3 * noise(t + 1)(), range(request))
        ),
      }),
    loki: (request) => of({ data: [lokiLogs('C', range(request))] }),
    tempo: (request) => of({ data: [tempoSpans('D', range(request))] }),
    ...overrides,
  };
  const names: Record<string, string> = { prom: 'Prometheus', loki: 'Loki', tempo: 'Tempo' };
  const types: Record<string, string> = { prom: 'prometheus', loki: 'loki', tempo: 'tempo' };
  return {
    requests,
    service: {
      async get(ref) {
        const uid = typeof ref === 'string' ? ref : (ref?.uid ?? 'default');
        const answer = answers[uid];
        if (!answer) {
          throw new Error(`Data source ${uid} was not found`);
        }
        const dataSource: EvidenceDataSource = {
          name: names[uid],
          uid,
          type: types[uid],
          query: (request) => {
            requests.push({ uid, request });
            return answer(request);
          },
        };
        return dataSource;
      },
    },
  };
}

function services(fake: Fake, dashboard: unknown = DASHBOARD): EvidenceServices {
  return {
    loadDashboard: async (uid) => {
      if (uid !== 'checkout') {
        throw Object.assign(new Error(`Not found (Grafana said: Dashboard not found).`), { status: 404 });
      }
      return dashboard;
    },
    dataSources: fake.service,
    loadAnnotations: async ({ from, to }) =>
      GRAFANA_ANNOTATIONS.filter((annotation) => annotation.time >= from && annotation.time <= to),
  };
}

const INCIDENT = { id: '3', start: START, dashboardUID: 'checkout' };

function collect(
  fake: Fake,
  incident: Parameters<typeof collectEvidence>[0] = INCIDENT,
  onProgress?: (q: QueryProgress[]) => void
) {
  return collectEvidence(incident, services(fake), { kindTags: DEFAULT_KIND_TAGS, now: NOW, onProgress });
}

const MINUTES = (time: number) => Math.round((time - START) / MINUTE);

describe('the evidence of an incident, from its dashboard through the data source service', () => {
  it('finds what changed first across Prometheus, Loki and Tempo, in the order it happened', async () => {
    const evidence = await collect(fakeDataSources());
    expect(evidence.problem).toBeUndefined();
    expect(evidence.queries.every((query) => query.state === 'done')).toBe(true);
    const steps = evidence.sections.sequence.map((item) => ({
      what: item.type === 'change' ? `change ${item.kind}` : item.title,
      at: MINUTES(item.time!),
      exonerated: item.exonerated === true,
    }));
    const position = (what: string) => steps.findIndex((step) => step.what === what);
    const order = [
      position('change deploy'),
      position('change config'),
      position('p99 latency rose'),
      position('logs: error rose'),
      position('traces: error spans rose'),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Each onset is found where it was planted, to within the logs' and spans' bucket size.
    expect(steps[order[2]].at).toBeGreaterThanOrEqual(-16);
    expect(steps[order[2]].at).toBeLessThanOrEqual(-13);
    expect(steps[order[3]].at).toBeGreaterThanOrEqual(-12);
    expect(steps[order[3]].at).toBeLessThanOrEqual(-8);
    expect(steps[order[4]].at).toBeGreaterThanOrEqual(-7);
    expect(steps[order[4]].at).toBeLessThanOrEqual(-3);
    // The deploy an hour and a half before moved nothing; the config change did.
    expect(steps[order[0]].exonerated).toBe(true);
    expect(steps[order[1]].exonerated).toBe(false);
    // Requests per second stayed flat.
    expect(steps.some((step) => step.what.startsWith('requests/s'))).toBe(false);
    // Each step links to the timeline panel over the analysis range, which ends where the data does (now).
    expect(evidence.range.to).toBe(NOW);
    expect(evidence.sections.sequence[0].link).toBe(`/d/checkout?viewPanel=4&from=${evidence.range.from}&to=${NOW}`);
    // The change events are listed too, with the timeline's verdict.
    expect(evidence.sections.changes.map((item) => item.title)).toEqual([
      'checkout-model v13',
      'payment timeout 2s -> 500ms',
    ]);
    expect(evidence.sections.changes[0].detail).toBe('Nothing moved after it');
  });

  it('keeps the other data sources’ evidence when one fails, and says what it left out', async () => {
    const progress: QueryProgress[][] = [];
    const fake = fakeDataSources({ loki: () => throwError(() => ({ status: 502, data: { message: 'Bad Gateway' } })) });
    const evidence = await collect(fake, INCIDENT, (queries) => progress.push(queries));
    const loki = evidence.queries.find((query) => query.dataSource === 'Loki');
    expect(loki).toMatchObject({ state: 'failed', problem: 'Loki: 502, logs left out' });
    expect(evidence.queries.filter((query) => query.state === 'done').map((query) => query.dataSource)).toEqual(
      expect.arrayContaining(['Grafana', 'Prometheus', 'Tempo'])
    );
    const titles = evidence.sections.sequence.map((item) => item.title);
    expect(titles).toEqual(expect.arrayContaining(['p99 latency rose', 'traces: error spans rose']));
    expect(titles.some((title) => title.startsWith('logs:'))).toBe(false);
    // Progress came query by query: each was seen running before it ended.
    for (const query of evidence.queries) {
      expect(progress.some((snapshot) => snapshot.find((q) => q.id === query.id)?.state === 'running')).toBe(true);
    }
  });

  it('runs the queries with the variables stored with the incident, over the dashboard’s defaults', async () => {
    const fake = fakeDataSources();
    await collect(fake, { ...INCIDENT, variables: { model: 'reco-v2' } });
    const prometheus = fake.requests.find((request) => request.uid === 'prom')!.request;
    const expressions = prometheus.targets.map((target) => (target as { expr?: string }).expr);
    expect(expressions).toEqual([
      'histogram_quantile(0.99, sum by (le) (rate(request_seconds_bucket{model="reco-v2"}[$__rate_interval])))',
      'sum(rate(requests_total{model="reco-v2"}[5m]))',
    ]);
    expect(
      (fake.requests.find((request) => request.uid === 'loki')!.request.targets[0] as { expr?: string }).expr
    ).toBe('{app="checkout", model="reco-v2"}');
    expect(prometheus.scopedVars.model?.value).toBe('reco-v2');
    expect(prometheus.scopedVars[INCIDENT_START_VARIABLE]?.value).toBe(START);
    // The range: the dashboard's 6 h up to now, asked on to a quarter span after the incident's start.
    expect(prometheus.range.from.valueOf()).toBe(NOW - 6 * 60 * MINUTE);
    expect(prometheus.range.to.valueOf()).toBe(START + 1.5 * 60 * MINUTE);

    const withDefaults = fakeDataSources();
    await collect(withDefaults);
    const expr = (
      withDefaults.requests.find((request) => request.uid === 'prom')!.request.targets[1] as { expr?: string }
    ).expr;
    expect(expr).toBe('sum(rate(requests_total{model="reco-v1"}[5m]))');
  });

  it('says how to get evidence from a dashboard with no Driftline panel, and still lists the changes', async () => {
    const plain = { ...DASHBOARD, panels: [{ id: 1, type: 'timeseries', title: 'Latency', targets: [] }] };
    const evidence = await collectEvidence(INCIDENT, services(fakeDataSources(), plain), {
      kindTags: DEFAULT_KIND_TAGS,
      now: NOW,
    });
    expect(evidence.problem).toMatchObject({ kind: 'no-driftline-panels', link: '/d/checkout' });
    expect(evidence.problem?.message).toMatch(/has no Driftline panel.*Add a Driftline timeline/);
    expect(evidence.sections.sequence).toEqual([]);
    expect(evidence.sections.changes.map((item) => item.kind)).toEqual(['deploy', 'config']);
  });

  it('says so when the dashboard cannot be read', async () => {
    const evidence = await collect(fakeDataSources(), { ...INCIDENT, dashboardUID: 'deleted' });
    expect(evidence.problem).toMatchObject({ kind: 'dashboard-unreadable' });
    expect(evidence.problem?.message).toContain('Dashboard deleted could not be read');
  });
});
