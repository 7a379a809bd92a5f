import {
  type AnnotationQuery,
  type AnnotationSupport,
  type CoreApp,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  FieldType,
  LoadingState,
  type TestDataSourceResponse,
} from '@grafana/data';
import { defer, type Observable, of } from 'rxjs';
import { INCIDENT_START_VARIABLE } from '../../constants';
import { framesForRange, getScenario, getScenarioSignal, scenarioNowForIncident } from '../../demo';
import { DEMO_SIGNALS, type DemoScenario, SCENARIO_IDS, type ScenarioId, type TimeWindow } from '../../demo/types';
import { AnnotationQueryEditor } from './QueryEditor';
import { DEFAULT_QUERY, DEFAULT_SCENARIO, DEFAULT_SIGNAL, type DemoQuery } from './types';

/** The refId Grafana's annotation runner expects when a stored annotation has none. */
const ANNOTATION_REF_ID = 'Anno';

/**
 * Builds the annotation target from whatever a dashboard stored: the standard `{ target: {...} }` shape, or a
 * hand-written `{ scenario }` at the top level. The signal is always `annotations`: an annotation query that
 * asked for metrics would give Grafana frames it cannot turn into events.
 */
export function toAnnotationQuery(json: Partial<AnnotationQuery<DemoQuery>> & { scenario?: ScenarioId }) {
  const stored: Partial<DemoQuery> = json.target ?? {};
  const target: DemoQuery = {
    ...stored,
    refId: stored.refId || ANNOTATION_REF_ID,
    scenario: stored.scenario ?? json.scenario ?? DEFAULT_SCENARIO,
    signal: 'annotations',
  };
  return { ...json, target } as AnnotationQuery<DemoQuery>;
}

/**
 * Annotations that overlap the range, as Grafana's own annotation API returns them: a region that began before
 * `from` but is still open inside the range must stay, or the incident band vanishes when someone zooms in.
 * (`framesForRange` slices by start time only, which is right for samples but not for regions.)
 */
export function annotationsOverlapping(frame: DataFrame, range: TimeWindow): DataFrame {
  const start =
    frame.fields.find((field) => field.name === 'time') ?? frame.fields.find((f) => f.type === FieldType.time);
  if (!start) {
    return frame;
  }
  const end = frame.fields.find((field) => field.name === 'timeEnd');
  const kept: number[] = [];
  for (let row = 0; row < frame.length; row++) {
    const from: number = start.values[row];
    const to: number = Math.max(from, Number(end?.values[row]) || from);
    if (from <= range.to && to >= range.from) {
      kept.push(row);
    }
  }
  return {
    ...frame,
    length: kept.length,
    fields: frame.fields.map((field) => ({ ...field, values: kept.map((row) => field.values[row]) })),
  };
}

/**
 * Generating a scenario costs tens of milliseconds, and a dashboard asks for several signals of the same
 * scenario at once. Scenarios floor `now` to their step, so two calls within the same step give identical
 * data: keep the last one per scenario and reuse it until the step changes.
 */
class ScenarioCache {
  private readonly byId = new Map<ScenarioId, { step: number; scenario: DemoScenario }>();

  get(id: ScenarioId, now: number): DemoScenario {
    const cached = this.byId.get(id);
    if (cached && Math.floor(now / cached.scenario.stepMs) === cached.step) {
      return cached.scenario;
    }
    const scenario = getScenario(id, { now });
    this.byId.set(id, { step: Math.floor(now / scenario.stepMs), scenario });
    return scenario;
  }
}

export class DemoDataSource extends DataSourceApi<DemoQuery> {
  private readonly scenarios = new ScenarioCache();

  /** Grafana merges these into its standard support: it runs `query()` and maps time/timeEnd/text/tags. */
  annotations: AnnotationSupport<DemoQuery> = {
    prepareAnnotation: (json) => toAnnotationQuery(json),
    prepareQuery: (anno) => toAnnotationQuery(anno).target,
    getDefaultQuery: () => ({ scenario: DEFAULT_SCENARIO, signal: 'annotations' }),
    QueryEditor: AnnotationQueryEditor,
  };

  constructor(instanceSettings: DataSourceInstanceSettings) {
    super(instanceSettings);
  }

  getDefaultQuery(_app: CoreApp): Partial<DemoQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: DemoQuery): boolean {
    return !query.hide;
  }

  query(request: DataQueryRequest<DemoQuery>): Observable<DataQueryResponse> {
    // defer: anything the generator throws reaches the panel as a query error instead of escaping Grafana.
    return defer(() => of(this.runTargets(request)));
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    return {
      status: 'success',
      message: `Driftline demo is ready: ${SCENARIO_IDS.length} scenarios (${SCENARIO_IDS.join(', ')}), generated in the browser.`,
    };
  }

  private runTargets(request: DataQueryRequest<DemoQuery>): DataQueryResponse {
    const anchor: unknown = request.scopedVars?.[INCIDENT_START_VARIABLE]?.value;
    const incidentStart = typeof anchor === 'number' || typeof anchor === 'string' ? Number(anchor) : NaN;
    // A query about an incident (the workbench's evidence) gets the scenario whose incident starts with it.
    const nowFor = (scenarioId: ScenarioId) =>
      Number.isFinite(incidentStart) ? scenarioNowForIncident(scenarioId, incidentStart) : Date.now();
    const range: TimeWindow = { from: request.range.from.valueOf(), to: request.range.to.valueOf() };
    const data: DataFrame[] = [];
    const errors: DataQueryError[] = [];

    for (const target of request.targets) {
      if (target.hide) {
        continue;
      }
      const scenarioId = target.scenario ?? DEFAULT_SCENARIO;
      const signal = target.signal ?? DEFAULT_SIGNAL;
      if (!SCENARIO_IDS.includes(scenarioId)) {
        errors.push({
          refId: target.refId,
          message: `Unknown demo scenario "${scenarioId}". Choose one of: ${SCENARIO_IDS.join(', ')}.`,
        });
        continue;
      }
      if (!DEMO_SIGNALS.includes(signal)) {
        errors.push({
          refId: target.refId,
          message: `Unknown demo signal "${signal}". Choose one of: ${DEMO_SIGNALS.join(', ')}.`,
        });
        continue;
      }
      const frames = getScenarioSignal(this.scenarios.get(scenarioId, nowFor(scenarioId)), signal);
      const inRange =
        signal === 'annotations'
          ? frames.map((frame) => annotationsOverlapping(frame, range))
          : framesForRange(frames, range);
      for (const frame of inRange) {
        data.push({ ...frame, refId: target.refId });
      }
    }

    // Done even with errors: the targets that worked still draw, and Grafana shows the errors per refId.
    return { data, errors: errors.length > 0 ? errors : undefined, state: LoadingState.Done };
  }
}
