import type { GrafanaAnnotation } from '../api/annotationsApi';
import { contextOfAnnotationData, IncidentContext } from './incidentContext';
import { IncidentSeverity, RcaStatus, SEVERITIES } from './worksheet';

/**
 * Incidents are region annotations of kind incident. Declaring one while it is still going on writes a
 * zero-length annotation (timeEnd = time) tagged `ongoing`: Grafana has no open-ended region, and a made-up
 * end would draw a false window. Ending it patches timeEnd to the end and drops the `ongoing` tag.
 */
export const ONGOING_TAG = 'ongoing';
export const SCENARIO_TAG_PREFIX = 'scenario:';

/** A Grafana annotation as the incident list reads it; the id may also be an outbox client id. */
export type IncidentAnnotation = Omit<GrafanaAnnotation, 'id' | 'login'> & { id: number | string };

export interface IncidentRow {
  id: string;
  title: string;
  start: number;
  /** Undefined while ongoing. */
  end?: number;
  ongoing: boolean;
  dashboardUID: string;
  panelId?: number;
  severity: IncidentSeverity;
  /** Demo scenario named by a `scenario:<id>` tag, if any. */
  scenario?: string;
  tags: string[];
  /** The dashboard's variables and range stored when it was declared from a panel. */
  context?: IncidentContext;
}

/** The incident tags that make an annotation an incident (the app's mapping). */
export function isIncidentAnnotation(annotation: IncidentAnnotation, incidentTags: readonly string[]): boolean {
  const lowered = incidentTags.map((tag) => tag.toLowerCase());
  const tags = annotation.tags.map((tag) => tag.toLowerCase());
  const isRegion = annotation.timeEnd !== undefined && annotation.timeEnd > annotation.time;
  return tags.some((tag) => lowered.includes(tag)) && (isRegion || tags.includes(ONGOING_TAG));
}

/** sev1 … sev3 from the tags; sev2 when no severity tag is there. */
export function severityOf(tags: readonly string[]): IncidentSeverity {
  const lowered = tags.map((tag) => tag.toLowerCase());
  return SEVERITIES.find((severity) => lowered.includes(severity)) ?? 'sev2';
}

/** The first line of the annotation text, without HTML, as the incident's title. */
export function titleOf(text: string): string {
  return firstLineOf(text, 140) || 'Untitled incident';
}

/** The first line of an annotation's text, without markup, cut with "…" to at most `maxLength` characters. */
export function firstLineOf(text: string, maxLength: number): string {
  const plain = text.replace(/<[^>]*>/g, ' ').trim();
  const first = plain.split(/\r?\n/)[0]?.trim() ?? '';
  return first.length > maxLength ? `${first.slice(0, maxLength - 1)}…` : first;
}

export function toIncidentRow(annotation: IncidentAnnotation): IncidentRow {
  const ongoing = annotation.tags.some((tag) => tag.toLowerCase() === ONGOING_TAG);
  const scenarioTag = annotation.tags.find((tag) => tag.toLowerCase().startsWith(SCENARIO_TAG_PREFIX));
  const context = contextOfAnnotationData(annotation.data);
  return {
    id: String(annotation.id),
    title: titleOf(annotation.text),
    start: annotation.time,
    ...(ongoing ? {} : { end: annotation.timeEnd }),
    ongoing,
    dashboardUID: annotation.dashboardUID ?? '',
    ...(annotation.panelId ? { panelId: annotation.panelId } : {}),
    severity: severityOf(annotation.tags),
    ...(scenarioTag ? { scenario: scenarioTag.slice(SCENARIO_TAG_PREFIX.length) } : {}),
    tags: annotation.tags,
    ...(context ? { context } : {}),
  };
}

/** Incident rows from annotations (deduplicated by id, newest first). */
export function incidentRows(
  annotations: readonly IncidentAnnotation[],
  incidentTags: readonly string[]
): IncidentRow[] {
  const byId = new Map<string, IncidentRow>();
  for (const annotation of annotations) {
    if (isIncidentAnnotation(annotation, incidentTags)) {
      byId.set(String(annotation.id), toIncidentRow(annotation));
    }
  }
  return [...byId.values()].sort((a, b) => b.start - a.start);
}

export interface IncidentFilter {
  status?: RcaStatus | 'all';
  severity?: IncidentSeverity | 'all';
  search?: string;
}

export function filterIncidents(
  rows: readonly IncidentRow[],
  statusOf: (id: string) => RcaStatus,
  filter: IncidentFilter
): IncidentRow[] {
  const search = filter.search?.trim().toLowerCase() ?? '';
  return rows.filter(
    (row) =>
      (!filter.status || filter.status === 'all' || statusOf(row.id) === filter.status) &&
      (!filter.severity || filter.severity === 'all' || row.severity === filter.severity) &&
      (search === '' ||
        row.title.toLowerCase().includes(search) ||
        row.dashboardUID.toLowerCase().includes(search) ||
        row.tags.some((tag) => tag.toLowerCase().includes(search)))
  );
}

/** Tags of a newly declared incident: the kind tag, the severity, `ongoing`, and any extra tags. */
export function declareTags(severity: IncidentSeverity, extra: readonly string[] = []): string[] {
  return ['incident', severity, ONGOING_TAG, ...extra];
}

/** The patch that ends an ongoing incident. */
export function endIncidentPatch(tags: readonly string[], end: number): { timeEnd: number; tags: string[] } {
  return { timeEnd: end, tags: tags.filter((tag) => tag.toLowerCase() !== ONGOING_TAG) };
}

/**
 * Which demo scenario a dashboard or a tag points to, for computing evidence from the demo data: the
 * provisioned demo dashboards, and the playground's `playground-<scenario>` pages (its panels annotate there).
 */
export const DEMO_DASHBOARD_SCENARIOS: Record<string, string> = {
  'driftline-model-incident': 'latency-gc',
  'ctr-decline': 'ctr-decline',
  'chatbot-outage': 'chatbot-outage',
  'playground-latency-gc': 'latency-gc',
  'playground-ctr-decline': 'ctr-decline',
  'playground-chatbot-outage': 'chatbot-outage',
};

/** The panel ids of the demo dashboards, for evidence links. */
export const DEMO_PANEL_IDS = { timeline: 1, drift: 2, predictions: 3 };

export function scenarioOf(incident: { dashboardUID: string; scenario?: string }): string | undefined {
  return incident.scenario ?? DEMO_DASHBOARD_SCENARIOS[incident.dashboardUID];
}
