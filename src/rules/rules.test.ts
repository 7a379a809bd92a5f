import { load } from 'js-yaml';

import { BUCKET_DRIFT_METHODS, DEFAULT_BUCKET_THRESHOLDS } from '../analysis';
import {
  alertEpisodes,
  DriftRuleSpec,
  DriftRuleSpecError,
  driftRuleGroups,
  driftScoreQuery,
  firstFiring,
  formatPrometheusDuration,
  grafanaAlertRules,
  grafanaRuleUid,
  leSpellings,
  parsePrometheusDuration,
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  renderGrafanaAlertRuleFile,
  renderPrometheusRuleFile,
} from './index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function spec(overrides: Partial<DriftRuleSpec> = {}): DriftRuleSpec {
  return {
    metric: 'model_feature_value',
    matchers: [{ name: 'model', value: 'reco-model' }],
    featureLabels: ['feature'],
    bounds: ['0', '1', '2.5', '+Inf'],
    baseline: { mode: 'fixed', range: { from: Date.UTC(2025, 9, 1), to: Date.UTC(2025, 9, 7) } },
    windowMs: 6 * HOUR,
    method: 'psi',
    ...overrides,
  };
}

function errorOf(run: () => unknown): DriftRuleSpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof DriftRuleSpecError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DriftRuleSpecError');
}

describe('durations', () => {
  test.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['6d', 6 * DAY],
    ['1w', 7 * DAY],
    ['1y', 365 * DAY],
    ['250ms', 250],
  ])('%s is %d ms', (text, ms) => {
    expect(parsePrometheusDuration(text)).toBe(ms);
  });

  test.each(['', '0s', '6', 'h', '1.5h', '-1h', '1m1h', 'six hours'])('"%s" is rejected with an example', (text) => {
    const error = errorOf(() => parsePrometheusDuration(text));
    expect(error.code).toBe('INVALID_DURATION');
    expect(error.message).toMatch(/e\.g\.|such as/);
  });

  test('formats largest units first and round-trips', () => {
    expect(formatPrometheusDuration(5_400_000)).toBe('1h30m');
    expect(formatPrometheusDuration(28 * DAY)).toBe('28d');
    expect(formatPrometheusDuration(1500)).toBe('1s500ms');
    for (const ms of [1, 999, 61_000, 7 * DAY + HOUR]) {
      expect(parsePrometheusDuration(formatPrometheusDuration(ms))).toBe(ms);
    }
    expect(() => formatPrometheusDuration(0)).toThrow(DriftRuleSpecError);
    expect(() => formatPrometheusDuration(1.5)).toThrow(DriftRuleSpecError);
  });
});

describe('le spellings', () => {
  test('Go, JavaScript, Python and Prometheus 3 spellings of a bound', () => {
    expect(leSpellings(1)).toEqual(['1', '1.0']);
    expect(leSpellings(0.5)).toEqual(['0.5']);
    expect(leSpellings(1e6)).toEqual(['1000000', '1e+06', '1000000.0']);
    expect(leSpellings(1e-7)).toEqual(['1e-7', '1e-07']);
    expect(leSpellings(100000)).toEqual(['100000', '100000.0']);
    expect(leSpellings(Infinity)).toEqual(['+Inf']);
    expect(leSpellings(2, '2.00')).toEqual(['2.00', '2', '2.0']);
  });

  test('the count helper matches every spelling of each bound and writes the label given', () => {
    const record = driftRuleGroups(spec({ bounds: [1, '2.5'] }))[0].rules[0] as PrometheusRecordingRule;
    expect(record.expr).toContain('le=~"1|1\\\\.0"');
    expect(record.expr).toContain('"le", "1", "", ""');
    expect(record.expr).toContain('le=~"2\\\\.5"');
    expect(record.expr).toContain('le=~"\\\\+Inf"');
  });
});

describe('spec validation', () => {
  test.each<[string, Partial<DriftRuleSpec>, string, RegExp]>([
    ['a metric name with a space', { metric: 'model feature' }, 'INVALID_METRIC', /base name/],
    ['no feature label', { featureLabels: [] }, 'INVALID_LABEL', /e\.g\. feature/],
    ['le as the feature label', { featureLabels: ['le'] }, 'INVALID_LABEL', /written by the rules/],
    ['a repeated label', { featureLabels: ['feature'], groupBy: ['model', 'model'] }, 'INVALID_LABEL', /twice/],
    ['a matcher on le', { matchers: [{ name: 'le', value: '1' }] }, 'INVALID_MATCHER', /other than le/],
    ['an unknown matcher op', { matchers: [{ name: 'model', op: '==' as '=', value: 'x' }] }, 'INVALID_MATCHER', /=~/],
    ['bounds out of order', { bounds: [1, 0.5] }, 'INVALID_BOUNDS', /ascending/],
    ['a bound that is not a number', { bounds: ['one'] }, 'INVALID_BOUNDS', /not a number/],
    ['only +Inf', { bounds: ['+Inf'] }, 'INVALID_BOUNDS', /at least one finite/],
    ['a zero window', { windowMs: 0 }, 'INVALID_DURATION', /positive whole number/],
    ['a fractional window', { windowMs: 1.5 }, 'INVALID_DURATION', /whole number/],
    [
      'a baseline ending before it starts',
      { baseline: { mode: 'fixed', range: { from: 2, to: 1 } } },
      'INVALID_BASELINE',
      /start before its end/,
    ],
    ['an unknown baseline', { baseline: { mode: 'weekly' } as never }, 'INVALID_BASELINE', /previousPeriod/],
    ['a negative shift', { baseline: { mode: 'timeShift', shiftMs: -1 } }, 'INVALID_DURATION', /shift/],
    ['an unknown method', { method: 'kl' as never }, 'INVALID_METHOD', /psi, jensenshannon, ks, hellinger/],
    ['a zero threshold', { threshold: 0 }, 'INVALID_THRESHOLD', /positive number/],
    ['a negative for', { forMs: -1 }, 'INVALID_DURATION', /"for"/],
    ['a javascript: link', { dashboardUrl: 'javascript:alert(1)' }, 'INVALID_LINK', /http\(s\)/],
    ['a link with a template', { dashboardUrl: 'https://g.example/d/{{x}}' }, 'INVALID_LINK', /braces/],
    ['a panel without its dashboard', { panelId: 3 }, 'INVALID_LINK', /together/],
  ])('%s', (_name, overrides, code, message) => {
    const error = errorOf(() => driftRuleGroups(spec(overrides)));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  test('the default threshold is the engine default for the method', () => {
    for (const method of BUCKET_DRIFT_METHODS) {
      const alert = driftRuleGroups(spec({ method }))[0].rules.find(
        (rule) => 'alert' in rule
      ) as PrometheusAlertingRule;
      expect(alert.expr).toMatch(new RegExp(` >= ${DEFAULT_BUCKET_THRESHOLDS[method]}$`));
      expect(alert.for).toBe('10m');
    }
  });
});

describe('rule groups', () => {
  test('helpers, score and alert for one spec, in evaluation order', () => {
    const [group] = driftRuleGroups(spec({ forMs: 30 * 60_000, severity: 'page' }));
    expect(group.name).toBe('driftline model_feature_value{model="reco-model"} by (feature) over 6h');
    const names = group.rules.map((rule) => ('record' in rule ? rule.record : rule.alert));
    expect(names).toEqual([
      'driftline:model_feature_value_bucket:increase6h',
      'driftline:model_feature_value_bucket:increase6d_at1759795200',
      'driftline:model_feature_value_bucket:share_increase6h',
      'driftline:model_feature_value_bucket:share_increase6d_at1759795200',
      'driftline:feature_drift:psi',
      'DriftlineFeatureDrift',
    ]);
    const [current, baseline] = group.rules as PrometheusRecordingRule[];
    expect(current.expr).toContain(
      'sum by (model, feature) (increase(model_feature_value_bucket{model="reco-model", le=~'
    );
    expect(current.expr).toContain('[6h]))');
    expect(baseline.expr).toContain('[6d] @ 1759795200))');
    const score = group.rules[4] as PrometheusRecordingRule;
    expect(score.labels).toEqual({ histogram: 'model_feature_value', model: 'reco-model' });
    const alert = group.rules[5] as PrometheusAlertingRule;
    expect(alert).toMatchObject({
      expr: 'driftline:feature_drift:psi{histogram="model_feature_value", model="reco-model"} >= 0.1',
      for: '30m',
      labels: { severity: 'page', method: 'psi', histogram: 'model_feature_value', model: 'reco-model' },
    });
  });

  test('time shift and previous period read the window `offset` earlier', () => {
    const shifted = driftRuleGroups(spec({ baseline: { mode: 'timeShift', shiftMs: 7 * DAY } }))[0];
    expect((shifted.rules[1] as PrometheusRecordingRule).record).toBe(
      'driftline:model_feature_value_bucket:increase6h_offset7d'
    );
    expect((shifted.rules[1] as PrometheusRecordingRule).expr).toContain('[6h] offset 7d))');
    const longer = driftRuleGroups(spec({ baseline: { mode: 'timeShift', shiftMs: DAY, durationMs: 7 * DAY } }))[0];
    expect((longer.rules[1] as PrometheusRecordingRule).expr).toContain('[7d] offset 1d))');
    const previous = driftRuleGroups(spec({ baseline: { mode: 'previousPeriod' } }))[0];
    expect((previous.rules[1] as PrometheusRecordingRule).expr).toContain('[6h] offset 6h))');
  });

  test('ks reads the cumulative counts and needs no share records', () => {
    const [group] = driftRuleGroups(spec({ method: 'ks' }));
    expect(group.rules.map((rule) => ('record' in rule ? rule.record : rule.alert))).toEqual([
      'driftline:model_feature_value_bucket:increase6h',
      'driftline:model_feature_value_bucket:increase6d_at1759795200',
      'driftline:feature_drift:ks',
      'DriftlineFeatureDrift',
    ]);
  });

  test('four methods on the same windows share one group and its helpers', () => {
    const groups = driftRuleGroups(BUCKET_DRIFT_METHODS.map((method) => spec({ method })));
    expect(groups).toHaveLength(1);
    expect(groups[0].rules.filter((rule) => 'record' in rule && rule.record.includes('_bucket:'))).toHaveLength(4);
    expect(groups[0].rules.filter((rule) => 'alert' in rule)).toHaveLength(4);
  });

  test('specs for two models get their own groups; one method twice on different windows is a conflict', () => {
    const groups = driftRuleGroups([spec(), spec({ matchers: [{ name: 'model', value: 'nlp-intent' }] })]);
    expect(groups.map((group) => group.name)).toEqual([
      expect.stringContaining('reco-model'),
      expect.stringContaining('nlp-intent'),
    ]);
    const error = errorOf(() => driftRuleGroups([spec(), spec({ windowMs: HOUR })]));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('driftline:feature_drift:psi');
    // The same spec twice is not a conflict: the later one wins.
    const twice = driftRuleGroups([spec({ threshold: 0.2 }), spec({ threshold: 0.3 })]);
    expect(twice[0].rules.filter((rule) => 'alert' in rule).map((rule) => rule.expr)).toEqual([
      expect.stringMatching(/>= 0\.3$/),
    ]);
  });

  test('several feature labels, grouping labels and an evaluation interval', () => {
    const [group] = driftRuleGroups(
      spec({
        featureLabels: ['feature', 'slot'],
        groupBy: ['region'],
        matchers: [{ name: 'env', op: '=~', value: 'prod|canary' }],
        evaluationIntervalMs: 60_000,
      })
    );
    expect(group.interval).toBe('1m');
    expect((group.rules[0] as PrometheusRecordingRule).expr).toContain(
      'sum by (region, feature, slot) (increase(model_feature_value_bucket{env=~"prod|canary", le=~'
    );
    const alert = group.rules.find((rule) => 'alert' in rule) as PrometheusAlertingRule;
    expect(alert.annotations?.summary).toContain('{{ $labels.feature }}/{{ $labels.slot }} drifted');
  });

  test('annotations: the feature, the score, the threshold, the baseline, the link; spec text stays literal', () => {
    const [group] = driftRuleGroups(
      spec({
        matchers: [{ name: 'model', value: 'a{{b}}"c' }],
        dashboardUrl: 'https://grafana.example/d/abc?var-model=x',
        dashboardUid: 'abc',
        panelId: 4,
      })
    );
    const alert = group.rules.find((rule) => 'alert' in rule) as PrometheusAlertingRule;
    expect(alert.annotations).toEqual({
      summary: '{{ $labels.feature }} drifted: PSI {{ printf "%.3g" $value }} >= 0.1',
      description:
        'The PSI of {{ $labels.feature }} in model_feature_value{model="a{{ "{{" }}b}}\\"c"} over the last 6h, against the fixed range ' +
        '2025-10-01T00:00:00Z to 2025-10-07T00:00:00Z, is {{ printf "%.4g" $value }}: at or above the threshold 0.1 for 10m. ' +
        'Dashboard: https://grafana.example/d/abc?var-model=x',
      dashboard_url: 'https://grafana.example/d/abc?var-model=x',
      __dashboardUid__: 'abc',
      __panelId__: '4',
    });
    expect(alert.expr).toContain('model="a{{b}}\\"c"');
  });

  test('the self-contained score query reads the source series, never a helper record', () => {
    for (const method of BUCKET_DRIFT_METHODS) {
      const query = driftScoreQuery(spec({ method }));
      expect(query).not.toContain('driftline:');
      expect(query).toContain('increase(model_feature_value_bucket{model="reco-model", le=~');
    }
  });
});

describe('rule files', () => {
  test('the Prometheus rule file parses back to the groups, with a comment on top', () => {
    const groups = driftRuleGroups(spec({ severity: 'on' }));
    const text = renderPrometheusRuleFile(groups, { comment: ['Generated by npm run rules'] });
    expect(text.startsWith('# Generated by npm run rules\ngroups:\n')).toBe(true);
    expect(load(text)).toEqual({ groups });
    // YAML 1.1 reads a bare `on` as true: Prometheus' parser must get the string.
    expect(text).toContain("severity: 'on'");
  });
});

describe('Grafana-managed rules', () => {
  const options = { datasourceUid: 'prometheus', folderUid: 'driftline' };

  test('the provisioning API object: the score as query A, `$A >= threshold` as condition B, no data is OK', () => {
    const [rule] = grafanaAlertRules(spec({ forMs: 0, dashboardUid: 'abc', panelId: 2 }), options);
    expect(rule).toMatchObject({
      orgID: 1,
      folderUID: 'driftline',
      ruleGroup: 'Driftline drift',
      title: 'Feature drift (PSI): model_feature_value{model="reco-model"} by feature',
      condition: 'B',
      noDataState: 'OK',
      execErrState: 'Error',
      for: '0s',
      labels: { severity: 'warning', method: 'psi', histogram: 'model_feature_value' },
      isPaused: false,
    });
    expect(rule.uid).toMatch(/^driftline-psi-[0-9a-f]{8}$/);
    expect(rule.data[0]).toMatchObject({
      refId: 'A',
      datasourceUid: 'prometheus',
      model: { expr: driftScoreQuery(spec()), instant: true, datasource: { type: 'prometheus', uid: 'prometheus' } },
    });
    expect(rule.data[1]).toMatchObject({
      refId: 'B',
      datasourceUid: '__expr__',
      model: { type: 'math', expression: '$A >= 0.1' },
    });
    expect(rule.annotations.summary).toBe(
      '{{ $labels.feature }} drifted: PSI {{ printf "%.3g" $values.A.Value }} >= 0.1'
    );
    expect(rule.annotations).toMatchObject({ __dashboardUid__: 'abc', __panelId__: '2' });
  });

  test('the uid stays with the histogram and method when the window or threshold change', () => {
    expect(grafanaRuleUid(spec({ windowMs: HOUR, threshold: 0.3 }))).toBe(grafanaRuleUid(spec()));
    expect(grafanaRuleUid(spec({ method: 'ks' }))).not.toBe(grafanaRuleUid(spec()));
    expect(grafanaRuleUid(spec({ matchers: [{ name: 'model', value: 'other' }] }))).not.toBe(grafanaRuleUid(spec()));
  });

  test('bad uids are refused with a message', () => {
    expect(() => grafanaAlertRules(spec(), { ...options, folderUid: 'a b' })).toThrow(/folder uid/);
    expect(() => grafanaAlertRules(spec(), { ...options, datasourceUid: '' })).toThrow(/data source uid/);
  });

  test('file provisioning holds the same rules; `$` is literal where Grafana would expand it', () => {
    const rules = grafanaAlertRules([spec(), spec({ method: 'ks', severity: 'cost$' })], options);
    const text = renderGrafanaAlertRuleFile(rules, { folder: 'Drift $alerts', intervalMs: 120_000 });
    const file = load(text) as any;
    expect(file.apiVersion).toBe(1);
    expect(file.groups).toHaveLength(1);
    expect(file.groups[0]).toMatchObject({
      orgId: 1,
      name: 'Driftline drift',
      folder: 'Drift $$alerts',
      interval: '2m',
    });
    expect(file.groups[0].rules).toHaveLength(2);
    const [psi, ks] = file.groups[0].rules;
    expect(psi).toMatchObject({
      uid: rules[0].uid,
      title: rules[0].title,
      condition: 'B',
      for: '10m',
      noDataState: 'OK',
    });
    expect(psi.data[0].model.expr).toBe(rules[0].data[0].model.expr);
    // Annotations and query models are not expanded: `$labels` and `$A` stay as they are.
    expect(psi.annotations).toEqual(rules[0].annotations);
    expect(psi.data[1].model.expression).toBe('$A >= 0.1');
    expect(ks.labels.severity).toBe('cost$$');
  });
});

describe('alert episodes (the backtest of `for`)', () => {
  const MINUTE = 60_000;
  const times = (count: number) => Array.from({ length: count }, (_, i) => i * MINUTE);

  test('`for` 0 fires at the first evaluation at or above the threshold', () => {
    const episodes = alertEpisodes(times(4), [0.05, 0.1, 0.2, 0.05], { threshold: 0.1, forMs: 0, intervalMs: MINUTE });
    expect(episodes).toEqual([{ activeAt: MINUTE, firingAt: MINUTE, resolvedAt: 3 * MINUTE }]);
  });

  test('resolved while pending: never fired', () => {
    const episodes = alertEpisodes(times(5), [0.2, 0.2, 0.05, 0.2, 0.2], {
      threshold: 0.1,
      forMs: 2 * MINUTE,
      intervalMs: MINUTE,
    });
    expect(episodes).toEqual([{ activeAt: 0, resolvedAt: 2 * MINUTE }, { activeAt: 3 * MINUTE }]);
    expect(firstFiring(episodes)).toBeUndefined();
  });

  test('missing evaluations (no score: no traffic, no baseline) end an episode; NaN too', () => {
    const episodes = alertEpisodes([0, MINUTE, 4 * MINUTE, 5 * MINUTE, 6 * MINUTE], [0.2, 0.2, 0.2, NaN, 0.2], {
      threshold: 0.1,
      forMs: MINUTE,
      intervalMs: MINUTE,
    });
    expect(episodes).toEqual([
      { activeAt: 0, firingAt: MINUTE, resolvedAt: 2 * MINUTE },
      { activeAt: 4 * MINUTE, resolvedAt: 5 * MINUTE },
      { activeAt: 6 * MINUTE },
    ]);
  });
});

describe('the module stays pure', () => {
  test('src/rules imports only itself, the engine and js-yaml: no React, no @grafana/*, no DOM', () => {
    const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
    const files = readdirSync(__dirname).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'testSupport.ts'
    );
    expect(files).toContain('index.ts');
    const imports = files.flatMap((file) =>
      [...readFileSync(`${__dirname}/${file}`, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1])
    );
    expect(imports.filter((source) => !/^(\.\/|\.\.\/analysis$|js-yaml$)/.test(source))).toEqual([]);
    const code = files.map((file) => readFileSync(`${__dirname}/${file}`, 'utf8')).join('\n');
    expect(code).not.toMatch(/\b(window|document|navigator)\./);
  });
});
