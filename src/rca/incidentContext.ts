/**
 * The dashboard as it was when an incident was declared (or first investigated) from a panel: its variables
 * and its time range. It goes with the incident: in the incident annotation's `data` (Grafana keeps any JSON
 * there), or in the worksheet when the incident was declared elsewhere. The workbench runs the dashboard's
 * queries with these variables, so its evidence is about the model, region or service the on-call was
 * looking at, not the dashboard's defaults.
 */
export interface IncidentContext {
  /** Variable values by name; several for a multi-value variable. */
  variables: Record<string, string | string[]>;
  /** The dashboard's time range then, epoch ms. */
  range?: { from: number; to: number };
}

/** The key of Driftline's part of an annotation's `data`. */
export const CONTEXT_DATA_KEY = 'driftline';

const MAX_VARIABLES = 100;
const MAX_VALUE_LENGTH = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stored context read back; anything malformed (it is data anyone may write) is dropped, never thrown. */
export function readIncidentContext(raw: unknown): IncidentContext | undefined {
  if (!isRecord(raw) || !isRecord(raw.variables)) {
    return undefined;
  }
  const variables: IncidentContext['variables'] = {};
  for (const [name, value] of Object.entries(raw.variables).slice(0, MAX_VARIABLES)) {
    if (!/^\w+$/.test(name)) {
      continue;
    }
    if (typeof value === 'string' && value.length <= MAX_VALUE_LENGTH) {
      variables[name] = value;
    } else if (
      Array.isArray(value) &&
      value.every((item) => typeof item === 'string' && item.length <= MAX_VALUE_LENGTH)
    ) {
      variables[name] = value.slice(0, MAX_VARIABLES) as string[];
    }
  }
  const range = isRecord(raw.range) ? raw.range : undefined;
  const from = Number(range?.from);
  const to = Number(range?.to);
  return {
    variables,
    ...(range && Number.isFinite(from) && Number.isFinite(to) && from < to ? { range: { from, to } } : {}),
  };
}

/** The context in an annotation's `data`, if Driftline stored one there. */
export function contextOfAnnotationData(data: unknown): IncidentContext | undefined {
  return isRecord(data) ? readIncidentContext(data[CONTEXT_DATA_KEY]) : undefined;
}

/** The annotation `data` that stores the context with a new incident. */
export function annotationDataOf(context: IncidentContext): Record<string, unknown> {
  return { [CONTEXT_DATA_KEY]: context };
}

/** The `var-<name>=<value>` parameters of a dashboard URL (as Grafana writes them), read as variables. */
export function variablesFromParams(params: URLSearchParams): IncidentContext['variables'] | undefined {
  const variables: IncidentContext['variables'] = {};
  for (const key of new Set(params.keys())) {
    if (key.startsWith('var-')) {
      const values = params.getAll(key);
      variables[key.slice(4)] = values.length === 1 ? values[0] : values;
    }
  }
  return Object.keys(variables).length > 0 ? (readIncidentContext({ variables })?.variables ?? undefined) : undefined;
}

/** Variables as `var-<name>=<value>` parameters, appended to `params`. */
export function appendVariableParams(params: URLSearchParams, variables: IncidentContext['variables'] | undefined) {
  for (const [name, value] of Object.entries(variables ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(`var-${name}`, item);
    }
  }
  return params;
}
