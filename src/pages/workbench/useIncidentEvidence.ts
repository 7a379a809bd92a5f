import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listAnnotations } from '../../api/annotationsApi';
import { getDashboard } from '../../api/dashboards';
import { kindTagsFromJsonData } from '../../data/annotations';
import {
  collectEvidence,
  evidenceJob,
  EvidenceIncident,
  EvidenceServices,
  grafanaDataSources,
  IncidentEvidence,
  QueryProgress,
} from '../../evidence';
import { IncidentRow, Worksheet } from '../../rca';
import { AppSettings } from '../../types';

export type EvidenceState =
  | { state: 'loading'; queries: QueryProgress[] }
  | { state: 'ready'; evidence: IncidentEvidence }
  | { state: 'failed'; message: string };

/** Grafana's dashboards, data sources and annotations, as the plugin reaches them. */
const grafanaServices: EvidenceServices = {
  loadDashboard: (uid) => getDashboard(uid).then((response) => response.dashboard),
  dataSources: grafanaDataSources(),
  loadAnnotations: ({ dashboardUID, from, to }) =>
    listAnnotations({ from, to, dashboardUID, type: 'annotation', limit: 1000 }),
};

/**
 * The evidence of the workbench's incident: its dashboard's Driftline panels' queries run and analysed (see
 * src/evidence), with the variables stored when it was declared (the annotation's) or first investigated
 * from a panel (the worksheet's). Kept per incident and range; `refresh` runs everything again.
 */
export function useIncidentEvidence(
  worksheet: Worksheet | undefined,
  row: IncidentRow | undefined,
  settings: AppSettings | undefined,
  now: () => number,
  services: EvidenceServices = grafanaServices
): { evidence: EvidenceState; refresh: () => void } {
  const incident = worksheet?.incident;
  const context = row?.context ?? incident?.context;
  // One request per incident window and stored context, whatever else of the worksheet changes.
  const key =
    incident &&
    JSON.stringify({
      id: incident.id,
      start: incident.start,
      end: incident.end,
      dashboardUID: incident.dashboardUID,
      panelId: incident.panelId,
      variables: context?.variables,
      range: context?.range,
    });
  const request = useMemo(() => (key ? (JSON.parse(key) as EvidenceIncident) : undefined), [key]);
  const kindTags = useMemo(() => kindTagsFromJsonData(settings), [settings]);
  const [refreshes, setRefreshes] = useState(0);
  const refreshed = useRef(0);
  const [state, setState] = useState<{ request?: typeof request; value: EvidenceState }>({
    value: { state: 'loading', queries: [] },
  });

  useEffect(() => {
    if (!request) {
      return;
    }
    let live = true;
    const job = evidenceJob(
      JSON.stringify(request),
      { live: request.end === undefined, now: now(), refresh: refreshes !== refreshed.current },
      (onProgress) => collectEvidence(request, services, { kindTags, now: now(), onProgress })
    );
    refreshed.current = refreshes;
    setState({ request, value: { state: 'loading', queries: job.progress() } });
    const unsubscribe = job.subscribe((queries) => live && setState({ request, value: { state: 'loading', queries } }));
    job.result.then(
      (evidence) => live && setState({ request, value: { state: 'ready', evidence } }),
      (error) =>
        live &&
        setState({
          request,
          value: { state: 'failed', message: error instanceof Error ? error.message : String(error) },
        })
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [request, kindTags, now, services, refreshes]);

  const refresh = useCallback(() => setRefreshes((count) => count + 1), []);
  return {
    evidence: state.request === request && request ? state.value : { state: 'loading', queries: [] },
    refresh,
  };
}
