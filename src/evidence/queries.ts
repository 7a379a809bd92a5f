import {
  DataFrame,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  dateTime,
  FieldType,
  isDataFrame,
  rangeUtil,
  TimeRange,
  toDataFrame,
} from '@grafana/data';
import { INCIDENT_END_VARIABLE, INCIDENT_START_VARIABLE } from '../constants';
import { isObservable, lastValueFrom, Observable, timeout, toArray } from 'rxjs';
import { assertTime, assertTimeRange } from '../data/arguments';
import { TimeWindow } from '../findings/changeSequence';
import { DataSourceRef, SavedQuery } from './dashboard';
import { interpolateQuery, scopedVariables, VariableValues } from './variables';

/** The part of a Grafana data source (`DataSourceApi`) the evidence uses. */
export interface EvidenceDataSource {
  name: string;
  uid?: string;
  type?: string;
  query(request: DataQueryRequest): Observable<DataQueryResponse> | Promise<DataQueryResponse>;
  annotations?: {
    prepareAnnotation?: (json: never) => unknown;
    prepareQuery?: (annotation: never) => unknown;
  };
}

/** Grafana's data source service (`getDataSourceSrv()`), reduced to what the evidence uses. */
export interface EvidenceDataSources {
  /** The data source a reference names; undefined for the default one. Rejects when there is none. */
  get(ref?: DataSourceRef): Promise<EvidenceDataSource>;
}

/** A data source that does not answer by then is reported as failed, and the others' evidence is kept. */
export const QUERY_TIMEOUT_MS = 60_000;

export type QueryState = 'waiting' | 'running' | 'done' | 'failed';

/** One request of the evidence (a panel's queries to one data source, or an annotation query) as it runs. */
export interface QueryProgress {
  id: string;
  /** What it is for, in the page's words: "Timeline panel “Signals”", "Annotations “Change events”". */
  label: string;
  dataSource: string;
  state: QueryState;
  frames?: number;
  /** Why it failed, or what it could not answer: "Loki: 502, logs left out". */
  problem?: string;
}

/** A request to make: targets for one data source. */
export interface PlannedQuery {
  id: string;
  label: string;
  ref?: DataSourceRef;
  targets: SavedQuery[];
  /** What the evidence lacks when it fails, for the message ("logs", "the drift ranking"). */
  leftOut?: string;
  panelId?: number;
  maxDataPoints?: number;
}

export interface QueryContext {
  range: TimeWindow;
  variables: VariableValues;
  incident: { start: number; end?: number };
  dashboardUID?: string;
  now: number;
}

export interface QueryResult {
  frames: DataFrame[];
  /** Set when the data source failed for some or all targets. */
  problem?: string;
  failed: boolean;
}

const MIXED = '-- Mixed --';

/** A data source reference with variables in it (`${ds}`) filled in. */
export function resolveRef(ref: DataSourceRef | undefined, variables: VariableValues): DataSourceRef | undefined {
  return ref === undefined ? undefined : interpolateQuery(ref, variables);
}

/** A stable key for the data source a reference names, to group a panel's targets by it. */
export function refKey(ref: DataSourceRef | undefined): string {
  if (ref === undefined) {
    return 'default';
  }
  return typeof ref === 'string' ? ref : (ref.uid ?? ref.type ?? 'default');
}

/** The targets of a panel grouped by their data source (a mixed panel's targets each name their own). */
export function groupByDataSource(
  panelRef: DataSourceRef | undefined,
  targets: readonly SavedQuery[],
  variables: VariableValues
): Array<{ ref?: DataSourceRef; targets: SavedQuery[] }> {
  const panelIsMixed = typeof panelRef === 'object' && panelRef.uid === MIXED;
  const groups = new Map<string, { ref?: DataSourceRef; targets: SavedQuery[] }>();
  for (const target of targets) {
    if (target.hide) {
      continue;
    }
    const ref = resolveRef(target.datasource ?? (panelIsMixed ? undefined : panelRef), variables);
    const key = refKey(ref);
    const group = groups.get(key) ?? { ref, targets: [] };
    group.targets.push(target);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** What a failing data source of this type takes out of a timeline: its signal. */
export function signalOf(dataSourceType: string | undefined): string | undefined {
  const type = (dataSourceType ?? '').toLowerCase();
  if (/loki|elasticsearch|opensearch|logs/.test(type)) {
    return 'logs';
  }
  if (/tempo|jaeger|zipkin|trace/.test(type)) {
    return 'traces';
  }
  if (/prometheus|mimir|cortex|thanos|graphite|influx|metrics/.test(type)) {
    return 'metrics';
  }
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/** Any thrown value as text: an object without `toString` (a parsed error body) too. */
function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? 'an unknown error';
    } catch {
      return 'an unknown error';
    }
  }
}

function messageOf(error: unknown): string {
  const data = (error as { data?: { message?: unknown; error?: unknown } } | undefined)?.data;
  const message = data?.message ?? data?.error ?? (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message.trim() !== '' ? message.trim() : textOf(error);
}

/** "Loki: 502, logs left out": the data source, the HTTP status (or its message), and what the evidence lacks. */
export function describeFailure(dataSource: string, error: unknown, leftOut: string): string {
  const status = statusOf(error);
  return `${dataSource}: ${status ?? messageOf(error)}, ${leftOut} left out`;
}

function toFrames(data: unknown[] | undefined): DataFrame[] {
  return (data ?? []).map((item) => (isDataFrame(item) ? item : toDataFrame(item)));
}

/** Every answer of a data source's `query()`, merged: the last data, all errors. */
async function answer(result: Observable<DataQueryResponse> | Promise<DataQueryResponse>): Promise<DataQueryResponse> {
  if (!isObservable(result)) {
    return result;
  }
  const responses = await lastValueFrom(result.pipe(timeout(QUERY_TIMEOUT_MS), toArray()));
  const last = responses[responses.length - 1] ?? { data: [] };
  const errors = responses.flatMap((response) => response.errors ?? []);
  return { ...last, errors };
}

function timeRangeOf(range: TimeWindow): TimeRange {
  const from = dateTime(range.from);
  const to = dateTime(range.to);
  return { from, to, raw: { from, to } };
}

let requestCounter = 0;

/**
 * The request Grafana's query runner would send for these targets over the range, variables filled in.
 * @throws DriftInputError when the range, the incident's times or now are not epoch ms.
 */
export function buildRequest(
  planned: PlannedQuery,
  dataSourceType: string | undefined,
  context: QueryContext
): DataQueryRequest {
  assertTimeRange(context.range, 'query range', true);
  assertTime(context.now, 'current time');
  assertTime(context.incident.start, 'incident start');
  if (context.incident.end !== undefined) {
    assertTime(context.incident.end, 'incident end');
  }
  const range = timeRangeOf(context.range);
  const asked = planned.maxDataPoints;
  const maxDataPoints = asked !== undefined && asked >= 1 && Number.isFinite(asked) ? Math.round(asked) : 1000;
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints);
  const incidentVariables = {
    [INCIDENT_START_VARIABLE]: { text: String(context.incident.start), value: context.incident.start },
    ...(context.incident.end !== undefined
      ? { [INCIDENT_END_VARIABLE]: { text: String(context.incident.end), value: context.incident.end } }
      : {}),
  };
  requestCounter += 1;
  return {
    requestId: `driftline-evidence-${requestCounter}`,
    app: 'driftline-workbench',
    interval,
    intervalMs,
    maxDataPoints,
    range,
    rangeRaw: range.raw,
    scopedVars: {
      ...scopedVariables(context.variables),
      __interval: { text: interval, value: interval },
      __interval_ms: { text: String(intervalMs), value: intervalMs },
      ...incidentVariables,
    },
    targets: planned.targets.map((target) => {
      const ref = resolveRef(target.datasource, context.variables);
      return {
        ...interpolateQuery(target, context.variables, dataSourceType),
        datasource: typeof ref === 'object' ? ref : undefined,
      };
    }),
    timezone: 'utc',
    startTime: context.now,
    ...(context.dashboardUID ? { dashboardUID: context.dashboardUID } : {}),
    ...(planned.panelId !== undefined ? { panelId: planned.panelId } : {}),
  };
}

function describeErrors(errors: readonly DataQueryError[]): string {
  return errors.map((error) => (error.status ? String(error.status) : (error.message ?? 'error'))).join('; ');
}

/**
 * Runs one planned request through the data source service. A failure never throws: it comes back as the
 * problem to show, so the other data sources' evidence stays.
 */
export async function runQuery(
  planned: PlannedQuery,
  dataSources: EvidenceDataSources,
  context: QueryContext
): Promise<QueryResult & { dataSource: string }> {
  let dataSource: EvidenceDataSource;
  try {
    dataSource = await dataSources.get(planned.ref);
  } catch (error) {
    const name = refKey(planned.ref);
    return {
      dataSource: name,
      frames: [],
      failed: true,
      problem: `${name}: not found (${messageOf(error)}), ${planned.leftOut ?? 'its queries'} left out`,
    };
  }
  const leftOut = planned.leftOut ?? signalOf(dataSource.type) ?? 'its queries';
  try {
    const response = await answer(dataSource.query(buildRequest(planned, dataSource.type, context)));
    const frames = toFrames(response.data);
    const errors = response.errors ?? [];
    if (errors.length === 0) {
      return { dataSource: dataSource.name, frames, failed: false };
    }
    const failed = frames.length === 0;
    return {
      dataSource: dataSource.name,
      frames,
      failed,
      problem: failed
        ? `${dataSource.name}: ${describeErrors(errors)}, ${leftOut} left out`
        : `${dataSource.name}: ${describeErrors(errors)} for some queries`,
    };
  } catch (error) {
    const timedOut = (error as { name?: string } | undefined)?.name === 'TimeoutError';
    return {
      dataSource: dataSource.name,
      frames: [],
      failed: true,
      problem: timedOut
        ? `${dataSource.name}: no answer within ${QUERY_TIMEOUT_MS / 1000} s, ${leftOut} left out`
        : describeFailure(dataSource.name, error, leftOut),
    };
  }
}

/** The latest time in any time field of the frames, or undefined without one. */
export function latestTime(frames: readonly DataFrame[]): number | undefined {
  let latest: number | undefined;
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.time) {
        continue;
      }
      for (let row = 0; row < field.values.length; row++) {
        const value = Number(field.values[row]);
        if (Number.isFinite(value) && (latest === undefined || value > latest)) {
          latest = value;
        }
      }
    }
  }
  return latest;
}
