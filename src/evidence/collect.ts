import { DataFrame } from '@grafana/data';
import { FeatureDrift } from '../analysis';
import { AnnotationEvent, annotationEvents, KindTags, readAnnotations, StoredAnnotation } from '../data/annotations';
import { toBaselineMode } from '../data/driftInput';
import { Steps } from '../data/steps';
import { baselineModeWindows } from '../data/windows';
import { TimelineStep, TimeWindow } from '../findings/changeSequence';
import { driftAnalysisOptions, driftProblemOf, driftSteps, shownDrift } from '../findings/drift';
import {
  defaultPredictionsAnalysisOptions,
  overlayFromBase,
  PredictionsAnalysisOptions,
  prepareOverlay,
  readScoreInput,
  ScoreDrift,
} from '../findings/predictions';
import { runInSlices } from '../findings/slices';
import {
  analysedLanes,
  defaultTimelineAnalysisOptions,
  TimelineAnalysisOptions,
  timelineLanesSteps,
  timelineSteps,
} from '../findings/timeline';
import { EvidenceItem } from '../rca/worksheet';
import {
  DashboardAnnotationQuery,
  DashboardModel,
  DashboardPanel,
  DriftlinePanelKind,
  readDashboard,
} from './dashboard';
import { changeItems, driftItems, predictionItem, sequenceItems } from './items';
import {
  EvidenceDataSources,
  groupByDataSource,
  latestTime,
  PlannedQuery,
  QueryContext,
  QueryProgress,
  QueryResult,
  refKey,
  runQuery,
} from './queries';
import { analysisRange, DEFAULT_SPAN_MS, incidentWindow, isUsableSpan, rangeWithData, spanOf } from './range';
import { incidentVariables, VariableValues } from './variables';

/** The incident as the evidence needs it, with what was stored when it was declared from a panel. */
export interface EvidenceIncident {
  id: string;
  start: number;
  end?: number;
  dashboardUID: string;
  panelId?: number;
  /** The dashboard's variables when the incident was declared or first investigated from a panel. */
  variables?: VariableValues;
  /** The dashboard's time range then, epoch ms: its length is the span the incident is looked at over. */
  range?: TimeWindow;
}

/** The I/O of the evidence: Grafana's dashboards, data sources and annotations. */
export interface EvidenceServices {
  /** The dashboard JSON (`GET /api/dashboards/uid/:uid`'s `dashboard`). */
  loadDashboard(uid: string): Promise<unknown>;
  dataSources: EvidenceDataSources;
  /** Grafana's own annotations of a dashboard (or of the organisation) over a range. */
  loadAnnotations(query: { dashboardUID?: string; from: number; to: number }): Promise<StoredAnnotation[]>;
}

export interface EvidenceOptions {
  kindTags: KindTags;
  now: number;
  /** Called whenever a query starts, ends or fails. */
  onProgress?: (queries: QueryProgress[]) => void;
}

export type EvidenceProblem =
  | { kind: 'no-dashboard'; message: string }
  | { kind: 'dashboard-unreadable'; message: string }
  | { kind: 'no-driftline-panels'; message: string; link: string };

/** What one Driftline panel of the dashboard gave, or why it gave nothing. */
export interface PanelFinding {
  panelId: number;
  title: string;
  problem?: string;
}

export interface EvidenceSections {
  /** What changed first: the timeline's changes and onsets in time order. */
  sequence: EvidenceItem[];
  /** The change annotations around the incident. */
  changes: EvidenceItem[];
  /** The top of the drift ranking. */
  drift: EvidenceItem[];
  /** The predictions panel's verdict. */
  predictions: EvidenceItem[];
}

export interface IncidentEvidence {
  dashboard?: { uid: string; title: string };
  problem?: EvidenceProblem;
  range: TimeWindow;
  window: TimeWindow;
  variables: VariableValues;
  queries: QueryProgress[];
  /** Every annotation around the incident: Grafana's and the dashboard's annotation queries'. */
  events: AnnotationEvent[];
  timeline?: PanelFinding & { steps: TimelineStep[] };
  drift?: PanelFinding & { features: FeatureDrift[] };
  predictions?: PanelFinding & { field?: string; drift?: ScoreDrift; current?: TimeWindow };
  sections: EvidenceSections;
}

const PANEL_LABEL: Record<DriftlinePanelKind, string> = {
  timeline: 'Timeline panel',
  drift: 'Drift panel',
  predictions: 'Predictions panel',
};

/** What the evidence lacks when a panel's data source fails (the timeline's: the signal, by data source). */
const LEFT_OUT: Record<DriftlinePanelKind, string | undefined> = {
  timeline: undefined,
  drift: 'the drift ranking',
  predictions: 'the prediction shift',
};

const SLICE_MS = 16;

function runSliced<T>(steps: Steps<T>): Promise<T> {
  return new Promise((resolve, reject) => runInSlices(steps, { budgetMs: SLICE_MS, onDone: resolve, onError: reject }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The panel of a kind the evidence reads: the incident's own panel when it is of that kind, else the first. */
function panelOf(dashboard: DashboardModel, kind: DriftlinePanelKind, incidentPanelId?: number) {
  const panels = dashboard.panels.filter((panel) => panel.kind === kind);
  return panels.find((panel) => panel.id === incidentPanelId) ?? panels[0];
}

function panelQueries(panel: DashboardPanel, variables: VariableValues): PlannedQuery[] {
  return groupByDataSource(panel.datasource, panel.targets, variables).map((group) => ({
    id: `${panel.id}:${refKey(group.ref)}`,
    label: `${PANEL_LABEL[panel.kind]} “${panel.title || panel.id}”`,
    ref: group.ref,
    targets: group.targets,
    leftOut: LEFT_OUT[panel.kind],
    panelId: panel.id,
    maxDataPoints: panel.maxDataPoints,
  }));
}

/** An annotation query as a data source prepares it (as Grafana's annotation runner does). */
function annotationQuery(query: DashboardAnnotationQuery, index: number): PlannedQuery {
  return {
    id: `annotations:${index}`,
    label: `Annotations “${query.name}”`,
    ref: query.datasource,
    targets: [],
    leftOut: `the annotations of “${query.name}”`,
  };
}

const GRAFANA_ANNOTATIONS_ID = 'annotations:grafana';

class Progress {
  readonly queries: QueryProgress[] = [];
  constructor(private readonly onProgress?: (queries: QueryProgress[]) => void) {}
  add(id: string, label: string, dataSource: string) {
    this.queries.push({ id, label, dataSource, state: 'waiting' });
  }
  set(id: string, change: Partial<QueryProgress>) {
    const index = this.queries.findIndex((query) => query.id === id);
    if (index >= 0) {
      this.queries[index] = { ...this.queries[index], ...change };
      this.onProgress?.(this.queries.map((query) => ({ ...query })));
    }
  }
}

/**
 * The evidence of an incident, from its dashboard: the dashboard read through Grafana's API, its Driftline
 * panels' queries run over the incident's analysis range through the data source service with the variables
 * as they were when it was declared, and the panels' own analyses run on what came back. A data source that
 * fails leaves the others' evidence in place and says what it took out ("Loki: 502, logs left out").
 */
export async function collectEvidence(
  incident: EvidenceIncident,
  services: EvidenceServices,
  options: EvidenceOptions
): Promise<IncidentEvidence> {
  const { now, kindTags } = options;
  const progress = new Progress(options.onProgress);
  const empty: EvidenceSections = { sequence: [], changes: [], drift: [], predictions: [] };

  let dashboard: DashboardModel | undefined;
  let problem: EvidenceProblem | undefined;
  if (!incident.dashboardUID) {
    problem = {
      kind: 'no-dashboard',
      message:
        'This incident is not on a dashboard, so there are no panels to find what changed first from. Declare incidents on the dashboard whose Driftline panels show the service.',
    };
  } else {
    try {
      dashboard = readDashboard(await services.loadDashboard(incident.dashboardUID));
      if (!dashboard) {
        problem = {
          kind: 'dashboard-unreadable',
          message: `Dashboard ${incident.dashboardUID} could not be read as a dashboard.`,
        };
      }
    } catch (error) {
      problem = {
        kind: 'dashboard-unreadable',
        message: `Dashboard ${incident.dashboardUID} could not be read: ${messageOf(error)}`,
      };
    }
  }

  const variables = incidentVariables(dashboard?.variables ?? [], incident.variables);
  const stored = incident.range ? incident.range.to - incident.range.from : undefined;
  const saved = spanOf(dashboard?.time, now);
  const span = isUsableSpan(stored) ? stored : isUsableSpan(saved) ? saved : DEFAULT_SPAN_MS;
  const requested = analysisRange(incident, span, now);
  const context: QueryContext = {
    range: requested,
    variables,
    incident: { start: incident.start, end: incident.end },
    dashboardUID: incident.dashboardUID || undefined,
    now,
  };

  const panels = dashboard
    ? {
        timeline: panelOf(dashboard, 'timeline', incident.panelId),
        drift: panelOf(dashboard, 'drift', incident.panelId),
        predictions: panelOf(dashboard, 'predictions', incident.panelId),
      }
    : {};
  if (dashboard && !panels.timeline && !panels.drift && !panels.predictions) {
    problem = {
      kind: 'no-driftline-panels',
      message: `Dashboard “${dashboard.title || dashboard.uid}” has no Driftline panel, so there is nothing to find what changed first from. Add a Driftline timeline (and drift or predictions) panel on the queries that show the service, then open this workbench again.`,
      link: `/d/${encodeURIComponent(dashboard.uid || incident.dashboardUID)}`,
    };
  }

  // Every request, listed before any runs, so the page shows them all waiting.
  const planned = new Map<DriftlinePanelKind, PlannedQuery[]>();
  for (const kind of ['timeline', 'drift', 'predictions'] as const) {
    const panel = panels[kind];
    if (panel) {
      planned.set(kind, panelQueries(panel, variables));
    }
  }
  const builtIn = dashboard?.grafanaAnnotations ?? true;
  const sourced = dashboard?.annotations ?? [];
  if (builtIn) {
    progress.add(GRAFANA_ANNOTATIONS_ID, 'Annotations “Annotations & Alerts”', 'Grafana');
  }
  sourced.forEach((query, index) =>
    progress.add(`annotations:${index}`, `Annotations “${query.name}”`, refKey(query.datasource))
  );
  for (const queries of planned.values()) {
    queries.forEach((query) => progress.add(query.id, query.label, refKey(query.ref)));
  }

  // Panels that ask a data source the same thing (the drift and predictions panels often do) share one request.
  const shared = new Map<string, Promise<QueryResult & { dataSource: string }>>();
  const run = (query: PlannedQuery) => {
    const key = JSON.stringify([refKey(query.ref), query.targets.map(({ refId, ...rest }) => rest)]);
    let result = shared.get(key);
    if (!result) {
      result = runQuery(query, services.dataSources, context);
      shared.set(key, result);
    }
    progress.set(query.id, { state: 'running' });
    return result.then((answer) => {
      progress.set(query.id, {
        state: answer.failed ? 'failed' : 'done',
        dataSource: answer.dataSource,
        frames: answer.frames.length,
        ...(answer.problem ? { problem: answer.problem } : {}),
      });
      return answer;
    });
  };

  const grafanaEvents = builtIn
    ? (async () => {
        progress.set(GRAFANA_ANNOTATIONS_ID, { state: 'running' });
        try {
          const annotations = await services.loadAnnotations({
            dashboardUID: incident.dashboardUID || undefined,
            from: requested.from,
            to: requested.to,
          });
          progress.set(GRAFANA_ANNOTATIONS_ID, { state: 'done', frames: 1 });
          return annotationEvents(annotations, kindTags);
        } catch (error) {
          progress.set(GRAFANA_ANNOTATIONS_ID, {
            state: 'failed',
            problem: `Grafana: ${messageOf(error)}, its annotations left out`,
          });
          return [];
        }
      })()
    : Promise.resolve([] as AnnotationEvent[]);

  const sourcedEvents = sourced.map(async (query, index) => {
    const id = `annotations:${index}`;
    progress.set(id, { state: 'running' });
    const { events, problem: failure } = await runAnnotationQuery(query, index, services, context, kindTags);
    progress.set(id, { state: failure ? 'failed' : 'done', ...(failure ? { problem: failure } : {}) });
    return events;
  });

  const answers = new Map<DriftlinePanelKind, Promise<Array<QueryResult & { dataSource: string }>>>();
  for (const [kind, queries] of planned) {
    answers.set(kind, Promise.all(queries.map(run)));
  }

  const events = [...(await grafanaEvents), ...(await Promise.all(sourcedEvents)).flat()].sort(
    (a, b) => a.time - b.time
  );
  const results = new Map<DriftlinePanelKind, Array<QueryResult & { dataSource: string }>>();
  for (const [kind, pending] of answers) {
    results.set(kind, await pending);
  }
  const allFrames = [...results.values()].flat().flatMap((result) => result.frames);
  const range = rangeWithData(requested, latestTime(allFrames), now);
  const window = incidentWindow(incident, range);
  const place = { dashboardUID: incident.dashboardUID, range };

  const framesOf = (kind: DriftlinePanelKind) => (results.get(kind) ?? []).flatMap((result) => result.frames);
  const failuresOf = (kind: DriftlinePanelKind) =>
    (results.get(kind) ?? []).filter((result) => result.failed).map((result) => result.problem ?? '');

  const timeline = panels.timeline
    ? await timelineFinding(
        panels.timeline,
        framesOf('timeline'),
        failuresOf('timeline'),
        events,
        range,
        window,
        incident.start
      )
    : undefined;
  const drift = panels.drift
    ? await driftFinding(panels.drift, framesOf('drift'), failuresOf('drift'), range)
    : undefined;
  const predictions = panels.predictions
    ? predictionsFinding(panels.predictions, framesOf('predictions'), failuresOf('predictions'), events, range, now)
    : undefined;

  const steps = timeline?.steps ?? [];
  return {
    ...(dashboard ? { dashboard: { uid: dashboard.uid || incident.dashboardUID, title: dashboard.title } } : {}),
    ...(problem ? { problem } : {}),
    range,
    window,
    variables,
    queries: progress.queries,
    events,
    ...(timeline ? { timeline } : {}),
    ...(drift ? { drift } : {}),
    ...(predictions ? { predictions } : {}),
    sections: {
      ...empty,
      sequence: timeline ? sequenceItems(steps, timeline.panelId, place) : [],
      changes: changeItems(events, steps, incident),
      drift: drift ? driftItems(drift.features, drift.panelId, { ...place, window }) : [],
      predictions:
        predictions?.drift && predictions.field && predictions.current
          ? [predictionItem(predictions.field, predictions.drift, predictions.current, predictions.panelId, place)]
          : [],
    },
  };
}

async function runAnnotationQuery(
  query: DashboardAnnotationQuery,
  index: number,
  services: EvidenceServices,
  context: QueryContext,
  kindTags: KindTags
): Promise<{ events: AnnotationEvent[]; problem?: string }> {
  let target: unknown;
  try {
    const dataSource = await services.dataSources.get(query.datasource);
    const support = dataSource.annotations;
    const prepared = support?.prepareAnnotation ? support.prepareAnnotation(query.json as never) : query.json;
    target = support?.prepareQuery
      ? support.prepareQuery(prepared as never)
      : (prepared as { target?: unknown }).target;
  } catch {
    target = undefined;
  }
  if (!target || typeof target !== 'object') {
    return { events: [] };
  }
  const planned: PlannedQuery = {
    ...annotationQuery(query, index),
    targets: [{ refId: 'Anno', ...(target as object) } as PlannedQuery['targets'][number]],
  };
  const answer = await runQuery(planned, services.dataSources, context);
  // Kept apart from Grafana's own annotation ids, which they may repeat.
  const events = readAnnotations(answer.frames, kindTags).map((event) => ({
    ...event,
    id: `${query.name}:${event.id}`,
  }));
  return { events, ...(answer.failed ? { problem: answer.problem } : {}) };
}

function withDefaults<T extends object>(defaults: T, saved: Record<string, unknown>): T {
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const key of Object.keys(defaults)) {
    if (saved[key] !== undefined && saved[key] !== null) {
      merged[key] = saved[key];
    }
  }
  return merged as T;
}

function noData(panel: DashboardPanel, failures: string[]): PanelFinding {
  return {
    panelId: panel.id,
    title: panel.title,
    problem: failures.length > 0 ? failures.join(' · ') : `${PANEL_LABEL[panel.kind]} “${panel.title}” has no queries.`,
  };
}

async function timelineFinding(
  panel: DashboardPanel,
  frames: DataFrame[],
  failures: string[],
  events: AnnotationEvent[],
  range: TimeWindow,
  window: TimeWindow,
  incidentStart: number
): Promise<PanelFinding & { steps: TimelineStep[] }> {
  if (frames.length === 0) {
    return { ...noData(panel, failures), steps: [] };
  }
  const options = withDefaults<TimelineAnalysisOptions>(defaultTimelineAnalysisOptions, panel.options);
  try {
    // The lanes as the panel analyses them: a lane of millions of points as time-bucket means.
    const { analysed } = await runSliced(timelineLanesSteps(frames, range, options));
    const lanes = analysedLanes(analysed, options.maxLanes);
    const analysis = await runSliced(timelineSteps(lanes, events, range, window, incidentStart));
    return { panelId: panel.id, title: panel.title, steps: analysis.steps };
  } catch (error) {
    // Frames or ranges the analysis cannot use are the panel's problem to show; anything else is a bug.
    return { panelId: panel.id, title: panel.title, problem: driftProblemOf(error).message, steps: [] };
  }
}

async function driftFinding(
  panel: DashboardPanel,
  frames: DataFrame[],
  failures: string[],
  range: TimeWindow
): Promise<PanelFinding & { features: FeatureDrift[] }> {
  if (frames.length === 0) {
    return { ...noData(panel, failures), features: [] };
  }
  try {
    const state = await runSliced(driftSteps(frames, range, driftAnalysisOptions(panel.options)));
    if (state.status === 'ready') {
      return { panelId: panel.id, title: panel.title, features: shownDrift(state).features };
    }
    return {
      panelId: panel.id,
      title: panel.title,
      problem: state.status === 'problem' ? state.problem.message : 'The drift was not computed.',
      features: [],
    };
  } catch (error) {
    return { panelId: panel.id, title: panel.title, problem: driftProblemOf(error).message, features: [] };
  }
}

function predictionsFinding(
  panel: DashboardPanel,
  frames: DataFrame[],
  failures: string[],
  events: AnnotationEvent[],
  range: TimeWindow,
  now: number
): PanelFinding & { field?: string; drift?: ScoreDrift; current?: TimeWindow } {
  if (frames.length === 0) {
    return noData(panel, failures);
  }
  const options = withDefaults<PredictionsAnalysisOptions>(defaultPredictionsAnalysisOptions, panel.options);
  try {
    const input = readScoreInput(frames, options);
    const incidents = events.filter((event) => event.kind === 'incident');
    const windows = baselineModeWindows(range, incidents, now, toBaselineMode(options));
    const overlay = overlayFromBase(prepareOverlay(input, windows), options);
    return {
      panelId: panel.id,
      title: panel.title,
      field: overlay.field,
      drift: overlay.drift,
      current: windows.current,
    };
  } catch (error) {
    return { panelId: panel.id, title: panel.title, problem: driftProblemOf(error).message };
  }
}
