import type { BucketDriftMethod } from '../analysis';
import { formatPrometheusDuration } from './durations';
import { DriftRuleSpecError } from './errors';
import {
  changeFrom,
  changeName,
  driftScoreRecordName,
  filledSharesFrom,
  helperNames,
  inlineChange,
  inlineRefs,
  methodNeeds,
  recordedChange,
  rangeOf,
  recordedRefs,
  SELECTION_LABEL,
  scoreExpression,
  sharesFrom,
  sourceCumulative,
} from './promql';
import { DriftRuleSpec, promqlString, ResolvedSpec, resolveSpec } from './spec';

/** The alert every drift rule raises; the `method` label tells the rules of one feature apart. */
export const DRIFT_ALERT_NAME = 'DriftlineFeatureDrift';
/** Label the recorded scores and the alerts carry: the histogram's base name. */
export const HISTOGRAM_LABEL = 'histogram';

/** What the alert annotations call each method. */
export const METHOD_TITLES: Readonly<Record<BucketDriftMethod, string>> = {
  psi: 'PSI',
  jensenshannon: 'Jensen–Shannon distance',
  ks: 'KS statistic',
  hellinger: 'Hellinger distance',
};

export interface PrometheusRecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type PrometheusRule = PrometheusRecordingRule | PrometheusAlertingRule;

/** One group of a Prometheus rule file (`groups:` entry), as plain data. */
export interface PrometheusRuleGroup {
  name: string;
  /** Evaluation interval (Prometheus duration); the global one when absent. */
  interval?: string;
  rules: PrometheusRule[];
}

/** Go templates read `{{` as the start of an action: keep text from specs literal. */
export function templateLiteral(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}

function selectorText(spec: ResolvedSpec): string {
  return `${spec.metric}${spec.matcherText ? `{${spec.matcherText}}` : ''}`;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The baseline in words, for annotations: "the fixed range 2025-10-01T00:00:00Z to 2025-10-07T00:00:00Z". */
export function describeBaseline(spec: ResolvedSpec): string {
  const baseline = spec.baseline;
  switch (baseline.mode) {
    case 'fixed':
      return `the fixed range ${isoSeconds(baseline.range.from)} to ${isoSeconds(baseline.range.to)}`;
    case 'timeShift':
      return `the ${formatPrometheusDuration(baseline.durationMs ?? spec.windowMs)} ending ${formatPrometheusDuration(baseline.shiftMs)} earlier`;
    case 'previousPeriod':
      return `the ${formatPrometheusDuration(spec.windowMs)} before`;
  }
}

/** `{{ $labels.feature }}`, or `a/b` for several feature labels. */
function featureTemplate(spec: ResolvedSpec): string {
  return spec.featureLabels.map((label) => `{{ $labels.${label} }}`).join('/');
}

/**
 * The summary and description of a drift alert. `value` is the template of the score: `$value` in
 * Prometheus, `$values.A.Value` in Grafana.
 */
export function alertAnnotations(spec: ResolvedSpec, value: string): Record<string, string> {
  const feature = featureTemplate(spec);
  const method = METHOD_TITLES[spec.method];
  const annotations: Record<string, string> = {
    summary: `${feature} drifted: ${method} {{ printf "%.3g" ${value} }} >= ${spec.threshold}`,
    description:
      `The ${method} of ${feature} in ${templateLiteral(selectorText(spec))} over the last ` +
      `${formatPrometheusDuration(spec.windowMs)}, against ${describeBaseline(spec)}, is {{ printf "%.4g" ${value} }}: ` +
      `at or above the threshold ${spec.threshold}` +
      (spec.forMs === 0 ? '.' : ` for ${formatPrometheusDuration(spec.forMs)}.`),
  };
  if (spec.source.dashboardUrl) {
    annotations.dashboard_url = spec.source.dashboardUrl;
    annotations.description += ` Dashboard: ${spec.source.dashboardUrl}`;
  }
  if (spec.source.dashboardUid !== undefined && spec.source.panelId !== undefined) {
    annotations.__dashboardUid__ = spec.source.dashboardUid;
    annotations.__panelId__ = String(spec.source.panelId);
  }
  return annotations;
}

function forText(ms: number): string {
  return ms === 0 ? '0s' : formatPrometheusDuration(ms);
}

/** One spec's recorded scores among other specs': what the alert reads. */
export function recordedScoreSelector(spec: ResolvedSpec): string {
  const matchers = [
    `${HISTOGRAM_LABEL}=${promqlString(spec.metric)}`,
    ...Object.entries(spec.equalities).map(([name, value]) => `${name}=${promqlString(value)}`),
  ];
  return `${driftScoreRecordName(spec.method)}{${matchers.join(', ')}}`;
}

/** The score of one spec as one self-contained query: for ad-hoc queries, backtests and Grafana-managed rules. */
export function driftScoreQuery(spec: DriftRuleSpec): string {
  const resolved = resolveSpec(spec);
  return scoreExpression(
    resolved,
    resolved.method,
    inlineRefs(resolved, 'current'),
    inlineRefs(resolved, 'baseline'),
    inlineChange(resolved)
  );
}

/**
 * The cumulative bucket counts of both windows of one spec, per feature and bound (`le` as the
 * spec gives it), as the rules read them: fetch these to score windows with the engine's
 * `bucketDrift`, which gives the recorded score.
 */
export function driftCountQueries(spec: DriftRuleSpec): { current: string; baseline: string } {
  const resolved = resolveSpec(spec);
  return { current: sourceCumulative(resolved, 'current'), baseline: sourceCumulative(resolved, 'baseline') };
}

/** The alert condition of one spec as one self-contained query: a sample per feature while it is at or above the threshold. */
export function driftAlertQuery(spec: DriftRuleSpec): string {
  const resolved = resolveSpec(spec);
  return `(\n${driftScoreQuery(spec)}\n) >= ${resolved.threshold}`;
}

/** Specs over the same series and current window share a group and its helper records. */
function groupKey(spec: ResolvedSpec): string {
  return JSON.stringify([spec.metric, spec.matcherText, spec.keep, rangeOf(spec, 'current')]);
}

/** What identifies a recorded score series: two specs must not write the same one. */
function scoreIdentity(spec: ResolvedSpec): string {
  return JSON.stringify([spec.method, spec.metric, [...spec.keep].sort(), spec.equalities]);
}

/**
 * The group's name, unique in a file as Prometheus requires: it names what {@link groupKey} tells apart (the
 * selection, the labels kept besides the feature and matched ones, and the window).
 */
function groupName(spec: ResolvedSpec): string {
  const kept = spec.keep.filter((label) => !spec.featureLabels.includes(label) && !(label in spec.equalities));
  const keeping = kept.length > 0 ? ` keeping (${kept.join(', ')})` : '';
  return `driftline ${selectorText(spec)} by (${spec.featureLabels.join(', ')})${keeping} over ${formatPrometheusDuration(spec.windowMs)}`;
}

/**
 * Labels the scores and alerts of a spec set: values their series carry anyway, written out so that
 * rules for other histograms or models in the same file are not duplicates to `promtool check rules`.
 */
function identityLabels(spec: ResolvedSpec): Record<string, string> {
  return { ...spec.equalities };
}

function groupRules(specs: ResolvedSpec[]): PrometheusRule[] {
  const rules: PrometheusRule[] = [];
  const written = new Set<string>();
  const helper = (record: string, expr: () => string, spec: ResolvedSpec) => {
    if (!written.has(record)) {
      written.add(record);
      rules.push({ record, expr: expr(), labels: { [SELECTION_LABEL]: spec.selection } });
    }
  };
  for (const side of ['current', 'baseline'] as const) {
    for (const spec of specs) {
      helper(helperNames(spec, side).cumulative, () => sourceCumulative(spec, side), spec);
    }
  }
  for (const need of ['shares', 'filledShares'] as const) {
    for (const side of ['current', 'baseline'] as const) {
      for (const spec of specs.filter((candidate) => methodNeeds(candidate.method)[need])) {
        const refs = recordedRefs(spec, side);
        const expr = need === 'shares' ? () => sharesFrom(spec, refs) : () => filledSharesFrom(spec, refs.shares());
        helper(helperNames(spec, side)[need], expr, spec);
      }
    }
  }
  for (const spec of specs.filter((candidate) => methodNeeds(candidate.method).change)) {
    const expr = () =>
      changeFrom(spec, recordedRefs(spec, 'baseline').shares(), recordedRefs(spec, 'current').shares());
    helper(changeName(spec), expr, spec);
  }
  for (const spec of specs) {
    rules.push({
      record: driftScoreRecordName(spec.method),
      expr: scoreExpression(
        spec,
        spec.method,
        recordedRefs(spec, 'current'),
        recordedRefs(spec, 'baseline'),
        recordedChange(spec)
      ),
      labels: { [HISTOGRAM_LABEL]: spec.metric, ...identityLabels(spec) },
    });
  }
  for (const spec of specs) {
    rules.push({
      alert: DRIFT_ALERT_NAME,
      expr: `${recordedScoreSelector(spec)} >= ${spec.threshold}`,
      for: forText(spec.forMs),
      labels: { severity: spec.severity, method: spec.method, [HISTOGRAM_LABEL]: spec.metric, ...identityLabels(spec) },
      annotations: alertAnnotations(spec, '$value'),
    });
  }
  return rules;
}

/**
 * The Prometheus rule groups for drift alerts on one or more histograms: per group, the helper
 * records (both windows' cumulative counts and shares, and what PSI and Jensen–Shannon reuse: filled
 * shares, the relative change per bucket), one `driftline:feature_drift:<method>`
 * score per feature, and a `DriftlineFeatureDrift` alert. Specs over the same series and current
 * window share one group and its helper records.
 * @throws DriftRuleSpecError for an invalid spec, or two specs that would record the same series.
 */
export function driftRuleGroups(specs: DriftRuleSpec | readonly DriftRuleSpec[]): PrometheusRuleGroup[] {
  const list = (Array.isArray(specs) ? specs : [specs]) as readonly DriftRuleSpec[];
  const feeds = new Map<string, ResolvedSpec[]>();
  const scores = new Map<string, string>();
  for (const spec of list.map(resolveSpec)) {
    const identity = scoreIdentity(spec);
    const windows = JSON.stringify([spec.matcherText, rangeOf(spec, 'current'), rangeOf(spec, 'baseline')]);
    const owner = scores.get(identity);
    if (owner !== undefined && owner !== windows) {
      throw new DriftRuleSpecError(
        'CONFLICT',
        `two specs record ${driftScoreRecordName(spec.method)} for ${selectorText(spec)} with different selections or windows: ` +
          'keep one, or tell them apart with a label matched with = (e.g. model)'
      );
    }
    const key = groupKey(spec);
    const feed = feeds.get(key) ?? [];
    if (owner !== undefined) {
      // The same method on the same windows twice: the last spec's threshold and alert settings win.
      feed.splice(
        feed.findIndex((existing) => scoreIdentity(existing) === identity),
        1
      );
    }
    scores.set(identity, windows);
    feed.push(spec);
    feeds.set(key, feed);
  }
  return [...feeds.values()].map((specsOfFeed) => {
    const intervals = new Set(specsOfFeed.map((spec) => spec.evaluationIntervalMs));
    if (intervals.size > 1) {
      throw new DriftRuleSpecError(
        'CONFLICT',
        `the specs for ${selectorText(specsOfFeed[0])} ask for different evaluation intervals: use one`
      );
    }
    const interval = specsOfFeed[0].evaluationIntervalMs;
    return {
      name: groupName(specsOfFeed[0]),
      ...(interval !== undefined ? { interval: formatPrometheusDuration(interval) } : {}),
      rules: groupRules(specsOfFeed),
    };
  });
}
