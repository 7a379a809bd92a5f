import { Worksheet } from './worksheet';

/**
 * The published post-mortem: a Grafana dashboard with the write-up as a text panel and the three Driftline
 * panels locked to the incident window, carrying the worksheet so every viewer (and the workbench) finds it.
 */

export const DRIFTLINE_PANEL_TYPES = [
  'driftline-timeline-panel',
  'driftline-drift-panel',
  'driftline-predictions-panel',
] as const;
export type DriftlinePanelType = (typeof DRIFTLINE_PANEL_TYPES)[number];

export const DEMO_DATASOURCE = { type: 'driftline-demo-datasource', uid: 'driftline-demo' };

/** Tags that find the RCA dashboards of Driftline with `/api/search?tag=…`. */
export const RCA_TAG = 'driftline-rca';
export const RCA_DRAFT_TAG = 'driftline-rca-draft';
export const RCA_PUBLISHED_TAG = 'driftline-rca-published';
export const INCIDENT_TAG_PREFIX = 'driftline-incident:';

/** A panel of the incident's original dashboard, as `GET /api/dashboards/uid/:uid` returns it. */
export interface SourcePanel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: unknown;
  targets?: unknown[];
  options?: Record<string, unknown>;
  fieldConfig?: unknown;
}

export interface PostmortemDashboardOptions {
  /** The post-mortem Markdown (see exportMarkdown). */
  markdown: string;
  /** Panels of the incident's dashboard; their targets are copied into the matching Driftline panels. */
  sourcePanels?: SourcePanel[];
  /** Demo scenario whose queries the panels use when the source dashboard has no such panel. */
  scenario?: string;
  /** Padding around the incident window, ms; default: a quarter of the window, at least 15 minutes. */
  paddingMs?: number;
  /** Used as the end of an ongoing incident. */
  now: number;
  /** Draft dashboards carry the worksheet only, with a note instead of the panels. */
  draft?: boolean;
}

/** A dashboard uid for an incident's RCA: stable, so drafts and publishing overwrite the same dashboard. */
export function rcaDashboardUid(incidentId: string): string {
  const safe = incidentId.replace(/[^A-Za-z0-9_-]/g, '-');
  return `dl-rca-${safe}`.slice(0, 40);
}

const SIGNALS: Record<DriftlinePanelType, string[]> = {
  'driftline-timeline-panel': ['metrics', 'logs', 'traces'],
  'driftline-drift-panel': ['samples'],
  'driftline-predictions-panel': ['samples'],
};

const TITLES: Record<DriftlinePanelType, string> = {
  'driftline-timeline-panel': 'What changed first',
  'driftline-drift-panel': 'Drift',
  'driftline-predictions-panel': 'Predictions',
};

function panelFor(type: DriftlinePanelType, id: number, y: number, options: PostmortemDashboardOptions) {
  const source = options.sourcePanels?.find((panel) => panel.type === type && Array.isArray(panel.targets));
  const targets =
    source?.targets ??
    SIGNALS[type].map((signal, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DEMO_DATASOURCE,
      scenario: options.scenario ?? 'latency-gc',
      signal,
    }));
  const wide = type === 'driftline-timeline-panel';
  return {
    id,
    type,
    title: source?.title ?? TITLES[type],
    gridPos: { h: wide ? 12 : 10, w: wide ? 24 : 12, x: !wide && type === 'driftline-predictions-panel' ? 12 : 0, y },
    ...(source?.datasource ? { datasource: source.datasource } : source ? {} : { datasource: DEMO_DATASOURCE }),
    targets: JSON.parse(JSON.stringify(targets)),
    ...(source?.options ? { options: JSON.parse(JSON.stringify(source.options)) } : {}),
    ...(source?.fieldConfig ? { fieldConfig: JSON.parse(JSON.stringify(source.fieldConfig)) } : {}),
  };
}

/** The incident window with padding, as the dashboard's fixed time range. */
export function paddedWindow(worksheet: Worksheet, options: Pick<PostmortemDashboardOptions, 'paddingMs' | 'now'>) {
  const start = worksheet.incident.start;
  const end = worksheet.incident.end ?? Math.max(options.now, start + 60_000);
  const padding = options.paddingMs ?? Math.max(15 * 60_000, Math.round((end - start) / 4));
  return { from: start - padding, to: end + padding };
}

/** The dashboard JSON (a new dashboard: no id; a stable uid per incident). */
export function buildPostmortemDashboard(worksheet: Worksheet, options: PostmortemDashboardOptions) {
  const { incident } = worksheet;
  const window = paddedWindow(worksheet, options);
  const title = options.draft ? `RCA draft: ${incident.title}` : `Post-mortem: ${incident.title}`;
  const textPanel = {
    id: 1,
    type: 'text',
    title: options.draft ? 'Draft' : 'Post-mortem',
    gridPos: { h: options.draft ? 6 : 16, w: 24, x: 0, y: 0 },
    options: {
      mode: 'markdown',
      content: options.markdown,
      // A copy of the worksheet where dashboard editors keep panel options intact.
      driftline: { worksheet },
    },
  };
  const panels: unknown[] = [textPanel];
  if (!options.draft) {
    let y = 16;
    DRIFTLINE_PANEL_TYPES.forEach((type, index) => {
      const panel = panelFor(type, index + 2, y, options);
      panels.push(panel);
      if (type !== 'driftline-drift-panel') {
        y += panel.gridPos.h;
      }
    });
  }
  return {
    uid: rcaDashboardUid(incident.id),
    title,
    tags: [
      RCA_TAG,
      options.draft ? RCA_DRAFT_TAG : RCA_PUBLISHED_TAG,
      `${INCIDENT_TAG_PREFIX}${incident.id}`,
      incident.severity,
    ],
    timezone: 'utc',
    editable: true,
    schemaVersion: 39,
    time: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    // The range stays visible but the dashboard opens on the incident window whatever the viewer last used.
    timepicker: { hidden: false },
    refresh: '',
    panels,
    links: incident.dashboardUID
      ? [
          {
            type: 'link',
            title: 'Incident dashboard',
            url: `/d/${incident.dashboardUID}`,
            targetBlank: false,
            icon: 'dashboard',
          },
        ]
      : [],
    driftline: { worksheet },
  };
}

export interface SaveDashboardBody {
  dashboard: ReturnType<typeof buildPostmortemDashboard>;
  folderUid?: string;
  overwrite: true;
  message: string;
}

/** The body of `POST /api/dashboards/db`. */
export function saveDashboardBody(
  worksheet: Worksheet,
  options: PostmortemDashboardOptions & { folderUid?: string }
): SaveDashboardBody {
  return {
    dashboard: buildPostmortemDashboard(worksheet, options),
    ...(options.folderUid ? { folderUid: options.folderUid } : {}),
    overwrite: true,
    message: options.draft
      ? `RCA draft of "${worksheet.incident.title}" saved from the Driftline workbench`
      : `Post-mortem of "${worksheet.incident.title}" published from the Driftline workbench`,
  };
}

/** The worksheet stored in a dashboard: its `driftline` field, else a panel's options. */
export function worksheetFromDashboard(dashboard: unknown): unknown {
  const value = dashboard as {
    driftline?: { worksheet?: unknown };
    panels?: Array<{ options?: { driftline?: { worksheet?: unknown } } }>;
  };
  if (value?.driftline?.worksheet) {
    return value.driftline.worksheet;
  }
  return value?.panels?.find((panel) => panel.options?.driftline?.worksheet)?.options?.driftline?.worksheet;
}
