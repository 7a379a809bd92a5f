/**
 * Fuzz suite over the evidence of an incident (src/evidence): a stored dashboard any editor can write, the
 * variables and ranges stored with the incident, and data sources that answer with fuzzed frames, errors or
 * not at all. Each function returns finite results or throws a typed error within a second;
 * `collectEvidence` and `runQuery` never throw. Grafana's HTTP and data source service are fakes that answer
 * at once (the edges); everything between them runs as in the workbench. `FUZZ_RUNS=10000 npx jest
 * src/evidence/fuzz` is the nightly-sized run.
 */
import fc from 'fast-check';
import { DataFrame, DataQueryResponse } from '@grafana/data';
import { Observable, of, throwError } from 'rxjs';
import { DEFAULT_KIND_TAGS } from '../data/annotations';
import { fuzzSuite, sourceModules } from '../testing/fuzz/harness';
import { anySeries, histogramSeries, sampleSeries, storedAnnotation } from '../testing/fuzz/frames';
import { anyDouble, EPOCH, HOUR, junkValue, mostly, timeRange } from '../testing/fuzz/values';
import * as evidence from '.';
import * as items from './items';
import {
  analysisRange,
  buildRequest,
  collectEvidence,
  dashboardDefaults,
  DashboardVariable,
  DataSourceRef,
  describeFailure,
  EvidenceDataSource,
  EvidenceDataSources,
  EvidenceIncident,
  evidenceJob,
  groupByDataSource,
  incidentVariables,
  incidentWindow,
  interpolate,
  interpolateQuery,
  isUsableSpan,
  latestTime,
  PlannedQuery,
  QueryContext,
  rangeWithData,
  readDashboard,
  refKey,
  resolveRef,
  runQuery,
  scopedVariables,
  signalOf,
  spanOf,
} from '.';

const target = fuzzSuite('Evidence fuzz (src/evidence)', (table) => console.log(table));

// Evidence results hold drift histograms, whose last bucket is bounded by +Inf.
const EVIDENCE_RULES = { infinite: ['upperBounds'] };

const dataSourceRef: fc.Arbitrary<DataSourceRef | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('prom', 'loki', 'missing', '${ds}', '-- Grafana --'),
  fc.record(
    {
      uid: fc.constantFrom('prom', 'loki', 'tempo', 'missing', '${ds}', '-- Mixed --', 'grafana'),
      type: fc.constantFrom('prometheus', 'loki', 'tempo', 'grafana', 'x'),
    },
    { requiredKeys: [] }
  )
);
const variableValues = fc.dictionary(
  fc.constantFrom('ds', 'model', 'env', 'job', '__interval', 'x'),
  fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 })),
  { maxKeys: 4 }
);
const queryText = fc.oneof(
  fc.constantFrom(
    'rate(http_requests_total{job="$job"}[5m])',
    'sum by (le) (increase(model_feature_value_bucket{model=~"${model:regex}"}[$__rate_interval]))',
    '{job="[[job]]"} |= "error"',
    '${env:csv} ${env:json} ${env:queryparam} ${env:sqlstring} ${env:percentencode} ${env:glob} ${env:pipe}',
    '$__interval ${__interval_ms}'
  ),
  fc.string({ maxLength: 30 })
);
const savedQuery = fc.record(
  {
    refId: fc.constantFrom('A', 'B', ''),
    datasource: dataSourceRef,
    expr: queryText,
    hide: fc.boolean(),
    nested: fc.constant({ list: ['$job', { deep: '${model}' }] }),
  },
  { requiredKeys: ['refId'] }
);
const PANEL_TYPES = [
  'driftline-timeline-panel',
  'driftline-drift-panel',
  'driftline-predictions-panel',
  'timeseries',
  'row',
];
const panelOptions = fc.oneof(
  fc.constant({}),
  fc.record(
    {
      inputKind: fc.constantFrom('auto', 'samples', 'histograms', 'x'),
      windowMode: fc.constantFrom('auto', 'fixed'),
      windowSize: fc.constantFrom('1h', '1m', '0s', 'x'),
      maxLanes: fc.oneof(fc.integer({ min: -1, max: 20 }), fc.constant(null)),
      method: fc.constantFrom('auto', 'ks', 'psi'),
      threshold: fc.oneof(fc.constantFrom(0, 0.1), fc.constant(null)),
      baselineMode: fc.constantFrom('firstPercent', 'previousPeriod', 'timeShift', 'fixed'),
      scoreField: fc.constantFrom('', 'score'),
      bins: fc.constantFrom('auto', 10, 0),
    },
    { requiredKeys: [] }
  ),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
);
const panel = fc.record(
  {
    type: fc.constantFrom(...PANEL_TYPES),
    id: fc.oneof(fc.integer({ min: 1, max: 9 }), junkValue),
    title: fc.oneof(fc.string({ maxLength: 10 }), junkValue),
    datasource: dataSourceRef,
    targets: fc.oneof(fc.array(savedQuery, { maxLength: 3 }), junkValue),
    options: panelOptions,
    maxDataPoints: fc.oneof(fc.integer({ min: -1, max: 2000 }), junkValue),
  },
  { requiredKeys: ['type', 'id'] }
);
const variable = fc.record(
  {
    name: fc.constantFrom('ds', 'model', 'env', 'job', ''),
    type: fc.constantFrom('custom', 'query', 'constant', 'textbox', 'datasource'),
    current: fc.oneof(
      fc.record({ value: fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.constantFrom('a', '$__all'))) }),
      junkValue
    ),
    options: fc.array(fc.record({ value: fc.oneof(fc.string({ maxLength: 4 }), junkValue) }), { maxLength: 3 }),
    query: fc.oneof(fc.string({ maxLength: 6 }), junkValue),
    allValue: fc.oneof(fc.constant(undefined), fc.constant('.*')),
  },
  { requiredKeys: ['name'] }
);
const annotationQuery = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 8 }), junkValue),
    datasource: dataSourceRef,
    builtIn: fc.oneof(fc.boolean(), junkValue),
    enable: fc.boolean(),
    target: fc.oneof(fc.record({ expr: queryText }), junkValue),
  },
  { requiredKeys: [] }
);
/**
 * A dashboard's JSON as Grafana's API returns it, written by any editor, or something that is no dashboard;
 * through JSON, as it arrives (no NaN, no undefined, no Dates).
 */
const dashboardJson = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          uid: fc.oneof(fc.constantFrom('abc', ''), junkValue),
          title: fc.oneof(fc.string({ maxLength: 10 }), junkValue),
          panels: fc.oneof(
            fc.array(
              fc.oneof(
                panel,
                panel.map((row) => ({ ...row, type: 'row', panels: [row, { ...row, type: 'driftline-drift-panel' }] }))
              ),
              { maxLength: 5 }
            ),
            junkValue
          ),
          templating: fc.oneof(fc.record({ list: fc.array(variable, { maxLength: 4 }) }), junkValue),
          annotations: fc.oneof(fc.record({ list: fc.array(annotationQuery, { maxLength: 3 }) }), junkValue),
          time: fc.oneof(
            fc.record({
              from: fc.constantFrom('now-6h', 'now-7d', String(EPOCH), 'now-1e9d', 'x', ''),
              to: fc.constantFrom('now', String(EPOCH + HOUR), 'now+1h', 'x'),
            }),
            junkValue
          ),
        },
        { requiredKeys: [] }
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: junkValue }
  )
  .map((json) => (json === undefined ? json : (JSON.parse(JSON.stringify(json) ?? 'null') as unknown)));

/** What one data source does with a query: answer with frames, with errors too, fail, or never answer fully. */
const answer = fc.oneof(
  { weight: 5, arbitrary: fc.oneof(anySeries, sampleSeries, histogramSeries).map((frames) => ({ frames })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anySeries, fc.constantFrom(502, 403, 0))
      .map(([frames, status]) => ({ frames, errors: [{ status, message: 'bad gateway' }] })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ fail: { status: 500 } }, { fail: { data: { message: 'boom' } } }, { fail: 'x' }),
  },
  { weight: 1, arbitrary: anySeries.map((frames) => ({ frames, asPromise: true })) }
);
type Answer = {
  frames?: DataFrame[];
  errors?: Array<{ status: number; message: string }>;
  fail?: unknown;
  asPromise?: boolean;
};

/** Grafana's data source service as a fake that answers at once, from a fuzzed list of answers in turn. */
function fakeDataSources(answers: Answer[]): EvidenceDataSources {
  let next = 0;
  const take = () => answers[next++ % Math.max(1, answers.length)] ?? { frames: [] };
  const dataSource = (name: string, type: string): EvidenceDataSource => ({
    name,
    uid: name,
    type,
    query: () => {
      const given = take();
      if (given.fail !== undefined) {
        return throwError(() => given.fail) as Observable<DataQueryResponse>;
      }
      const response = {
        data: given.frames ?? [],
        ...(given.errors ? { errors: given.errors } : {}),
      } as DataQueryResponse;
      return given.asPromise ? Promise.resolve(response) : of(response);
    },
    annotations: { prepareQuery: (annotation: never) => (annotation as { target?: unknown })?.target },
  });
  return {
    get: async (ref) => {
      const uid = ref === undefined ? 'prom' : typeof ref === 'string' ? ref : (ref.uid ?? ref.type ?? 'prom');
      if (uid === 'missing' || uid.includes('$')) {
        throw new Error(`Data source ${uid} was not found`);
      }
      return dataSource(uid, typeof ref === 'object' && ref.type ? ref.type : uid === 'loki' ? 'loki' : 'prometheus');
    },
  };
}

const now = mostly(fc.integer({ min: EPOCH, max: EPOCH + 200 * HOUR }));
const incident: fc.Arbitrary<EvidenceIncident> = fc.record(
  {
    id: fc.constantFrom('1', 'incident-2'),
    start: mostly(fc.integer({ min: EPOCH, max: EPOCH + 150 * HOUR })),
    end: fc.oneof(fc.constant(undefined), mostly(fc.integer({ min: EPOCH, max: EPOCH + 200 * HOUR }))),
    dashboardUID: fc.constantFrom('abc', '', 'a/b?c'),
    panelId: fc.option(fc.oneof(fc.integer({ min: 1, max: 9 }), anyDouble), { nil: undefined }),
    variables: fc.option(variableValues, { nil: undefined }),
    range: fc.option(timeRange, { nil: undefined }),
  },
  { requiredKeys: ['id', 'start', 'dashboardUID'] }
);
const queryContext: fc.Arbitrary<QueryContext> = fc.record({
  range: fc.oneof(
    { weight: 4, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 24 * HOUR }) },
    { weight: 1, arbitrary: timeRange }
  ),
  variables: variableValues,
  incident: fc.record(
    { start: mostly(fc.constant(EPOCH + 20 * HOUR)), end: fc.option(anyDouble, { nil: undefined }) },
    {
      requiredKeys: ['start'],
    }
  ),
  dashboardUID: fc.option(fc.constantFrom('abc', ''), { nil: undefined }),
  now,
});
const plannedQuery: fc.Arbitrary<PlannedQuery> = fc.record(
  {
    id: fc.constant('q'),
    label: fc.constant('Drift panel'),
    ref: dataSourceRef,
    targets: fc.array(savedQuery, { maxLength: 3 }),
    leftOut: fc.option(fc.constantFrom('the drift ranking', 'logs'), { nil: undefined }),
    panelId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    maxDataPoints: fc.option(fc.oneof(fc.integer({ min: 1, max: 2000 }), anyDouble), { nil: undefined }),
  },
  { requiredKeys: ['id', 'label', 'targets'] }
);
const dashboardVariables: fc.Arbitrary<DashboardVariable[]> = fc
  .array(variable, { maxLength: 4 })
  .map((list) => readDashboard({ templating: { list } })?.variables ?? []);

/** A dashboard as the demo and most users have it: the three Driftline panels on one data source. */
const driftlineDashboard = fc
  .record({
    options: fc.tuple(panelOptions, panelOptions, panelOptions),
    time: fc.constantFrom({ from: 'now-6h', to: 'now' }, { from: 'now-7d', to: 'now' }),
    datasource: fc.constantFrom({ uid: 'prom', type: 'prometheus' }, { uid: 'loki', type: 'loki' }),
  })
  .map(({ options, time, datasource }) => ({
    uid: 'abc',
    title: 'Checkout',
    time,
    panels: PANEL_TYPES.slice(0, 3).map((type, i) => ({
      type,
      id: i + 1,
      title: type,
      datasource,
      targets: [{ refId: 'A', expr: 'rate(x[5m])' }],
      options: options[i],
    })),
  }));
/** An incident over the days the fuzzed frames cover, with the range it was declared over stored. */
const incidentInData: fc.Arbitrary<EvidenceIncident> = fc
  .record({ start: fc.integer({ min: 100, max: 180 }), stored: fc.boolean() })
  .map(({ start, stored }) => ({
    id: '1',
    start: EPOCH + start * HOUR,
    dashboardUID: 'abc',
    panelId: 2,
    ...(stored ? { range: { from: EPOCH, to: EPOCH + 200 * HOUR } } : {}),
  }));

describe('fuzzing the evidence of an incident', () => {
  it('imports every module of src/evidence', () => {
    const sources = sourceModules(__dirname);
    expect(sources).toEqual([
      'cache',
      'collect',
      'dashboard',
      'dataSources',
      'index',
      'items',
      'queries',
      'range',
      'variables',
    ]);
  });
  target.covers(
    { 'src/evidence': evidence, 'src/evidence/items': items },
    {
      reachedBy: {
        sequenceItems: ['collectEvidence'],
        changeItems: ['collectEvidence'],
        driftItems: ['collectEvidence'],
        predictionItem: ['collectEvidence'],
      },
      notTargets: {
        clearEvidenceCache: 'takes no input: it empties the cache',
        grafanaDataSources: "takes no input: Grafana's data source service, the edge the other targets fake",
      },
    }
  );

  target('readDashboard', dashboardJson, (json) => readDashboard(json));
  target(
    'spanOf',
    fc.tuple(
      fc.option(
        fc.record({
          from: fc.oneof(
            fc.constantFrom('now-6h', 'now-1e9d', '0', '99999999999999999999', 'x'),
            fc.string({ maxLength: 8 })
          ),
          to: fc.oneof(fc.constantFrom('now', 'now+1y', '1', 'x'), fc.string({ maxLength: 8 })),
        }),
        { nil: undefined }
      ),
      now
    ),
    ([time, at]) => spanOf(time, at)
  );
  target(
    'analysisRange',
    fc.tuple(
      fc.record(
        { start: mostly(fc.constant(EPOCH)), end: fc.option(anyDouble, { nil: undefined }) },
        { requiredKeys: ['start'] }
      ),
      fc.oneof(fc.constantFrom(6 * HOUR, 1), anyDouble),
      now
    ),
    ([times, span, at]) => analysisRange(times, span, at)
  );
  target('isUsableSpan', fc.option(anyDouble, { nil: undefined }), (span) => isUsableSpan(span));
  target('rangeWithData', fc.tuple(timeRange, fc.option(anyDouble, { nil: undefined }), now), ([range, latest, at]) =>
    rangeWithData(range, latest, at)
  );
  target(
    'incidentWindow',
    fc.tuple(
      fc.record(
        { start: mostly(fc.constant(EPOCH + HOUR)), end: fc.option(anyDouble, { nil: undefined }) },
        { requiredKeys: ['start'] }
      ),
      timeRange
    ),
    ([times, range]) => incidentWindow(times, range)
  );
  target('dashboardDefaults', dashboardVariables, (variables) => dashboardDefaults(variables));
  target(
    'incidentVariables',
    fc.tuple(dashboardVariables, fc.option(variableValues, { nil: undefined })),
    ([variables, stored]) => incidentVariables(variables, stored)
  );
  target(
    'interpolate',
    fc.tuple(queryText, variableValues, fc.constantFrom(undefined, 'prometheus', 'loki')),
    ([text, values, type]) => interpolate(text, values, type)
  );
  target(
    'interpolateQuery',
    fc.tuple(fc.oneof(savedQuery, fc.jsonValue({ maxDepth: 3 })), variableValues),
    ([query, values]) => interpolateQuery(query, values, 'prometheus')
  );
  target('scopedVariables', variableValues, (values) => scopedVariables(values));
  target('resolveRef', fc.tuple(dataSourceRef, variableValues), ([ref, values]) => resolveRef(ref, values));
  target('refKey', dataSourceRef, (ref) => refKey(ref));
  target(
    'groupByDataSource',
    fc.tuple(dataSourceRef, fc.array(savedQuery, { maxLength: 4 }), variableValues),
    ([ref, targets, values]) => groupByDataSource(ref, targets, values)
  );
  target(
    'signalOf',
    fc.option(fc.oneof(fc.constantFrom('loki', 'tempo', 'prometheus', 'x'), fc.string()), { nil: undefined }),
    (type) => signalOf(type)
  );
  target(
    'describeFailure',
    fc.tuple(
      fc.string({ maxLength: 8 }),
      fc.oneof(junkValue, fc.record({ status: junkValue, data: fc.record({ message: junkValue }) })),
      fc.string({ maxLength: 8 })
    ),
    ([name, error, leftOut]) => describeFailure(name, error, leftOut)
  );
  target(
    'buildRequest',
    fc.tuple(plannedQuery, fc.constantFrom(undefined, 'prometheus', 'loki'), queryContext),
    ([planned, type, context]) => {
      const { range, rangeRaw, ...request } = buildRequest(planned, type, context);
      // The range as epoch ms: Grafana's DateTime objects hold their own internals.
      return { ...request, range: { from: range.from.valueOf(), to: range.to.valueOf() }, raw: Boolean(rangeRaw) };
    }
  );
  target('latestTime', anySeries, (frames) => latestTime(frames));
  target.async(
    'runQuery',
    fc.tuple(plannedQuery, fc.array(answer, { minLength: 1, maxLength: 3 }), queryContext),
    ([planned, answers, context]) => runQuery(planned, fakeDataSources(answers), context),
    // The frames are the data source's own, handed on as they came.
    { ...EVIDENCE_RULES, skip: ['frames'] }
  );
  target.async(
    'collectEvidence',
    fc.record({
      incident: fc.oneof(incidentInData, incident),
      dashboard: fc.oneof(
        { weight: 5, arbitrary: driftlineDashboard },
        { weight: 4, arbitrary: dashboardJson },
        { weight: 1, arbitrary: fc.constant(new Error('404')) }
      ),
      answers: fc.array(answer, { minLength: 1, maxLength: 4 }),
      annotations: fc.oneof(fc.array(storedAnnotation, { maxLength: 6 }), fc.constant(new Error('500'))),
      now: fc.oneof(fc.constant(EPOCH + 200 * HOUR), now),
    }),
    ({ incident: declared, dashboard, answers, annotations, now: at }) =>
      collectEvidence(
        declared,
        {
          loadDashboard: async () => {
            if (dashboard instanceof Error) {
              throw dashboard;
            }
            return dashboard;
          },
          dataSources: fakeDataSources(answers),
          loadAnnotations: async () => {
            if (annotations instanceof Error) {
              throw annotations;
            }
            return annotations;
          },
        },
        { kindTags: DEFAULT_KIND_TAGS, now: at }
      ),
    EVIDENCE_RULES
  );
  target.async(
    'evidenceJob',
    fc.array(
      fc.record({
        key: fc.constantFrom('a', 'b', 'c'),
        live: fc.boolean(),
        now: mostly(fc.integer({ min: EPOCH, max: EPOCH + 5 * 60_000 })),
        refresh: fc.boolean(),
        fails: fc.boolean(),
      }),
      { minLength: 1, maxLength: 30 }
    ),
    async (calls) => {
      evidence.clearEvidenceCache();
      const results: unknown[] = [];
      for (const call of calls) {
        const job = evidenceJob(call.key, call, async (onProgress) => {
          onProgress([{ id: 'q', label: 'Drift panel', dataSource: 'prom', state: 'done' }]);
          if (call.fails) {
            throw new Error('the computation failed');
          }
          return { range: { from: EPOCH, to: EPOCH + HOUR }, window: { from: EPOCH, to: EPOCH + HOUR } } as never;
        });
        results.push(
          await job.result.then(
            (value) => value,
            (error: Error) => error.message
          )
        );
        results.push(job.progress());
      }
      return results;
    }
  );
});
