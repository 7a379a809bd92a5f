import { createDataFrame, FieldType } from '@grafana/data';
import { ctrDeclineHistograms } from '../testing/histogramScenario';
import {
  backtestRules,
  evaluationTimes,
  histogramSelectorOf,
  parseHistogramSelector,
  ruleBaselineOf,
  ruleSpecsOf,
} from './alertRuleDraft';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const { scenario, histograms } = ctrDeclineHistograms();
const dataChange = scenario.span.from + 7 * DAY;

describe('histogramSelectorOf', () => {
  it('reads the metric and the shared labels from the bucket series when no query text is known', () => {
    expect(histogramSelectorOf(scenario.featureBuckets, { featureLabel: 'feature' })).toEqual({
      metric: 'model_feature_value',
      matchers: [{ name: 'model', op: '=', value: 'reco-model' }],
      source: 'labels',
    });
  });

  it('prefers the query the data source ran, with every matcher but le', () => {
    const frames = scenario.featureBuckets.slice(0, 2).map((frame) => ({
      ...frame,
      meta: {
        ...frame.meta,
        executedQueryString:
          'Expr: sum by (feature, le) (increase(model_feature_value_bucket{model="reco-model", env=~"prod|canary", le!="0", team="a\\"b"}[1h]))\nStep: 1h',
      },
    }));
    expect(histogramSelectorOf(frames, { featureLabel: 'feature' })).toEqual({
      metric: 'model_feature_value',
      matchers: [
        { name: 'model', op: '=', value: 'reco-model' },
        { name: 'env', op: '=~', value: 'prod|canary' },
        { name: 'team', op: '=', value: 'a"b' },
      ],
      source: 'query',
    });
  });

  it("falls back to the panel's query texts, and gives up on frames that are not histograms", () => {
    const frame = createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [1] }] });
    expect(histogramSelectorOf([frame], { featureLabel: 'feature' })).toBeUndefined();
    expect(
      histogramSelectorOf([frame], { featureLabel: 'feature', queries: ['rate(http_duration_seconds_bucket[5m])'] })
    ).toEqual({ metric: 'http_duration_seconds', matchers: [], source: 'query' });
    expect(parseHistogramSelector('up{job="x"}')).toBeUndefined();
  });
});

describe('ruleSpecsOf', () => {
  const common = {
    selector: {
      metric: 'model_feature_value',
      matchers: [{ name: 'model', op: '=' as const, value: 'reco-model' }],
      source: 'labels' as const,
    },
    featureLabel: 'feature',
    method: 'psi' as const,
    threshold: 0,
    baseline: { mode: 'previousPeriod' as const },
    windowMs: 12 * HOUR,
    forMs: HOUR,
    severity: 'critical',
    dashboard: { url: 'https://grafana.example/d/ctr?viewPanel=2', uid: 'ctr', panelId: 2 },
  };

  it('writes one spec per bucket layout, naming the features of each', () => {
    const specs = ruleSpecsOf({ ...common, features: histograms, featuresChosen: false });
    expect(specs).toHaveLength(4);
    expect(specs[0]).toMatchObject({
      metric: 'model_feature_value',
      matchers: [
        { name: 'model', op: '=', value: 'reco-model' },
        { name: 'feature', op: '=', value: 'user_recent_categories_count' },
      ],
      featureLabels: ['feature'],
      bounds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, Infinity],
      method: 'psi',
      threshold: 0.1,
      forMs: HOUR,
      severity: 'critical',
      dashboardUrl: 'https://grafana.example/d/ctr?viewPanel=2',
      dashboardUid: 'ctr',
      panelId: 2,
    });
  });

  it('watches every feature of a histogram with one layout, and only the chosen ones when the panel picked some', () => {
    const sameLayout = [histograms[0], { ...histograms[0], feature: 'a.b' }];
    expect(ruleSpecsOf({ ...common, features: sameLayout, featuresChosen: false })[0].matchers).toEqual(
      common.selector.matchers
    );
    expect(ruleSpecsOf({ ...common, features: sameLayout, featuresChosen: true })[0].matchers?.[1]).toEqual({
      name: 'feature',
      op: '=~',
      value: 'user_recent_categories_count|a\\.b',
    });
  });
});

describe('ruleBaselineOf', () => {
  const range = { from: 0, to: 100 * HOUR };
  it("pins the panel's first-% and fixed baselines to their dates, and keeps shifts as shifts", () => {
    expect(ruleBaselineOf({ mode: 'firstPercent', percent: 25 }, range)).toEqual({
      mode: 'fixed',
      range: { from: 0, to: 25 * HOUR },
    });
    expect(ruleBaselineOf({ mode: 'fixed', range: { from: -5, to: 7 } }, range)).toEqual({
      mode: 'fixed',
      range: { from: -5, to: 7 },
    });
    expect(ruleBaselineOf({ mode: 'timeShift', shiftMs: 7 * DAY }, range)).toEqual({
      mode: 'timeShift',
      shiftMs: 7 * DAY,
    });
    expect(ruleBaselineOf({ mode: 'previousPeriod' }, range)).toEqual({ mode: 'previousPeriod' });
  });
});

describe('backtestRules', () => {
  it('evaluates every minute from the first whole window, less often over long ranges', () => {
    const short = evaluationTimes({ from: 0, to: 10 * HOUR }, HOUR);
    expect(short).toMatchObject({ from: HOUR, to: 10 * HOUR, intervalMs: 60_000, count: 9 * 60 + 1 });
    const long = evaluationTimes(scenario.defaultRange, 12 * HOUR);
    expect(long.count).toBeLessThanOrEqual(20_000);
    expect(long.intervalMs % 60_000).toBe(0);
  });

  it('ctr-decline: fires on user_recent_categories_count within a day of the data change, and on nothing else', () => {
    const backtest = backtestRules({
      features: histograms,
      range: scenario.defaultRange,
      method: 'jensenshannon',
      threshold: 0,
      baseline: ruleBaselineOf({ mode: 'firstPercent', percent: 25 }, scenario.defaultRange),
      windowMs: 12 * HOUR,
      forMs: 10 * 60_000,
    });
    expect(backtest.firstFiring?.feature).toBe('user_recent_categories_count');
    const delay = backtest.firstFiring!.time - dataChange;
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThan(DAY);
    for (const feature of backtest.features.filter((f) => f.feature !== 'user_recent_categories_count')) {
      expect([feature.feature, feature.episodes]).toEqual([feature.feature, []]);
    }
  });

  it('applies `for`: a longer one fires later, one longer than the drift never fires', () => {
    const options = {
      features: histograms.slice(0, 1),
      range: scenario.defaultRange,
      method: 'jensenshannon' as const,
      threshold: 0,
      baseline: ruleBaselineOf({ mode: 'firstPercent', percent: 25 }, scenario.defaultRange),
      windowMs: 12 * HOUR,
    };
    const quick = backtestRules({ ...options, forMs: 0 }).firstFiring!.time;
    const patient = backtestRules({ ...options, forMs: 6 * HOUR }).firstFiring!.time;
    expect(patient - quick).toBeGreaterThanOrEqual(6 * HOUR);
    expect(backtestRules({ ...options, forMs: 60 * DAY }).firstFiring).toBeUndefined();
  });

  it('says why a feature cannot be backtested instead of guessing', () => {
    const backtest = backtestRules({
      features: histograms.slice(0, 1),
      range: scenario.defaultRange,
      method: 'psi',
      threshold: 0,
      baseline: { mode: 'fixed', range: { from: scenario.span.from - 60 * DAY, to: scenario.span.from - 50 * DAY } },
      windowMs: 12 * HOUR,
      forMs: 0,
    });
    expect(backtest.firstFiring).toBeUndefined();
    expect(backtest.features[0].problem).toMatch(/baseline has no le="\+Inf" samples/);
  });
});
