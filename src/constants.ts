import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

export enum ROUTES {
  Overview = 'overview',
  Incidents = 'incidents',
  Fmea = 'fmea',
  AlertRules = 'alert-rules',
}

/** The workbench of one incident: `incidents/:id`. */
export function workbenchUrl(incidentId: string): string {
  return `${PLUGIN_BASE_URL}/${ROUTES.Incidents}/${encodeURIComponent(incidentId)}`;
}

/**
 * Scoped variables every query the workbench runs for an incident's evidence carries: the incident's start and
 * end (epoch ms). A query may use them (`${__incident_start}`); the demo data source tells the story of that
 * incident.
 */
export const INCIDENT_START_VARIABLE = '__incident_start';
export const INCIDENT_END_VARIABLE = '__incident_end';
