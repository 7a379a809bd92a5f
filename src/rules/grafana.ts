/**
 * Grafana-managed alert rules for the same drift scores: one rule per spec, whose query A is the
 * score as one self-contained PromQL query (Grafana has no recording rules to read) and whose
 * condition B is `$A >= threshold`, so each feature is one alert instance. The objects are what
 * `POST /api/v1/provisioning/alert-rules` takes (Grafana's `ProvisionedAlertRule`); the file
 * renderer turns the same objects into alerting file provisioning.
 */
import { formatPrometheusDuration } from './durations';
import { DriftRuleSpecError } from './errors';
import { alertAnnotations, driftScoreQuery, HISTOGRAM_LABEL, METHOD_TITLES, recordedScoreSelector } from './prometheus';
import { DriftRuleSpec, resolveSpec, ResolvedSpec } from './spec';

/** One query or expression of a Grafana alert rule (`AlertQuery`). */
export interface GrafanaAlertQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** A Grafana-managed alert rule as the alerting provisioning HTTP API takes it (`ProvisionedAlertRule`). */
export interface GrafanaAlertRule {
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: GrafanaAlertQuery[];
  noDataState: 'OK' | 'NoData' | 'Alerting' | 'KeepLast';
  execErrState: 'OK' | 'Error' | 'Alerting' | 'KeepLast';
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
}

export interface GrafanaAlertRuleOptions {
  /** Uid of the Prometheus data source the rules query. */
  datasourceUid: string;
  /** Uid of the folder the rules go into. */
  folderUid: string;
  /** Evaluation group (default `Driftline drift`). */
  ruleGroup?: string;
  orgId?: number;
  /**
   * What query A reads: `query` (default) computes the score from the histogram itself, which needs
   * nothing in Prometheus but costs a full computation per evaluation; `recorded` reads the
   * `driftline:feature_drift:<method>` series the Prometheus rules of the same specs record.
   */
  source?: 'query' | 'recorded';
}

export const DEFAULT_RULE_GROUP = 'Driftline drift';
const EXPRESSION_DATASOURCE = '__expr__';
const MAX_TITLE = 190;

/** FNV-1a, 32 bits: a short, stable id for a rule's identity. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A uid that stays the same while the histogram, its selection and the method stay the same, so
 * that regenerating a rule with another window or threshold updates it instead of adding one.
 */
export function grafanaRuleUid(spec: DriftRuleSpec): string {
  const resolved = resolveSpec(spec);
  return `driftline-${resolved.method}-${shortHash(JSON.stringify([resolved.metric, resolved.matcherText, resolved.keep]))}`;
}

function titleOf(spec: ResolvedSpec): string {
  const selector = `${spec.metric}${spec.matcherText ? `{${spec.matcherText}}` : ''}`;
  const title = `Feature drift (${METHOD_TITLES[spec.method]}): ${selector} by ${spec.featureLabels.join(', ')}`;
  return title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1)}…`;
}

function checkUid(uid: string, role: string): void {
  if (typeof uid !== 'string' || !/^[a-zA-Z0-9_-]{1,40}$/.test(uid)) {
    throw new DriftRuleSpecError('INVALID_LABEL', `"${String(uid)}" is not a ${role} uid: pick one from the list`);
  }
}

/**
 * Grafana-managed alert rules for the specs, as the alerting provisioning HTTP API takes them
 * (`POST /api/v1/provisioning/alert-rules`, one rule per request). No data is OK: a window without
 * traffic, or without a baseline, raises nothing.
 * @throws DriftRuleSpecError for an invalid spec or uid.
 */
export function grafanaAlertRules(
  specs: DriftRuleSpec | readonly DriftRuleSpec[],
  options: GrafanaAlertRuleOptions
): GrafanaAlertRule[] {
  checkUid(options.datasourceUid, 'data source');
  checkUid(options.folderUid, 'folder');
  if (options.orgId !== undefined && !(Number.isSafeInteger(options.orgId) && options.orgId > 0)) {
    throw new DriftRuleSpecError('INVALID_LABEL', `organisation id ${options.orgId} is not a positive whole number`);
  }
  const list = (Array.isArray(specs) ? specs : [specs]) as readonly DriftRuleSpec[];
  return list.map((spec) => {
    const resolved = resolveSpec(spec);
    const datasource = { type: 'prometheus', uid: options.datasourceUid };
    return {
      uid: grafanaRuleUid(spec),
      orgID: options.orgId ?? 1,
      folderUID: options.folderUid,
      ruleGroup: options.ruleGroup ?? DEFAULT_RULE_GROUP,
      title: titleOf(resolved),
      condition: 'B',
      data: [
        {
          refId: 'A',
          queryType: '',
          // An instant query at the evaluation time; the windows are inside the expression.
          relativeTimeRange: { from: 600, to: 0 },
          datasourceUid: options.datasourceUid,
          model: {
            refId: 'A',
            datasource,
            editorMode: 'code',
            expr: options.source === 'recorded' ? recordedScoreSelector(resolved) : driftScoreQuery(spec),
            instant: true,
            range: false,
            intervalMs: 1000,
            maxDataPoints: 43200,
          },
        },
        {
          refId: 'B',
          queryType: '',
          relativeTimeRange: { from: 0, to: 0 },
          datasourceUid: EXPRESSION_DATASOURCE,
          model: {
            refId: 'B',
            datasource: { type: EXPRESSION_DATASOURCE, uid: EXPRESSION_DATASOURCE },
            type: 'math',
            expression: `$A >= ${resolved.threshold}`,
            intervalMs: 1000,
            maxDataPoints: 43200,
          },
        },
      ],
      noDataState: 'OK',
      execErrState: 'Error',
      for: resolved.forMs === 0 ? '0s' : formatPrometheusDuration(resolved.forMs),
      annotations: alertAnnotations(resolved, '$values.A.Value'),
      labels: { severity: resolved.severity, method: resolved.method, [HISTOGRAM_LABEL]: resolved.metric },
      isPaused: false,
    };
  });
}
