import { DataFrame, DataFrameType, FieldType } from '@grafana/data';
import { computeDriftOverTime, counterIncreases, DriftInputError } from '../analysis';
import { getScenario } from '../demo';
import { isHistogramData, readHistogramFeatures, readHistogramInput } from './histogramFrames';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const times = (n: number, step = MINUTE) => Array.from({ length: n }, (_, i) => T0 + (i + 1) * step);

/** A frame as Grafana's Prometheus data source returns one series of a range query (`timeseries-multi`). */
function promSeries(labels: Record<string, string>, values: number[], stamp = times(values.length), query?: string) {
  const name = `model_feature_value_bucket{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
  return {
    name,
    refId: 'A',
    length: values.length,
    meta: {
      type: DataFrameType.TimeSeriesMulti,
      typeVersion: [0, 1] as [number, number],
      custom: { resultType: 'matrix' },
      executedQueryString: query,
    },
    fields: [
      { name: 'Time', type: FieldType.time, values: stamp, config: { interval: MINUTE } },
      {
        name: 'Value',
        type: FieldType.number,
        values,
        labels: { __name__: 'model_feature_value_bucket', ...labels },
        config: { displayNameFromDS: name },
      },
    ],
  } as DataFrame;
}

/** Per-interval increases of a 3-bucket histogram, cumulative over le: [le=1, le=2, +Inf]. */
const INCREASES: Record<string, number[]> = {
  '1': [2, 3, 1, 4],
  '2': [5, 4, 3, 6],
  '+Inf': [7, 6, 3, 9],
};

function featureFrames(feature: string, data = INCREASES, query?: string): DataFrame[] {
  return Object.entries(data).map(([le, values]) => promSeries({ feature, le }, values, undefined, query));
}

/** Grafana's "Heatmap" format: one frame, fields named by le, values de-accumulated over le. */
function heatmapFrame(feature: string, perBucket: Record<string, number[]>): DataFrame {
  const entries = Object.entries(perBucket);
  return {
    name: feature,
    refId: 'A',
    length: entries[0][1].length,
    meta: { type: DataFrameType.HeatmapRows },
    fields: [
      { name: 'Time', type: FieldType.time, values: times(entries[0][1].length), config: {} },
      ...entries.map(([le, values]) => ({
        name: le,
        type: FieldType.number,
        values,
        labels: { feature, le },
        config: { displayNameFromDS: le },
      })),
    ],
  };
}

function totalOf(series: ReturnType<typeof readHistogramFeatures>[number], le: number): number {
  const bucket = series.buckets.find((b) => b.le === le)!;
  return counterIncreases(bucket, [-Infinity, Infinity])[0];
}

describe('isHistogramData', () => {
  it('recognises per-series bucket frames, heatmap frames and native histograms, not sample tables', () => {
    expect(isHistogramData(featureFrames('f'))).toBe(true);
    expect(isHistogramData([heatmapFrame('f', { '1': [1], '+Inf': [2] })])).toBe(true);
    const scenario = getScenario('ctr-decline', { now: T0 });
    expect(isHistogramData(scenario.featureBuckets)).toBe(true);
    expect(isHistogramData(scenario.predictionBuckets)).toBe(true);
    expect(isHistogramData([scenario.samples])).toBe(false);
    expect(isHistogramData([])).toBe(false);
  });
});

describe('readHistogramFeatures', () => {
  it('turns per-interval increases into counters whose increases add up to the input', () => {
    const [feature] = readHistogramFeatures(featureFrames('f'), { values: 'increase' });
    expect(feature.feature).toBe('f');
    expect(feature.buckets.map((b) => b.le)).toEqual([1, 2, Infinity]);
    expect(totalOf(feature, Infinity)).toBe(25);
    expect(totalOf(feature, 1)).toBe(10);
    // Every interval's increase is kept, including the first one.
    const inf = feature.buckets[2];
    const boundaries = [T0, ...times(4)];
    expect(Array.from(counterIncreases(inf, boundaries))).toEqual([7, 6, 3, 9]);
  });

  it('detects increases in auto mode from the query text and from the shape', () => {
    const withQuery = readHistogramInput(
      featureFrames('f', INCREASES, 'Expr: sum by (le, feature) (increase(model_feature_value_bucket[1m]))')
    );
    expect(withQuery.valueKinds.f).toBe('increase');
    expect(readHistogramInput(featureFrames('f')).valueKinds.f).toBe('increase');
    // Flat per-interval increases are not a counter that stopped.
    const flat = { '1': [10, 10, 10, 2, 2, 2], '+Inf': [18, 18, 18, 19, 19, 19] };
    expect(readHistogramInput(featureFrames('f', flat)).valueKinds.f).toBe('increase');
  });

  it('keeps raw counters as counters in auto mode', () => {
    const counters: Record<string, number[]> = {
      '1': [1000, 1002, 1005, 1006],
      '2': [2000, 2005, 2009, 2012],
      '+Inf': [3000, 3007, 3013, 3016],
    };
    const input = readHistogramInput(featureFrames('f', counters));
    expect(input.valueKinds.f).toBe('counter');
    expect(totalOf(input.features[0], Infinity)).toBe(16);
    const fromQuery = readHistogramInput(featureFrames('f', counters, 'Expr: model_feature_value_bucket'));
    expect(fromQuery.valueKinds.f).toBe('counter');
  });

  it('lets the option force the reading', () => {
    const counters: Record<string, number[]> = { '1': [10, 20, 30], '+Inf': [20, 40, 60] };
    expect(readHistogramInput(featureFrames('f', counters), { values: 'increase' }).valueKinds.f).toBe('increase');
    expect(readHistogramInput(featureFrames('f'), { values: 'counter' }).valueKinds.f).toBe('counter');
  });

  it('groups series by the feature label, and by metric name without one', () => {
    const frames = [...featureFrames('a'), ...featureFrames('b')];
    expect(readHistogramFeatures(frames).map((f) => f.feature)).toEqual(['a', 'b']);
    const unlabelled = Object.entries(INCREASES).map(([le, values]) => promSeries({ le }, values));
    expect(readHistogramFeatures(unlabelled).map((f) => f.feature)).toEqual(['model_feature_value']);
    const byModel = readHistogramFeatures(
      featureFrames('x').map((frame) => frame),
      { featureLabel: 'model' }
    );
    expect(byModel.map((f) => f.feature)).toEqual(['model_feature_value']);
  });

  it('accepts different bucket layouts for different features', () => {
    const frames = [...featureFrames('a'), ...featureFrames('b', { '5': [1, 2], '10': [3, 3], '+Inf': [4, 5] })];
    const features = readHistogramFeatures(frames, { values: 'increase' });
    expect(features[0].buckets.map((b) => b.le)).toEqual([1, 2, Infinity]);
    expect(features[1].buckets.map((b) => b.le)).toEqual([5, 10, Infinity]);
  });

  it('treats a bucket series missing at some timestamps as 0 increase there', () => {
    const frames = [
      promSeries({ feature: 'f', le: '1' }, [2, 4], [times(4)[0], times(4)[3]]),
      promSeries({ feature: 'f', le: '+Inf' }, [7, 6, 3, 9]),
    ];
    const [feature] = readHistogramFeatures(frames, { values: 'increase' });
    const boundaries = [T0, ...times(4)];
    expect(Array.from(counterIncreases(feature.buckets[0], boundaries))).toEqual([2, 0, 0, 4]);
  });

  it('reads Grafana heatmap frames, summing the de-accumulated buckets back over le', () => {
    const frame = heatmapFrame('f', { '1': [2, 3, 1, 4], '2': [3, 1, 2, 2], '+Inf': [2, 2, 0, 3] });
    const [feature] = readHistogramFeatures([frame], { values: 'increase' });
    expect(feature.feature).toBe('f');
    expect(totalOf(feature, 2)).toBe(18);
    expect(totalOf(feature, Infinity)).toBe(25);
  });

  it('reads an untyped frame with one field per bound as cumulative when it never decreases with le', () => {
    const frame = heatmapFrame('f', INCREASES);
    delete frame.meta;
    expect(isHistogramData([frame])).toBe(true);
    const [feature] = readHistogramFeatures([frame], { values: 'increase' });
    expect(totalOf(feature, Infinity)).toBe(25);
  });

  it('converts native histograms, from a field of histogram objects and from heatmap-cells frames', () => {
    const histograms = [
      {
        count: '3',
        sum: '2',
        buckets: [
          [0, '0', '1', '1'],
          [0, '1', '2', '2'],
        ],
      },
      {
        count: '4',
        sum: '5',
        buckets: [
          [0, '0', '1', '1'],
          [0, '2', '4', '3'],
        ],
      },
    ];
    const objects: DataFrame = {
      name: 'latency',
      length: 2,
      fields: [
        { name: 'Time', type: FieldType.time, values: times(2), config: {} },
        { name: 'Value', type: FieldType.other, values: histograms, labels: { feature: 'latency' }, config: {} },
      ],
    };
    expect(isHistogramData([objects])).toBe(true);
    const [fromObjects] = readHistogramFeatures([objects], { values: 'increase' });
    expect(fromObjects.buckets.map((b) => b.le)).toEqual([1, 2, 4, Infinity]);
    expect(totalOf(fromObjects, Infinity)).toBe(7);
    expect(totalOf(fromObjects, 1)).toBe(2);

    const cells: DataFrame = {
      name: 'latency',
      length: 4,
      meta: { type: DataFrameType.HeatmapCells },
      fields: [
        {
          name: 'xMax',
          type: FieldType.time,
          values: [times(2)[0], times(2)[0], times(2)[1], times(2)[1]],
          config: {},
        },
        { name: 'yMin', type: FieldType.number, values: [0, 1, 0, 2], config: {} },
        { name: 'yMax', type: FieldType.number, values: [1, 2, 1, 4], config: {} },
        { name: 'count', type: FieldType.number, values: [1, 2, 1, 3], config: {} },
        { name: 'yLayout', type: FieldType.number, values: [0, 0, 0, 0], config: {} },
      ],
    };
    expect(isHistogramData([cells])).toBe(true);
    const [fromCells] = readHistogramFeatures([cells], { values: 'increase' });
    expect(totalOf(fromCells, Infinity)).toBe(7);
  });

  it('rejects negative values, naming the feature, bucket and time', () => {
    const frames = featureFrames('f', { '1': [1, -2, 1, 1], '+Inf': [3, 3, 3, 3] });
    expect(() => readHistogramFeatures(frames)).toThrow(DriftInputError);
    expect(() => readHistogramFeatures(frames)).toThrow(/feature 'f', bucket le=1 has a negative value \(-2\)/);
    expect(() => readHistogramFeatures(frames)).toThrow(/delta\(\)/);
  });

  it('rejects buckets that decrease with le', () => {
    const frames = featureFrames('f', { '1': [5, 1], '2': [3, 2], '+Inf': [6, 3] });
    try {
      readHistogramFeatures(frames);
      throw new Error('expected a DriftInputError');
    } catch (error) {
      expect(error).toBeInstanceOf(DriftInputError);
      expect((error as DriftInputError).code).toBe('NON_MONOTONIC_BUCKETS');
      expect((error as Error).message).toMatch(/le=2 \(3\) is below le=1 \(5\)/);
    }
  });

  it('rejects a histogram without +Inf and duplicate le series', () => {
    expect(() => readHistogramFeatures(featureFrames('f', { '1': [1], '2': [2] }))).toThrow(/no le="\+Inf" bucket/);
    const duplicate = [...featureFrames('f'), promSeries({ feature: 'f', le: '1', instance: 'b' }, [1, 1, 1, 1])];
    expect(() => readHistogramFeatures(duplicate)).toThrow(/two series with le=1/);
  });

  it('keeps the readable features when one cannot be read', () => {
    const frames = [...featureFrames('good'), ...featureFrames('bad', { '1': [1], '2': [2] })];
    const input = readHistogramInput(frames);
    expect(input.features.map((f) => f.feature)).toEqual(['good']);
    expect(input.problems).toEqual([expect.objectContaining({ feature: 'bad', code: 'INVALID_BUCKETS' })]);
  });

  it("reads the demo's feature buckets as increases and ranks the ctr-decline root cause first", () => {
    const now = Date.UTC(2026, 2, 1);
    const scenario = getScenario('ctr-decline', { now });
    const input = readHistogramInput(scenario.featureBuckets);
    expect(input.problems).toEqual([]);
    expect(Object.values(input.valueKinds).every((kind) => kind === 'increase')).toBe(true);
    expect(input.features.map((f) => f.feature)).toEqual(
      expect.arrayContaining(['user_recent_categories_count', 'user_age_days', 'session_length_s', 'item_price'])
    );
    expect(input.features[0].buckets).toHaveLength(14);
    const drift = computeDriftOverTime(input.features, {
      range: scenario.defaultRange,
      baseline: { mode: 'firstPercent', percent: 25 },
      windowMs: (scenario.defaultRange.to - scenario.defaultRange.from) / 48,
    });
    expect(drift.features[0].feature).toBe('user_recent_categories_count');
  });
});
