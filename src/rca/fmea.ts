/**
 * FMEA (failure mode and effects analysis) for a model service: each failure mode is scored for severity,
 * occurrence and detection on 1–10 scales, and its risk priority number RPN = S × O × D says what to fix
 * first. Detection is scored the FMEA way round: 1 = certainly detected before it hurts, 10 = not detected.
 */

/** Where a failure mode is seen: a Driftline panel, or an existing Grafana alert rule. */
export type Detector =
  { type: 'panel'; panel: DriftlinePanelId } | { type: 'alert'; ruleUid?: string; title: string } | { type: 'none' };

export type DriftlinePanelId = 'driftline-drift-panel' | 'driftline-predictions-panel' | 'driftline-timeline-panel';

export const DRIFTLINE_PANELS: Array<{ id: DriftlinePanelId; label: string }> = [
  { id: 'driftline-drift-panel', label: 'Drift panel' },
  { id: 'driftline-predictions-panel', label: 'Predictions panel' },
  { id: 'driftline-timeline-panel', label: 'Timeline panel' },
];

export interface FailureMode {
  id: string;
  /** What fails, e.g. "Silent upstream schema change". */
  mode: string;
  /** What the users or the business notice. */
  effect: string;
  /** Why it happens. */
  cause: string;
  /** 1 (no effect) to 10 (hazardous, without warning). */
  severity: number;
  /** 1 (almost never) to 10 (almost certain). */
  occurrence: number;
  /** 1 (always detected before impact) to 10 (cannot be detected). */
  detection: number;
  /** Recommended actions, one per line. */
  actions: string;
  detectedBy: Detector;
}

export type ScoreField = 'severity' | 'occurrence' | 'detection';

export const SCORE_FIELDS: ScoreField[] = ['severity', 'occurrence', 'detection'];

const SCORE_MEANING: Record<ScoreField, string> = {
  severity: '1 = no noticeable effect, 10 = hazardous without warning',
  occurrence: '1 = almost never, 10 = almost certain',
  detection: '1 = always caught before impact, 10 = not detectable',
};

export interface FmeaProblem {
  field: keyof FailureMode;
  message: string;
}

/** The message for a score that is not an integer from 1 to 10, or undefined when it is fine. */
export function scoreProblem(field: ScoreField, value: unknown): string | undefined {
  const label = field[0].toUpperCase() + field.slice(1);
  if (value === '' || value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) {
    return `${label} is missing: give a whole number from 1 to 10 (${SCORE_MEANING[field]}).`;
  }
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || !Number.isInteger(number)) {
    return `${label} must be a whole number from 1 to 10; "${String(value)}" is not.`;
  }
  if (number < 1 || number > 10) {
    return `${label} must be from 1 to 10 (${SCORE_MEANING[field]}); ${number} is out of range.`;
  }
  return undefined;
}

/** Every problem of a failure mode, for the form to show next to its fields; empty when it is valid. */
export function validateFailureMode(mode: Partial<FailureMode>): FmeaProblem[] {
  const problems: FmeaProblem[] = [];
  if (!mode.mode || mode.mode.trim() === '') {
    problems.push({ field: 'mode', message: 'Name the failure mode, e.g. "Silent upstream schema change".' });
  }
  for (const field of SCORE_FIELDS) {
    const message = scoreProblem(field, mode[field]);
    if (message) {
      problems.push({ field, message });
    }
  }
  return problems;
}

/** Risk priority number: severity × occurrence × detection, 1 to 1000. */
export function rpn(mode: Pick<FailureMode, ScoreField>): number {
  return mode.severity * mode.occurrence * mode.detection;
}

/** Highest RPN first; ties by higher severity (a rare catastrophe outranks a frequent nuisance), then by name. */
export function sortByRpn<T extends Pick<FailureMode, ScoreField | 'mode'>>(modes: readonly T[]): T[] {
  return [...modes].sort(
    (a, b) => rpn(b) - rpn(a) || b.severity - a.severity || a.mode.localeCompare(b.mode, 'en', { sensitivity: 'base' })
  );
}

/** Common ways a model service fails; a starting point for a register, each scored for a typical service. */
export type FailureTemplateId =
  | 'schema-change'
  | 'training-serving-skew'
  | 'concept-drift'
  | 'feedback-loop'
  | 'traffic-surge'
  | 'gc-memory-storm'
  | 'bad-rollout'
  | 'dependency-outage'
  | 'adversarial-input';

export const FAILURE_TEMPLATES: Record<FailureTemplateId, Omit<FailureMode, 'id'>> = {
  'schema-change': {
    mode: 'Silent upstream schema change',
    effect:
      'A feature falls back to its default for a growing share of requests; predictions degrade slowly, no error fires.',
    cause:
      'An upstream pipeline renames or retypes a field without a contract check; the feature code swallows the miss.',
    severity: 7,
    occurrence: 5,
    detection: 8,
    actions:
      'Schema contract tests on the events pipeline\nAlert on each feature’s default/null rate\nDrift alert on feature distributions',
    detectedBy: { type: 'panel', panel: 'driftline-drift-panel' },
  },
  'training-serving-skew': {
    mode: 'Training/serving skew',
    effect: 'Online accuracy is well below offline accuracy from the first day of a model version.',
    cause: 'Features are computed differently in the training pipeline and in the serving path.',
    severity: 6,
    occurrence: 5,
    detection: 7,
    actions:
      'Share one feature definition between training and serving\nCompare served feature values with training data',
    detectedBy: { type: 'panel', panel: 'driftline-drift-panel' },
  },
  'concept-drift': {
    mode: 'Concept drift',
    effect: 'Business metrics (CTR, conversion) decline over weeks while inputs look normal.',
    cause: 'The relation between inputs and outcome changes: seasons, new products, changed user behaviour.',
    severity: 6,
    occurrence: 7,
    detection: 6,
    actions: 'Track outcome-based metrics per model version\nScheduled retraining with a holdout check',
    detectedBy: { type: 'panel', panel: 'driftline-predictions-panel' },
  },
  'feedback-loop': {
    mode: 'Feedback loop',
    effect: 'Recommendations narrow; a few items take most impressions and diversity falls.',
    cause: 'The model is trained on outcomes it caused itself, reinforcing its own choices.',
    severity: 5,
    occurrence: 4,
    detection: 8,
    actions: 'Keep an exploration share of traffic\nMonitor the prediction distribution and item diversity',
    detectedBy: { type: 'panel', panel: 'driftline-predictions-panel' },
  },
  'traffic-surge': {
    mode: 'Traffic surge and saturation',
    effect: 'Latency rises, requests queue and time out; load shedding shortens outputs.',
    cause: 'Viral or campaign traffic beyond capacity; accelerators saturate before autoscaling reacts.',
    severity: 8,
    occurrence: 5,
    detection: 3,
    actions: 'Load test at 5× peak\nQueue-depth and saturation alerts\nCapacity plan with the campaign calendar',
    detectedBy: { type: 'panel', panel: 'driftline-timeline-panel' },
  },
  'gc-memory-storm': {
    mode: 'GC or memory storm',
    effect: 'p99 latency spikes and timeouts while CPU rises only mildly.',
    cause: 'A new input pattern (longer inputs) raises allocation; the runtime spends its time collecting garbage.',
    severity: 7,
    occurrence: 4,
    detection: 5,
    actions:
      'Alert on GC pause time and heap after collection\nBound input length\nProfile under production-like inputs',
    detectedBy: { type: 'panel', panel: 'driftline-timeline-panel' },
  },
  'bad-rollout': {
    mode: 'Bad model rollout',
    effect: 'A new model version degrades predictions or crashes replicas right after a deploy.',
    cause: 'The version passed offline checks but not production traffic; no canary or automatic rollback.',
    severity: 8,
    occurrence: 4,
    detection: 4,
    actions: 'Canary with automatic rollback on error and drift\nAnnotate every deploy and model version',
    detectedBy: { type: 'panel', panel: 'driftline-timeline-panel' },
  },
  'dependency-outage': {
    mode: 'Dependency outage',
    effect: 'Feature lookups fail or time out; the model serves defaults or errors.',
    cause: 'The feature store, a vector database or an upstream API is unavailable.',
    severity: 8,
    occurrence: 3,
    detection: 3,
    actions: 'Timeouts and circuit breakers with explicit fallbacks\nAlert on fallback rate',
    detectedBy: { type: 'panel', panel: 'driftline-timeline-panel' },
  },
  'adversarial-input': {
    mode: 'Adversarial input',
    effect: 'Crafted inputs produce harmful or manipulated outputs.',
    cause: 'Inputs are not validated or rate-limited; the model is probed and exploited.',
    severity: 9,
    occurrence: 3,
    detection: 7,
    actions: 'Input validation and rate limits\nMonitor input distributions for outliers\nRed-team the model',
    detectedBy: { type: 'panel', panel: 'driftline-drift-panel' },
  },
};

export const FAILURE_TEMPLATE_IDS = Object.keys(FAILURE_TEMPLATES) as FailureTemplateId[];

/** A new failure mode from a template, with the given id. */
export function failureModeFromTemplate(template: FailureTemplateId, id: string): FailureMode {
  const source = FAILURE_TEMPLATES[template];
  return { ...source, detectedBy: { ...source.detectedBy }, id };
}

/** Which Prometheus query an alert for a failure mode starts from. */
export interface AlertRuleOptions {
  /** The Prometheus data source uid; the alert form asks for one when it is missing. */
  datasourceUid?: string;
  model?: string;
  /** The feature whose drift is watched; all features when missing. */
  feature?: string;
  /** Baseline offset, a Prometheus duration. Default 7d. */
  baselineOffset?: string;
  /** Largest CDF gap (Kolmogorov–Smirnov distance) that is still normal. Default 0.1. */
  threshold?: number;
  folderUid?: string;
}

function labelMatchers(options: AlertRuleOptions, extra = ''): string {
  const matchers = [
    options.model ? `model="${options.model.replace(/"/g, '\\"')}"` : '',
    options.feature ? `feature="${options.feature.replace(/"/g, '\\"')}"` : '',
    extra,
  ].filter(Boolean);
  return `{${matchers.join(', ')}}`;
}

/**
 * A PromQL drift score over `model_feature_value_bucket`: per feature, the largest gap between the current
 * and the baseline cumulative distribution (the Kolmogorov–Smirnov distance on the histogram's bucket
 * bounds). Bucket counts divided by the `+Inf` bucket are the empirical CDF at each `le`.
 */
export function driftExpression(options: AlertRuleOptions = {}): string {
  const offset = options.baselineOffset ?? '7d';
  const buckets = labelMatchers(options);
  const total = labelMatchers(options, 'le="+Inf"');
  const cdf = (shift: string) =>
    `sum by (feature, le) (rate(model_feature_value_bucket${buckets}[1h]${shift}))` +
    ` / ignoring(le) group_left sum by (feature) (rate(model_feature_value_bucket${total}[1h]${shift}))`;
  return `max by (feature) (abs(${cdf('')} - (${cdf(` offset ${offset}`)})))`;
}

/**
 * A link to Grafana's new alert rule form, prefilled through its `defaults` search parameter (a JSON
 * object of the rule form's values): the drift query (A), a reduce (B) and a threshold (C) as the
 * condition, the failure mode as the rule name and its actions as the summary.
 */
export function createAlertRuleUrl(
  mode: Pick<FailureMode, 'mode' | 'effect' | 'actions'>,
  options: AlertRuleOptions = {}
): string {
  const threshold = options.threshold ?? 0.1;
  const defaults = {
    type: 'grafana-alerting',
    name: `Driftline: ${mode.mode}`,
    condition: 'C',
    ...(options.folderUid ? { folder: { uid: options.folderUid, title: '' } } : {}),
    queries: [
      {
        refId: 'A',
        queryType: '',
        datasourceUid: options.datasourceUid ?? '',
        relativeTimeRange: { from: 3600, to: 0 },
        model: {
          refId: 'A',
          expr: driftExpression(options),
          instant: true,
          range: false,
          ...(options.datasourceUid ? { datasource: { type: 'prometheus', uid: options.datasourceUid } } : {}),
        },
      },
      {
        refId: 'B',
        queryType: '',
        datasourceUid: '__expr__',
        relativeTimeRange: { from: 0, to: 0 },
        model: {
          refId: 'B',
          type: 'reduce',
          expression: 'A',
          reducer: 'last',
          datasource: { type: '__expr__', uid: '__expr__' },
        },
      },
      {
        refId: 'C',
        queryType: '',
        datasourceUid: '__expr__',
        relativeTimeRange: { from: 0, to: 0 },
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: 'gt', params: [threshold] } }],
          datasource: { type: '__expr__', uid: '__expr__' },
        },
      },
    ],
    annotations: [
      { key: 'summary', value: `${mode.mode}: ${mode.effect}`.slice(0, 500) },
      { key: 'description', value: mode.actions },
    ],
    labels: [{ key: 'source', value: 'driftline-fmea' }],
  };
  return `/alerting/new/alerting?defaults=${encodeURIComponent(JSON.stringify(defaults))}`;
}

/** The FMEA register as stored (localStorage and the app's jsonData). */
export interface FmeaRegister {
  version: 1;
  service: string;
  modes: FailureMode[];
  updatedAt: number;
}

function isDetector(value: unknown): value is Detector {
  const detector = value as Detector | undefined;
  return (
    !!detector &&
    ((detector.type === 'panel' && DRIFTLINE_PANELS.some((panel) => panel.id === detector.panel)) ||
      (detector.type === 'alert' && typeof detector.title === 'string') ||
      detector.type === 'none')
  );
}

/** Reads a stored register; throws an Error saying what is wrong. Invalid modes are reported, not dropped. */
export function parseFmeaRegister(raw: unknown): FmeaRegister {
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (!value || typeof value !== 'object' || (value as FmeaRegister).version !== 1) {
    throw new Error('This is not a Driftline FMEA register (version 1).');
  }
  const register = value as FmeaRegister;
  if (!Array.isArray(register.modes)) {
    throw new Error('The FMEA register has no list of failure modes.');
  }
  register.modes.forEach((mode, index) => {
    const problems = validateFailureMode(mode);
    if (problems.length > 0 || typeof mode.id !== 'string') {
      throw new Error(`Failure mode ${index + 1} is invalid: ${problems.map((p) => p.message).join(' ') || 'no id'}`);
    }
  });
  return {
    version: 1,
    service: typeof register.service === 'string' ? register.service : '',
    updatedAt: Number(register.updatedAt) || 0,
    modes: register.modes.map((mode) => ({
      id: mode.id,
      mode: String(mode.mode),
      effect: String(mode.effect ?? ''),
      cause: String(mode.cause ?? ''),
      severity: Number(mode.severity),
      occurrence: Number(mode.occurrence),
      detection: Number(mode.detection),
      actions: String(mode.actions ?? ''),
      detectedBy: isDetector(mode.detectedBy) ? mode.detectedBy : { type: 'none' },
    })),
  };
}
