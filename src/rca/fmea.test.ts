import {
  createAlertRuleUrl,
  driftExpression,
  FAILURE_TEMPLATE_IDS,
  FAILURE_TEMPLATES,
  failureModeFromTemplate,
  parseFmeaRegister,
  rpn,
  scoreProblem,
  sortByRpn,
  validateFailureMode,
} from './fmea';

const mode = (name: string, severity: number, occurrence: number, detection: number) => ({
  mode: name,
  severity,
  occurrence,
  detection,
});

describe('RPN', () => {
  it('is severity × occurrence × detection', () => {
    expect(rpn(mode('a', 7, 5, 8))).toBe(280);
    expect(rpn(mode('a', 10, 10, 10))).toBe(1000);
    expect(rpn(mode('a', 1, 1, 1))).toBe(1);
  });

  it('sorts by RPN, then severity, then name', () => {
    const sorted = sortByRpn([
      mode('beta', 2, 5, 10), // 100, severity 2
      mode('alpha', 5, 4, 5), // 100, severity 5
      mode('Gamma', 5, 5, 4), // 100, severity 5
      mode('top', 10, 10, 2), // 200
    ]);
    expect(sorted.map((m) => m.mode)).toEqual(['top', 'alpha', 'Gamma', 'beta']);
  });
});

describe('score validation', () => {
  it('accepts whole numbers from 1 to 10', () => {
    expect(scoreProblem('severity', 1)).toBeUndefined();
    expect(scoreProblem('detection', '10')).toBeUndefined();
  });

  it.each([
    [0, /out of range/],
    [11, /out of range/],
    [2.5, /whole number/],
    ['high', /whole number/],
    ['', /missing/],
    [NaN, /missing/],
  ])('rejects %p with a clear message', (value, message) => {
    expect(scoreProblem('occurrence', value)).toMatch(message);
  });

  it('names the failure mode and every bad score', () => {
    const problems = validateFailureMode({ mode: ' ', severity: 0, occurrence: 3, detection: 12 });
    expect(problems.map((p) => p.field)).toEqual(['mode', 'severity', 'detection']);
  });
});

describe('templates', () => {
  it('cover the common AI failure modes, each valid and with a detecting panel', () => {
    expect(FAILURE_TEMPLATE_IDS).toEqual(
      expect.arrayContaining([
        'schema-change',
        'training-serving-skew',
        'concept-drift',
        'feedback-loop',
        'traffic-surge',
        'gc-memory-storm',
        'bad-rollout',
        'dependency-outage',
        'adversarial-input',
      ])
    );
    for (const id of FAILURE_TEMPLATE_IDS) {
      const template = FAILURE_TEMPLATES[id];
      expect(validateFailureMode(template)).toEqual([]);
      expect(template.effect.length).toBeGreaterThan(10);
      expect(template.actions.length).toBeGreaterThan(10);
      expect(template.detectedBy.type).toBe('panel');
    }
  });

  it('copies a template so edits do not change it', () => {
    const copy = failureModeFromTemplate('schema-change', 'm1');
    copy.severity = 1;
    expect(FAILURE_TEMPLATES['schema-change'].severity).toBe(7);
    expect(copy.id).toBe('m1');
  });
});

describe('create alert rule link', () => {
  it('opens the new alert rule form with the drift query prefilled', () => {
    const url = createAlertRuleUrl(FAILURE_TEMPLATES['schema-change'], {
      datasourceUid: 'prometheus',
      model: 'reco',
      feature: 'user_recent_categories_count',
      threshold: 0.15,
    });
    expect(url.startsWith('/alerting/new/alerting?defaults=')).toBe(true);
    const defaults = JSON.parse(new URLSearchParams(url.split('?')[1]).get('defaults')!);
    expect(defaults.name).toBe('Driftline: Silent upstream schema change');
    expect(defaults.condition).toBe('C');
    expect(defaults.queries[0].datasourceUid).toBe('prometheus');
    expect(defaults.queries[0].model.expr).toContain(
      'model_feature_value_bucket{model="reco", feature="user_recent_categories_count"}'
    );
    expect(defaults.queries[0].model.expr).toContain('offset 7d');
    expect(defaults.queries[2].model.conditions[0].evaluator).toEqual({ type: 'gt', params: [0.15] });
    expect(defaults.annotations[0].key).toBe('summary');
  });

  it('compares current and baseline CDFs per feature', () => {
    const expr = driftExpression({ baselineOffset: '1d' });
    expect(expr).toMatch(/^max by \(feature\) \(abs\(/);
    expect(expr).toContain('le="+Inf"');
    expect(expr).toContain('offset 1d');
  });
});

describe('register storage', () => {
  it('round-trips a register and reports a damaged one', () => {
    const register = {
      version: 1 as const,
      service: 'reco',
      updatedAt: 5,
      modes: [failureModeFromTemplate('bad-rollout', 'x')],
    };
    expect(parseFmeaRegister(JSON.stringify(register))).toEqual(register);
    expect(() => parseFmeaRegister({ version: 2, modes: [] })).toThrow(/version 1/);
    expect(() => parseFmeaRegister({ ...register, modes: [{ ...register.modes[0], severity: 40 }] })).toThrow(
      /Failure mode 1 is invalid: Severity must be from 1 to 10/
    );
  });
});
