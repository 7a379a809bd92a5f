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
