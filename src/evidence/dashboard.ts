/**
 * The parts of a dashboard's JSON (as `GET /api/dashboards/uid/:uid` returns it) that the evidence of an
 * incident needs: its Driftline panels with their queries, its variables, its annotation queries and its
 * default time range. Anything malformed is skipped, never thrown: a dashboard is user data.
 */

export type DriftlinePanelKind = 'timeline' | 'drift' | 'predictions';

/** The panel types of Driftline's nested panels. */
export const DRIFTLINE_PANEL_TYPES: Record<string, DriftlinePanelKind> = {
  'driftline-timeline-panel': 'timeline',
  'driftline-drift-panel': 'drift',
  'driftline-predictions-panel': 'predictions',
};

/** A data source reference as dashboards store it: `{ uid, type }`, or an old dashboard's name. */
export type DataSourceRef = { uid?: string; type?: string } | string;

/** One query of a panel, as saved: `refId`, the data source, and the data source's own fields. */
export interface SavedQuery {
  refId: string;
  datasource?: DataSourceRef;
  hide?: boolean;
  [field: string]: unknown;
}

export interface DashboardPanel {
  id: number;
  kind: DriftlinePanelKind;
  title: string;
  /** The panel's data source; queries without one of their own use it. */
  datasource?: DataSourceRef;
  targets: SavedQuery[];
  /** The panel's saved options (only the ones set; the analysis fills in the defaults). */
  options: Record<string, unknown>;
  maxDataPoints?: number;
}

export interface DashboardVariable {
  name: string;
  type: string;
  /** The value saved with the dashboard: what it opens with. */
  current: string | string[] | undefined;
  /** The values `All` stands for. */
  allValues: string[];
  allValue?: string;
}

export interface DashboardAnnotationQuery {
  name: string;
  datasource?: DataSourceRef;
  /** Grafana's own annotations ("Annotations & Alerts"). */
  builtIn: boolean;
  /** The annotation query as saved, for the data source to prepare. */
  json: Record<string, unknown>;
}

export interface DashboardModel {
  uid: string;
  title: string;
  panels: DashboardPanel[];
  variables: DashboardVariable[];
  /** The annotation queries of data sources (the demo's change events, a Loki query…). */
  annotations: DashboardAnnotationQuery[];
  /**
   * Whether Grafana's own annotations are shown: its built-in query, which Grafana adds to a dashboard
   * saved without one, unless it was turned off.
   */
  grafanaAnnotations: boolean;
  /** The saved time range, as text (`now-6h`) or epoch ms. */
  time?: { from: string; to: string };
}

const ALL = '$__all';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function dataSourceRef(value: unknown): DataSourceRef | undefined {
  if (typeof value === 'string' && value !== '') {
    return value;
  }
  if (isRecord(value)) {
    const uid = text(value.uid);
    const type = text(value.type);
    return uid || type ? { ...(uid ? { uid } : {}), ...(type ? { type } : {}) } : undefined;
  }
  return undefined;
}

/** Panels in order, with the panels of collapsed rows (kept inside the row) in their place. */
function flattenPanels(panels: unknown[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const panel of panels) {
    if (!isRecord(panel)) {
      continue;
    }
    out.push(panel);
    if (panel.type === 'row' && Array.isArray(panel.panels)) {
      for (const inner of panel.panels) {
        if (isRecord(inner)) {
          out.push(inner);
        }
      }
    }
  }
  return out;
}

function readPanel(panel: Record<string, unknown>): DashboardPanel | undefined {
  const kind = DRIFTLINE_PANEL_TYPES[String(panel.type)];
  const id = Number(panel.id);
  if (!kind || !Number.isFinite(id)) {
    return undefined;
  }
  const targets = (Array.isArray(panel.targets) ? panel.targets : [])
    .filter(isRecord)
    .map((target, index): SavedQuery => ({
      ...target,
      refId: text(target.refId) || String.fromCharCode(65 + (index % 26)),
      datasource: dataSourceRef(target.datasource),
      hide: target.hide === true,
    }));
  const maxDataPoints = Number(panel.maxDataPoints);
  return {
    id,
    kind,
    title: text(panel.title) ?? '',
    datasource: dataSourceRef(panel.datasource),
    targets,
    options: isRecord(panel.options) ? panel.options : {},
    ...(Number.isFinite(maxDataPoints) && maxDataPoints > 0 ? { maxDataPoints } : {}),
  };
}

function values(raw: unknown): string | string[] | undefined {
  if (Array.isArray(raw)) {
    return raw.map((value) => String(value));
  }
  return text(raw);
}

function readVariable(variable: Record<string, unknown>): DashboardVariable | undefined {
  const name = text(variable.name);
  if (!name) {
    return undefined;
  }
  const type = text(variable.type) ?? 'custom';
  const current = isRecord(variable.current) ? values(variable.current.value) : undefined;
  const options = (Array.isArray(variable.options) ? variable.options : [])
    .filter(isRecord)
    .map((option) => text(option.value))
    .filter((value): value is string => value !== undefined && value !== ALL);
  return {
    name,
    type,
    // A constant's value is its query; a text box's, its saved text when nothing else is saved.
    current: current ?? (type === 'constant' || type === 'textbox' ? text(variable.query) : undefined),
    allValues: options,
    ...(text(variable.allValue) ? { allValue: text(variable.allValue) } : {}),
  };
}

function readAnnotationQuery(json: Record<string, unknown>): DashboardAnnotationQuery {
  const datasource = dataSourceRef(json.datasource);
  const grafana =
    typeof datasource === 'string'
      ? datasource === '-- Grafana --' || datasource === 'grafana'
      : datasource?.uid === '-- Grafana --' || datasource?.uid === 'grafana' || datasource?.type === 'grafana';
  return {
    name: text(json.name) ?? 'Annotations',
    datasource,
    builtIn: Boolean(json.builtIn) || grafana,
    json,
  };
}

/** The dashboard's JSON read for the evidence; undefined when it is not a dashboard at all. */
export function readDashboard(json: unknown): DashboardModel | undefined {
  if (!isRecord(json)) {
    return undefined;
  }
  const panels = flattenPanels(Array.isArray(json.panels) ? json.panels : [])
    .map(readPanel)
    .filter((panel): panel is DashboardPanel => panel !== undefined);
  const templating = isRecord(json.templating) && Array.isArray(json.templating.list) ? json.templating.list : [];
  const annotations = isRecord(json.annotations) && Array.isArray(json.annotations.list) ? json.annotations.list : [];
  const queries = annotations.filter(isRecord).map(readAnnotationQuery);
  const time = isRecord(json.time) ? { from: text(json.time.from), to: text(json.time.to) } : undefined;
  return {
    uid: text(json.uid) ?? '',
    title: text(json.title) ?? '',
    panels,
    variables: templating
      .filter(isRecord)
      .map(readVariable)
      .filter((variable): variable is DashboardVariable => variable !== undefined),
    annotations: queries.filter((query) => !query.builtIn && query.json.enable !== false),
    grafanaAnnotations: !queries.some((query) => query.builtIn && query.json.enable === false),
    ...(time?.from && time.to ? { time: { from: time.from, to: time.to } } : {}),
  };
}
