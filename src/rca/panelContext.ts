import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { appendVariableParams, IncidentContext, variablesFromParams } from './incidentContext';

/**
 * Where an investigation started: the dashboard, the panel and the time range of "Investigate in Driftline"
 * in a panel's menu. It travels in the incidents page's URL, so the link can be shared and reloaded.
 */
export interface PanelContext {
  dashboardUID?: string;
  dashboardTitle?: string;
  panelId?: number;
  /** Epoch ms. */
  from: number;
  /** Epoch ms; undefined when the panel's range ends at "now", so incidents declared later still belong. */
  to?: number;
  /** The dashboard's variables (`var-<name>` in the URL, as in Grafana's), stored with an incident declared here. */
  variables?: IncidentContext['variables'];
}

/** `/a/<plugin>/incidents?dashboardUID=…&panelId=…&from=…&to=…` (`to=now` for a live range). */
export function incidentsUrlForPanel(context: PanelContext): string {
  const params = new URLSearchParams();
  if (context.dashboardUID) {
    params.set('dashboardUID', context.dashboardUID);
  }
  if (context.dashboardTitle) {
    params.set('dashboardTitle', context.dashboardTitle);
  }
  if (context.panelId !== undefined) {
    params.set('panelId', String(context.panelId));
  }
  params.set('from', String(Math.round(context.from)));
  params.set('to', context.to === undefined ? 'now' : String(Math.round(context.to)));
  appendVariableParams(params, context.variables);
  return `${PLUGIN_BASE_URL}/${ROUTES.Incidents}?${params.toString()}`;
}

/** The panel context in the incidents page's URL; undefined without a valid `from`/`to` pair. */
export function readPanelContext(params: URLSearchParams): PanelContext | undefined {
  const from = Number(params.get('from'));
  const live = params.get('to') === 'now';
  const to = live ? undefined : Number(params.get('to'));
  if (
    !params.has('from') ||
    !params.has('to') ||
    !Number.isFinite(from) ||
    (to !== undefined && (!Number.isFinite(to) || from > to))
  ) {
    return undefined;
  }
  const panelId = Number(params.get('panelId'));
  const dashboardUID = params.get('dashboardUID')?.trim();
  const dashboardTitle = params.get('dashboardTitle')?.trim();
  const variables = variablesFromParams(params);
  return {
    ...(dashboardUID ? { dashboardUID } : {}),
    ...(dashboardTitle ? { dashboardTitle } : {}),
    ...(params.has('panelId') && Number.isInteger(panelId) ? { panelId } : {}),
    from,
    ...(to !== undefined ? { to } : {}),
    ...(variables ? { variables } : {}),
  };
}

/** An incident belongs to the context when it is on its dashboard (if any) and overlaps its time range. */
export function inPanelContext(
  incident: { dashboardUID: string; start: number; end?: number },
  context: PanelContext,
  now: number
): boolean {
  const end = incident.end ?? now;
  return (
    (!context.dashboardUID || incident.dashboardUID === context.dashboardUID) &&
    (context.to === undefined || incident.start <= context.to) &&
    end >= context.from
  );
}
