import { IncidentRow, incidentRows } from '../rca/incidents';
import { listAnnotations } from './annotationsApi';

const YEAR_MS = 365 * 86_400_000;
const DAY_MS = 86_400_000;

/**
 * Every incident region across dashboards over the past year: one query per incident tag, since Grafana
 * keeps only the annotations that carry every tag of one query.
 */
export async function listIncidents(incidentTags: readonly string[], now: number): Promise<IncidentRow[]> {
  const lists = await Promise.all(
    incidentTags.map((tag) =>
      listAnnotations({ from: now - YEAR_MS, to: now + DAY_MS, tags: [tag], type: 'annotation', limit: 1000 })
    )
  );
  return incidentRows(lists.flat(), incidentTags);
}

/** One incident by its annotation id, or undefined when no incident annotation has it. */
export async function findIncident(
  id: string,
  incidentTags: readonly string[],
  now: number
): Promise<IncidentRow | undefined> {
  return (await listIncidents(incidentTags, now)).find((row) => row.id === id);
}
