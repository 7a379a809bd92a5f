import { dump, YAML11_SCHEMA } from 'js-yaml';

import { formatPrometheusDuration } from './durations';
import type { GrafanaAlertRule } from './grafana';
import type { PrometheusRuleGroup } from './prometheus';

/**
 * YAML as Prometheus and Grafana read it: both parse with Go's YAML 1.1 libraries, where `on` or
 * `yes` are booleans, so strings are quoted by the 1.1 rules; long lines are never folded.
 */
function toYaml(value: unknown): string {
  return dump(value, { schema: YAML11_SCHEMA, lineWidth: -1, noRefs: true });
}

function commentLines(lines: readonly string[] | undefined): string {
  return (lines ?? []).map((line) => `# ${line}`.trimEnd() + '\n').join('');
}

/** A Prometheus rule file (`promtool check rules`, `rule_files:`, Mimir and Thanos rulers) holding the groups. */
export function renderPrometheusRuleFile(
  groups: readonly PrometheusRuleGroup[],
  options: { comment?: readonly string[] } = {}
): string {
  return commentLines(options.comment) + toYaml({ groups });
}

export interface GrafanaRuleFileOptions {
  /** Title of the folder the rules go into; Grafana creates it when missing. */
  folder: string;
  /** Evaluation interval of the groups, ms: a multiple of 10 s (default 1 minute). */
  intervalMs?: number;
  comment?: readonly string[];
}

/** Grafana expands `$NAME` in most provisioned fields; `$$` is a literal `$`. */
function literalDollars(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

function literalDollarsIn(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, literalDollars(value)]));
}

/**
 * Grafana Alerting's file provisioning (`provisioning/alerting/*.yaml`) for the rules
 * grafanaAlertRules() returns, grouped by their rule group. Annotations and query models are not
 * expanded by Grafana and are written as they are; every other text has its `$` escaped.
 */
export function renderGrafanaAlertRuleFile(
  rules: readonly GrafanaAlertRule[],
  options: GrafanaRuleFileOptions
): string {
  const interval = formatPrometheusDuration(options.intervalMs ?? 60_000);
  const groups = new Map<string, GrafanaAlertRule[]>();
  for (const rule of rules) {
    const key = JSON.stringify([rule.orgID, rule.ruleGroup]);
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  const file = {
    apiVersion: 1,
    groups: [...groups.values()].map((group) => ({
      orgId: group[0].orgID,
      name: literalDollars(group[0].ruleGroup),
      folder: literalDollars(options.folder),
      interval,
      rules: group.map((rule) => ({
        uid: literalDollars(rule.uid),
        title: literalDollars(rule.title),
        condition: literalDollars(rule.condition),
        data: rule.data.map((query) => ({
          refId: literalDollars(query.refId),
          queryType: literalDollars(query.queryType ?? ''),
          relativeTimeRange: query.relativeTimeRange,
          datasourceUid: literalDollars(query.datasourceUid),
          model: query.model,
        })),
        noDataState: rule.noDataState,
        execErrState: rule.execErrState,
        for: rule.for,
        annotations: rule.annotations,
        labels: literalDollarsIn(rule.labels),
        isPaused: rule.isPaused,
      })),
    })),
  };
  return commentLines(options.comment) + toYaml(file);
}
