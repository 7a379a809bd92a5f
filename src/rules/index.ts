/**
 * Drift rules for Prometheus and Grafana Alerting, generated from a spec: recorded scores equal to
 * the engine's `bucketDrift` on the same bucket increases, and an alert on them. Pure: no React, no
 * `@grafana/*`, no DOM. The names here are a contract with the command line and the rule dialog.
 *
 * - `driftRuleGroups(specs)`: Prometheus rule groups as plain objects; `renderPrometheusRuleFile(groups)`
 *   writes the rule file.
 * - `grafanaAlertRules(specs, { datasourceUid, folderUid })`: Grafana-managed alert rules as the alerting
 *   provisioning HTTP API takes them; `renderGrafanaAlertRuleFile(rules, { folder })` writes the same
 *   rules as file provisioning.
 * - `driftScoreQuery(spec)` / `driftAlertQuery(spec)`: one spec's score and alert condition as one
 *   self-contained PromQL query, for backtests over a range; `alertEpisodes()` applies `for` to the result.
 * - `driftCountQueries(spec)`: the two windows' bucket counts as the rules read them, for scoring
 *   with the engine's `bucketDrift` instead.
 */
export type { DriftRuleSpec, LabelMatcher, RuleBaseline } from './spec';
export { DEFAULT_FOR_MS, DEFAULT_SEVERITY, validateDriftRuleSpec } from './spec';
export { DriftRuleSpecError } from './errors';
export type { DriftRuleSpecErrorCode } from './errors';
export { formatPrometheusDuration, parsePrometheusDuration } from './durations';
export { leSpellings } from './bounds';
export { driftScoreRecordName, RECORD_PREFIX } from './promql';
export {
  DRIFT_ALERT_NAME,
  HISTOGRAM_LABEL,
  METHOD_TITLES,
  driftAlertQuery,
  driftCountQueries,
  driftRuleGroups,
  driftScoreQuery,
} from './prometheus';
export type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRule,
  PrometheusRuleGroup,
} from './prometheus';
export { DEFAULT_RULE_GROUP, grafanaAlertRules, grafanaRuleUid } from './grafana';
export type { GrafanaAlertQuery, GrafanaAlertRule, GrafanaAlertRuleOptions } from './grafana';
export { renderGrafanaAlertRuleFile, renderPrometheusRuleFile } from './yaml';
export type { GrafanaRuleFileOptions } from './yaml';
export { alertEpisodes, firstFiring } from './backtest';
export type { AlertEpisode, AlertEpisodeOptions } from './backtest';
