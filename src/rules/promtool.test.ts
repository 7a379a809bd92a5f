/**
 * @jest-environment node
 */
// The generated rules run in Prometheus' own rule evaluator (`promtool test rules`, no server): the
// recorded scores must equal the engine's bucketDrift on the same bucket increases to 1e-9, for every
// method and baseline mode, with Evidently's empty-bucket fill, several instances and a counter reset;
// windows without traffic or without a baseline must record nothing; the alert must follow `for`.
import { BUCKET_DRIFT_METHODS, BucketDriftMethod, bucketDrift, CumulativeBucket } from '../analysis';
import { alertEpisodes, firstFiring } from './backtest';
import { driftAlertQuery, driftRuleGroups, driftScoreQuery, DRIFT_ALERT_NAME, PrometheusRuleGroup } from './prometheus';
import type { DriftRuleSpec, RuleBaseline } from './spec';
import { renderPrometheusRuleFile } from './yaml';
import { checkRules, hasPromtool, labelText, literalVector, RuleTestCase, testRules } from './testSupport';

const MINUTE = 60_000;
const BOUNDS = [0, 1, 2, 5];
/** Minutes 0-120 are the baseline regime, 121-240 the current one. */
const SWITCH_MINUTE = 120;
const LAST_MINUTE = 240;

interface FeatureStory {
  feature: string;
  /** Observations per minute in each bucket (not cumulative), before and after the switch. */
  before: number[];
  after: number[];
  /** Series labels besides feature and model (an instance), and how the bounds are spelled. */
  instances?: Array<{ instance: string; share: number; resetAtMinute?: number }>;
  spelling?: 'plain' | 'prometheus3';
  /** No series before the switch: a feature without a baseline. */
  startsAtSwitch?: boolean;
  /** Expected to get no score at all. */
  unscored?: boolean;
}

const STORIES: FeatureStory[] = [
  { feature: 'steady', before: [10, 20, 30, 20, 10], after: [10, 20, 30, 20, 10] },
  { feature: 'shifted', before: [10, 20, 30, 20, 10], after: [30, 30, 20, 10, 5] },
  // Empty buckets in the baseline: PSI fills them with 0.0001; Jensen–Shannon takes s·ln 2.
  { feature: 'emptied', before: [0, 25, 50, 25, 0], after: [5, 20, 50, 20, 5] },
  // A share of 1/60001 < 0.0001 on one side: the fill becomes that share / 10^6, on each side separately.
  { feature: 'rare', before: [1, 20000, 30000, 10000, 0], after: [0, 25000, 25000, 10000, 3] },
  { feature: 'quiet', before: [10, 10, 10, 10, 10], after: [0, 0, 0, 0, 0], unscored: true },
  { feature: 'newcomer', before: [0, 0, 0, 0, 0], after: [10, 10, 10, 10, 10], startsAtSwitch: true, unscored: true },
  // Two instances, one of which restarts in the current window: increase() per series, then the sum.
  {
    feature: 'replicated',
    before: [10, 10, 10, 10, 10],
    after: [24, 14, 10, 6, 6],
    instances: [
      { instance: 'a', share: 0.5, resetAtMinute: 200 },
      { instance: 'b', share: 0.5 },
    ],
  },
  // `le="1.0"` as Prometheus 3 and Python clients write it, while the spec says 1.
  { feature: 'respelled', before: [10, 20, 30, 20, 10], after: [20, 20, 20, 20, 20], spelling: 'prometheus3' },
];

function cumulativeSum(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((value) => (sum += value));
}

function leLabel(bound: number, spelling: FeatureStory['spelling']): string {
  if (bound === Infinity) {
    return '+Inf';
  }
  return spelling === 'prometheus3' && Number.isInteger(bound) ? `${bound}.0` : String(bound);
}

/** Per-minute observations of a story in bucket b at minute t (the increment from t-1 to t). */
function increment(story: FeatureStory, b: number, minute: number): number {
  return (minute <= SWITCH_MINUTE ? story.before : story.after)[b];
}

/** The input series of one story: cumulative bucket counters, one per bound and instance. */
function storySeries(story: FeatureStory, model = 'm1'): Array<{ series: string; values: string }> {
  const instances = story.instances ?? [{ instance: 'only', share: 1 }];
  const bounds = [...BOUNDS, Infinity];
  const series: Array<{ series: string; values: string }> = [];
  for (const { instance, share, resetAtMinute } of instances) {
    bounds.forEach((bound, i) => {
      const values: string[] = [];
      let value = 1000 * (i + 1);
      for (let minute = 0; minute <= LAST_MINUTE; minute++) {
        if (minute > 0) {
          let step = 0;
          for (let b = 0; b <= i; b++) {
            step += increment(story, b, minute) * share;
          }
          // A restart: the counter starts again from this minute's observations.
          value = minute === resetAtMinute ? step : value + step;
        }
        values.push(story.startsAtSwitch && minute <= SWITCH_MINUTE ? '_' : String(value));
      }
      const labels = { model, feature: story.feature, instance, le: leLabel(bound, story.spelling) };
      series.push({ series: labelText(labels, 'model_feature_value_bucket'), values: values.join(' ') });
    });
  }
  return series;
}

const INPUT_SERIES = [
  ...STORIES.flatMap((story) => storySeries(story)),
  // Another model's histogram with the same feature names: the matcher model="m1" must leave it out.
  ...storySeries({ feature: 'steady', before: [50, 0, 0, 0, 50], after: [0, 50, 50, 0, 0] }, 'm2'),
];

/**
 * Cumulative buckets of the observations in minutes (from, to]. Prometheus 2.x range selectors include
 * the sample at the range's start, so increase() over samples aligned to it is exactly this.
 */
function windowBuckets(story: FeatureStory, fromMinute: number, toMinute: number): CumulativeBucket[] {
  const perBucket = story.before.map((_, b) => {
    let count = 0;
    for (let minute = fromMinute + 1; minute <= toMinute; minute++) {
      count += increment(story, b, minute);
    }
    return count;
  });
  return cumulativeSum(perBucket).map((count, b) => ({ le: [...BOUNDS, Infinity][b], count }));
}

function specFor(method: BucketDriftMethod, baseline: RuleBaseline, extra: Partial<DriftRuleSpec> = {}): DriftRuleSpec {
  return {
    metric: 'model_feature_value',
    matchers: [{ name: 'model', value: 'm1' }],
    featureLabels: ['feature'],
    bounds: BOUNDS,
    baseline,
    windowMs: 60 * MINUTE,
    method,
    ...extra,
  };
}

interface BaselineCase {
  name: string;
  baseline: RuleBaseline;
  /** Evaluation minute, and the minutes (from, to] the current and baseline windows cover there. */
  evalMinute: number;
  baselineMinutes: [number, number];
}

const BASELINES: BaselineCase[] = [
  {
    name: 'a fixed range pinned with @',
    baseline: { mode: 'fixed', range: { from: 60 * MINUTE, to: 120 * MINUTE } },
    evalMinute: 240,
    baselineMinutes: [60, 120],
  },
  {
    name: 'a time shift (offset)',
    baseline: { mode: 'timeShift', shiftMs: 150 * MINUTE, durationMs: 60 * MINUTE },
    evalMinute: 240,
    baselineMinutes: [30, 90],
  },
  { name: 'the previous period', baseline: { mode: 'previousPeriod' }, evalMinute: 180, baselineMinutes: [60, 120] },
];

/**
 * promtool compares samples exactly, so the test expression does the 1e-9 comparison in PromQL and
 * promtool checks that every scored feature says 1 (and that no other feature has a score).
 */
function exactnessCase(method: BucketDriftMethod, testCase: BaselineCase): RuleTestCase {
  const scored = STORIES.filter((story) => !story.unscored);
  const expected = scored.map((story) => ({
    story,
    value: bucketDrift(
      windowBuckets(story, testCase.baselineMinutes[0], testCase.baselineMinutes[1]),
      windowBuckets(story, testCase.evalMinute - 60, testCase.evalMinute),
      method
    ),
  }));
  const expectedVector = expected
    .map(({ story, value }) => literalVector(value, { model: 'm1', feature: story.feature }))
    .join(' or ');
  const record = `driftline:feature_drift:${method}`;
  const evalTime = `${testCase.evalMinute}m`;
  return {
    interval: '1m',
    input_series: INPUT_SERIES,
    promql_expr_test: [
      {
        expr: `abs(${record} - on(model, feature) (${expectedVector})) <= bool on(model, feature) (1e-9 * (${expectedVector}) + 1e-12)`,
        eval_time: evalTime,
        exp_samples: scored.map((story) => ({ labels: labelText({ model: 'm1', feature: story.feature }), value: 1 })),
      },
      {
        expr: `count by (model, feature, histogram) (${record})`,
        eval_time: evalTime,
        exp_samples: scored.map((story) => ({
          labels: labelText({ histogram: 'model_feature_value', model: 'm1', feature: story.feature }),
          value: 1,
        })),
      },
    ],
  };
}

function ruleFile(groups: PrometheusRuleGroup[]): string {
  return renderPrometheusRuleFile(groups);
}

const describePromtool = hasPromtool ? describe : describe.skip;
if (!hasPromtool) {
  console.info('promtool is not on PATH: skipping the rule evaluation tests (apt-get install prometheus)');
}

describePromtool('generated rules in Prometheus (promtool)', () => {
  test('every method and baseline mode passes `promtool check rules`, in one file', () => {
    const specs = BASELINES.flatMap(({ baseline }, i) =>
      BUCKET_DRIFT_METHODS.map((method) =>
        specFor(method, baseline, {
          matchers: [{ name: 'model', value: `m${i}` }],
          dashboardUrl: 'https://g.example/d/x',
        })
      )
    );
    const groups = driftRuleGroups(specs);
    // Per model: both windows' counts and shares, four scores and four alerts.
    expect(groups.map((group) => group.rules.length)).toEqual([12, 12, 12]);
    const result = checkRules(ruleFile(groups));
    expect(result.output).toContain('SUCCESS: 36 rules found');
    expect(result.status).toBe(0);
  });

  test('the self-contained score and alert queries parse too', () => {
    const groups: PrometheusRuleGroup[] = [
      {
        name: 'inline',
        rules: BUCKET_DRIFT_METHODS.flatMap((method) => [
          { record: `inline:${method}`, expr: driftScoreQuery(specFor(method, { mode: 'previousPeriod' })) },
          { alert: `Inline${method}`, expr: driftAlertQuery(specFor(method, { mode: 'previousPeriod' })) },
        ]),
      },
    ];
    const result = checkRules(ruleFile(groups));
    expect(result.output).toContain('SUCCESS: 8 rules found');
  });

  test('promtool rejects a broken expression, so the checks above can fail', () => {
    const result = checkRules(
      ruleFile([{ name: 'broken', rules: [{ record: 'driftline:x', expr: 'sum by (le (x)' }] }])
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/parse error/);
  });

  describe.each(BASELINES)('against $name', (testCase) => {
    test.each([...BUCKET_DRIFT_METHODS])(
      '%s: the recorded score equals bucketDrift to 1e-9; no traffic and no baseline record nothing',
      (method) => {
        const rules = ruleFile(driftRuleGroups(specFor(method, testCase.baseline)));
        // Rules evaluated every 10 minutes: the checks read them at whole multiples of that.
        const result = testRules(rules, [exactnessCase(method, testCase)], '10m');
        expect(result.output).toContain('SUCCESS');
        expect(result.status).toBe(0);
      }
    );
  });

  test('the self-contained score query gives the same scores as the recorded rules', () => {
    const testCase = BASELINES[0];
    const rulesCases = BUCKET_DRIFT_METHODS.map((method) => {
      const spec = specFor(method, testCase.baseline);
      const exact = exactnessCase(method, testCase);
      const check = exact.promql_expr_test![0];
      return {
        ...exact,
        promql_expr_test: [
          { ...check, expr: check.expr.replace(`driftline:feature_drift:${method}`, `(${driftScoreQuery(spec)})`) },
        ],
      };
    });
    const result = testRules(
      ruleFile([{ name: 'nothing', rules: [{ record: 'unused', expr: 'vector(1)' }] }]),
      rulesCases
    );
    expect(result.output).toContain('SUCCESS');
  });

  test('a wrong expected score fails the comparison, so the exactness tests can fail', () => {
    const testCase = BASELINES[0];
    const exact = exactnessCase('psi', testCase);
    const check = exact.promql_expr_test![0];
    // Off by 1e-8 relative: beyond the 1e-9 tolerance.
    const skewed = check.expr.replace(/vector\(([^)]+)\)/g, (_whole, value) => `vector(${Number(value) * (1 + 1e-8)})`);
    const result = testRules(ruleFile(driftRuleGroups(specFor('psi', testCase.baseline))), [
      { ...exact, promql_expr_test: [{ ...check, expr: skewed }] },
    ]);
    expect(result.status).not.toBe(0);
  });
});

describePromtool('the alert (promtool)', () => {
  const THRESHOLD = 0.1;
  const FOR_MINUTES = 10;

  /**
   * The generated groups without their annotations (promtool would want them rendered with each
   * score; one test below checks them) and, unless asked for, only the alerts.
   */
  function alertRules(
    groups: PrometheusRuleGroup[],
    options: { annotations?: boolean; records?: boolean } = {}
  ): string {
    return ruleFile(
      groups.map((group) => ({
        ...group,
        rules: group.rules
          .filter((rule) => options.records || 'alert' in rule)
          .map((rule) => {
            if (!('alert' in rule) || options.annotations) {
              return rule;
            }
            const { annotations: _annotations, ...rest } = rule;
            return rest;
          }),
      }))
    );
  }

  function alertsOnly(groups: PrometheusRuleGroup[], keepAnnotations = false): string {
    return alertRules(groups, { annotations: keepAnnotations });
  }

  test('`for`: pending from the first evaluation at or above the threshold, firing `for` later, resolved at once', () => {
    // A recorded score of one feature, minute by minute: under, over for 25 minutes, one evaluation without a
    // score (a stale marker, as the rule writes when a series ends), over again.
    const values = [
      ...Array(10).fill(0.05),
      ...Array(25).fill(0.2),
      'stale',
      ...Array(20).fill(0.3),
      ...Array(5).fill(0.01),
    ];
    const spec = specFor('psi', { mode: 'previousPeriod' }, { threshold: THRESHOLD, forMs: FOR_MINUTES * MINUTE });
    const alert = (minute: number) => ({
      eval_time: `${minute}m`,
      alertname: DRIFT_ALERT_NAME,
      exp_alerts: [] as any[],
    });
    const firing = {
      exp_labels: { feature: 'f', model: 'm1', histogram: 'model_feature_value', severity: 'warning', method: 'psi' },
    };
    const cases = [
      alert(9),
      alert(19), // active since minute 10, pending for 9 minutes
      { ...alert(20), exp_alerts: [firing] },
      { ...alert(34), exp_alerts: [firing] },
      alert(35), // the gap resolves it
      alert(45), // active again since 36: still pending
      { ...alert(46), exp_alerts: [firing] },
      alert(56),
    ];
    const result = testRules(alertsOnly(driftRuleGroups(spec)), [
      {
        interval: '1m',
        input_series: [
          {
            series: labelText(
              { feature: 'f', model: 'm1', histogram: 'model_feature_value' },
              'driftline:feature_drift:psi'
            ),
            values: values.join(' '),
          },
        ],
        alert_rule_test: cases,
      },
    ]);
    expect(result.output).toContain('SUCCESS');

    // The backtest gives the same answer from the same scores.
    const times = values.map((_, minute) => minute * MINUTE);
    const scores = values.map((value) => (value === 'stale' ? NaN : Number(value)));
    const present = scores.map((score, i) => ({ score, time: times[i] })).filter(({ score }) => !Number.isNaN(score));
    const episodes = alertEpisodes(
      present.map(({ time }) => time),
      present.map(({ score }) => score),
      { threshold: THRESHOLD, forMs: FOR_MINUTES * MINUTE, intervalMs: MINUTE }
    );
    expect(episodes).toEqual([
      { activeAt: 10 * MINUTE, firingAt: 20 * MINUTE, resolvedAt: 35 * MINUTE },
      { activeAt: 36 * MINUTE, firingAt: 46 * MINUTE, resolvedAt: 56 * MINUTE },
    ]);
  });

  test('a wrong expectation fails, so the `for` test can fail', () => {
    const spec = specFor('psi', { mode: 'previousPeriod' }, { forMs: FOR_MINUTES * MINUTE });
    const result = testRules(alertsOnly(driftRuleGroups(spec)), [
      {
        interval: '1m',
        input_series: [
          {
            series: labelText(
              { feature: 'f', model: 'm1', histogram: 'model_feature_value' },
              'driftline:feature_drift:psi'
            ),
            values: '0.5x30',
          },
        ],
        // Firing already at minute 5 would ignore `for`.
        alert_rule_test: [
          {
            eval_time: '5m',
            alertname: DRIFT_ALERT_NAME,
            exp_alerts: [
              {
                exp_labels: {
                  feature: 'f',
                  model: 'm1',
                  histogram: 'model_feature_value',
                  severity: 'warning',
                  method: 'psi',
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(result.status).not.toBe(0);
  });

  test('annotations name the feature, the score, the threshold and the dashboard', () => {
    const spec = specFor(
      'psi',
      { mode: 'previousPeriod' },
      { forMs: 0, dashboardUrl: 'https://grafana.example/d/abc' }
    );
    const labels = { feature: 'f', model: 'm1', histogram: 'model_feature_value' };
    const result = testRules(alertsOnly(driftRuleGroups(spec), true), [
      {
        interval: '1m',
        input_series: [{ series: labelText(labels, 'driftline:feature_drift:psi'), values: '0.123456x5' }],
        alert_rule_test: [
          {
            eval_time: '2m',
            alertname: DRIFT_ALERT_NAME,
            exp_alerts: [
              {
                exp_labels: { ...labels, severity: 'warning', method: 'psi' },
                exp_annotations: {
                  summary: 'f drifted: PSI 0.123 >= 0.1',
                  description:
                    'The PSI of f in model_feature_value{model="m1"} over the last 1h, against the 1h before, ' +
                    'is 0.1235: at or above the threshold 0.1. Dashboard: https://grafana.example/d/abc',
                  dashboard_url: 'https://grafana.example/d/abc',
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  test.each([...BUCKET_DRIFT_METHODS])(
    '%s end to end: the shifted feature fires `for` after its score first reaches the threshold, the steady one never',
    (method) => {
      const stories = STORIES.filter((story) => story.feature === 'shifted' || story.feature === 'steady');
      const baselineMinutes: [number, number] = [30, 90];
      // The score at every minute after the switch, from the engine on the windows' increases.
      const shifted = stories.find((story) => story.feature === 'shifted')!;
      const minutes: number[] = [];
      const scores: number[] = [];
      for (let minute = SWITCH_MINUTE; minute <= LAST_MINUTE; minute++) {
        minutes.push(minute * MINUTE);
        scores.push(
          bucketDrift(windowBuckets(shifted, ...baselineMinutes), windowBuckets(shifted, minute - 60, minute), method)
        );
      }
      // Part-way up, away from any score that a ratio of whole counts would hit exactly.
      const threshold = scores[scores.length - 1] * 0.4721;
      const firing = firstFiring(
        alertEpisodes(minutes, scores, { threshold, forMs: FOR_MINUTES * MINUTE, intervalMs: MINUTE })
      );
      expect(firing).toBeGreaterThan(SWITCH_MINUTE * MINUTE);
      const firingMinute = firing! / MINUTE;
      const spec = specFor(
        method,
        { mode: 'fixed', range: { from: baselineMinutes[0] * MINUTE, to: baselineMinutes[1] * MINUTE } },
        {
          threshold,
          forMs: FOR_MINUTES * MINUTE,
          matchers: [
            { name: 'model', value: 'm1' },
            { name: 'feature', op: '=~', value: 'shifted|steady' },
          ],
        }
      );
      const labels = { feature: 'shifted', model: 'm1', histogram: 'model_feature_value', severity: 'warning', method };
      const result = testRules(alertRules(driftRuleGroups(spec), { records: true }), [
        {
          interval: '1m',
          input_series: stories.flatMap((story) => storySeries(story)),
          alert_rule_test: [
            { eval_time: `${firingMinute - 1}m`, alertname: DRIFT_ALERT_NAME, exp_alerts: [] },
            { eval_time: `${firingMinute}m`, alertname: DRIFT_ALERT_NAME, exp_alerts: [{ exp_labels: labels }] },
            { eval_time: `${LAST_MINUTE}m`, alertname: DRIFT_ALERT_NAME, exp_alerts: [{ exp_labels: labels }] },
          ],
        },
      ]);
      expect(result.output).toContain('SUCCESS');
    }
  );
});
