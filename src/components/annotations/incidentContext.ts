import { getTemplateSrv } from '@grafana/runtime';
import { annotationDataOf, IncidentContext, readIncidentContext } from '../../rca/incidentContext';

/**
 * The dashboard's variables as they are now (Grafana's template service), for storing with an incident
 * declared or investigated from a panel; empty where there is no dashboard (the playground, tests).
 */
export function currentVariables(): IncidentContext['variables'] {
  let variables: unknown[];
  try {
    variables = getTemplateSrv().getVariables();
  } catch {
    return {};
  }
  const raw: Record<string, unknown> = {};
  for (const variable of variables) {
    const { name, current } = (variable ?? {}) as { name?: unknown; current?: { value?: unknown } };
    if (typeof name === 'string' && current && current.value !== undefined) {
      raw[name] = current.value;
    }
  }
  return readIncidentContext({ variables: raw })?.variables ?? {};
}

/** The annotation `data` of an incident declared on a panel showing `range`: the dashboard as it is now. */
export function incidentAnnotationData(range: { from: number; to: number }): Record<string, unknown> {
  return annotationDataOf({ variables: currentVariables(), range });
}
