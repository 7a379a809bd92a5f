import { DashboardVariable } from './dashboard';

/** Dashboard variable values by name: one value, or several for a multi-value variable. */
export type VariableValues = Record<string, string | string[]>;

const ALL = '$__all';

/** The values a dashboard opens with: each variable's saved current value, `All` expanded. */
export function dashboardDefaults(variables: readonly DashboardVariable[]): VariableValues {
  const values: VariableValues = {};
  for (const variable of variables) {
    const current = variable.current;
    if (current === undefined) {
      continue;
    }
    const isAll = Array.isArray(current) ? current.includes(ALL) : current === ALL;
    values[variable.name] = isAll ? (variable.allValue ?? variable.allValues) : current;
  }
  return values;
}

/**
 * The values the incident's queries run with: those stored with the incident when it was declared (or first
 * investigated from a panel), over the dashboard's saved defaults for variables stored without a value.
 */
export function incidentVariables(
  variables: readonly DashboardVariable[],
  stored: VariableValues | undefined
): VariableValues {
  return { ...dashboardDefaults(variables), ...(stored ?? {}) };
}

/** Grafana's variable syntaxes: `$name`, `[[name:format]]`, `${name}`, `${name:format}`. */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?::([^}]+))?\}/g;

function regexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

function quoted(values: string[], quote: string): string {
  return values.map((value) => `${quote}${value.split(quote).join(`\\${quote}`)}${quote}`).join(',');
}

/** Data source types whose queries read a multi-value variable as a regex alternation, as Grafana does. */
const REGEX_DATA_SOURCES = /^(prometheus|loki|mimir|cortex|thanos)/i;

function formatValue(name: string, value: string | string[], format: string | undefined, dataSourceType?: string) {
  const list = Array.isArray(value) ? value : [value];
  switch (format) {
    case 'csv':
    case 'raw':
    case 'text':
      return list.join(',');
    case 'pipe':
      return list.join('|');
    case 'regex':
      return list.length === 1 ? regexEscape(list[0]) : `(${list.map(regexEscape).join('|')})`;
    case 'glob':
      return list.length === 1 ? list[0] : `{${list.join(',')}}`;
    case 'json':
      return JSON.stringify(Array.isArray(value) ? list : value);
    case 'singlequote':
      return quoted(list, "'");
    case 'doublequote':
      return quoted(list, '"');
    case 'sqlstring':
      return list.map((item) => `'${item.replace(/'/g, "''")}'`).join(',');
    case 'percentencode':
      return encodeURIComponent(list.join(','));
    case 'queryparam':
      return list.map((item) => `var-${encodeURIComponent(name)}=${encodeURIComponent(item)}`).join('&');
    default:
      if (list.length === 1) {
        return list[0];
      }
      return dataSourceType && REGEX_DATA_SOURCES.test(dataSourceType)
        ? `(${list.map(regexEscape).join('|')})`
        : `{${list.join(',')}}`;
  }
}

/**
 * `text` with the variables that have values replaced, formatted as Grafana would (`${name:csv}`…); other
 * variables, such as Grafana's `$__interval`, are left for the data source to fill in.
 */
export function interpolate(text: string, values: VariableValues, dataSourceType?: string): string {
  return text.replace(VARIABLE, (match, plain, bracket, bracketFormat, braced, bracedFormat) => {
    const name: string = plain ?? bracket ?? braced;
    const value = values[name];
    if (value === undefined) {
      return match;
    }
    return formatValue(name, value, bracketFormat ?? bracedFormat, dataSourceType);
  });
}

/** A saved query (or any JSON) with every string interpolated, its refId left alone. */
export function interpolateQuery<T>(query: T, values: VariableValues, dataSourceType?: string): T {
  const visit = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      return key === 'refId' ? value : interpolate(value, values, dataSourceType);
    }
    if (Array.isArray(value)) {
      return value.map((item) => visit(item));
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, visit(item, field)]));
    }
    return value;
  };
  return visit(query) as T;
}

/** The values as Grafana's scoped variables, for data sources that interpolate queries themselves. */
export function scopedVariables(values: VariableValues): Record<string, { text: string; value: string | string[] }> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      { text: Array.isArray(value) ? value.join(' + ') : value, value },
    ])
  );
}
