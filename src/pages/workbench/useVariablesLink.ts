import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { IncidentRow, variablesFromParams, Worksheet } from '../../rca';

/**
 * The dashboard's variables a panel's "Investigate in Driftline" brought (`var-<name>` in the URL): stored in
 * the worksheet the first time, for an incident that was not declared from a panel (its annotation has none),
 * so its evidence runs with what the person was looking at rather than the dashboard's defaults.
 */
export function useVariablesLink() {
  const [searchParams] = useSearchParams();
  const key = JSON.stringify(variablesFromParams(searchParams) ?? null);
  const variables = useMemo(() => JSON.parse(key) as ReturnType<typeof variablesFromParams> | null, [key]);
  return useCallback(
    (opening: Worksheet, row?: IncidentRow): Worksheet | undefined =>
      variables && !row?.context && !opening.incident.context
        ? { ...opening, incident: { ...opening.incident, context: { variables } } }
        : undefined,
    [variables]
  );
}
