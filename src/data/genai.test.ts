import { DataFrame, DataFrameType, FieldType } from '@grafana/data';
import { computeDriftOverTime, counterIncreases, formatLe } from '../analysis';
import { readDriftInput } from './driftInput';
import {
  COARSE_TOKEN_BUCKETS_NOTE,
  GENAI_METRICS,
  GenAiMetric,
  genAiMetricInQuery,
  genAiMetricOf,
  prometheusLabel,
  prometheusName,
  TOKEN_BUCKETS,
} from './genai';
import { readHistogramInput } from './histogramFrames';
import { readTimelineLanes } from './lanes';
import { bucketQuantile } from './quantiles';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const STEPS = 40;
const times = Array.from({ length: STEPS }, (_, i) => T0 + (i + 1) * MINUTE);
const RANGE = { from: T0, to: T0 + STEPS * MINUTE };

type NameForm = 'underscores' | 'utf8';
type ProviderAttribute = 'gen_ai.provider.name' | 'gen_ai.system';

/** Label names as each Prometheus name form writes an attribute. */
function label(attribute: string, form: NameForm): string {
  return form === 'utf8' ? attribute : prometheusLabel(attribute);
}

function attributeLabels(form: NameForm, provider: ProviderAttribute, extra: Record<string, string> = {}) {
  const labels: Record<string, string> = {
    [label('gen_ai.operation.name', form)]: 'chat',
    [label(provider, form)]: 'openai',
    [label('gen_ai.request.model', form)]: 'gpt-4o',
    [label('gen_ai.response.model', form)]: 'gpt-4o-2024-08-06',
  };
  for (const [attribute, value] of Object.entries(extra)) {
    labels[label(attribute, form)] = value;
  }
  return labels;
}

/**
 * Per-interval increases of one histogram whose observations sit in bucket `from` for the first half of the
 * steps and in bucket `to` after, 100 per step: cumulative over le, one array per bound (+Inf last).
 */
function shiftingIncreases(bounds: readonly number[], from: number, to: number): number[][] {
  return [...bounds, Infinity].map((_, b) =>
    times.map((_time, i) => {
      const bucket = i < STEPS / 2 ? from : to;
      return b >= bucket ? 100 : 0;
    })
  );
}

/**
 * Frames as Grafana's Prometheus data source returns a range query in the "Time series" format: one
 * `timeseries-multi` frame per series, Time and Value, the labels (with `__name__` unless a function dropped
 * it) on Value, and the query as the data source ran it in `meta.executedQueryString`.
 */
function prometheusFrames(
  name: string | undefined,
  labels: Record<string, string>,
  bounds: readonly number[],
  increases: number[][],
  query: string
): DataFrame[] {
  return [...bounds, Infinity].map((bound, b) => {
    const seriesLabels = { ...(name ? { __name__: name } : {}), ...labels, le: formatLe(bound) };
    return {
      name: `${name ?? ''}{${Object.entries(seriesLabels)
        .filter(([key]) => key !== '__name__')
        .map(([key, value]) => `${key}="${value}"`)
        .join(', ')}}`,
      refId: 'A',
      length: STEPS,
      meta: {
        type: DataFrameType.TimeSeriesMulti,
        typeVersion: [0, 1] as [number, number],
        custom: { resultType: 'matrix' },
        executedQueryString: `Expr: ${query}\nStep: 1m0s`,
      },
      fields: [
        { name: 'Time', type: FieldType.time, values: times, config: { interval: MINUTE } },
        { name: 'Value', type: FieldType.number, values: increases[b], labels: seriesLabels, config: {} },
      ],
    };
  });
}

/** The name a classic histogram's bucket series has in Prometheus, in each name form. */
function bucketName(metric: GenAiMetric, form: NameForm): string {
  return `${prometheusName(metric, form)}_bucket`;
}

/** `sum by (…) (increase(<name>[1m]))` as a dashboard would write it, quoting UTF-8 names. */
function increaseQuery(metric: GenAiMetric, form: NameForm): string {
  const selector = form === 'utf8' ? `{"${bucketName(metric, form)}"}` : bucketName(metric, form);
  return `sum by (le, gen_ai_token_type, gen_ai_request_model, gen_ai_operation_name) (increase(${selector}[1m]))`;
}

const tokenMetrics = GENAI_METRICS.filter((metric) => metric.unit === '{token}');
const durationMetrics = GENAI_METRICS.filter((metric) => metric.unit === 's');

describe('GenAI metric names', () => {
  it.each(GENAI_METRICS.map((metric) => [metric.name, metric]))(
    '%s is recognised in every Prometheus name form, and nothing else is',
    (_name, metric) => {
      const underscores = metric.name.replace(/\./g, '_');
      const suffix = metric.unit === 's' ? '_seconds' : '';
      // UnderscoreEscapingWithSuffixes (the default), NoUTF8EscapingWithSuffixes, …WithoutSuffixes, NoTranslation.
      for (const name of [
        `${underscores}${suffix}_bucket`,
        `${metric.name}${suffix}_bucket`,
        `${underscores}${suffix}`,
        `${metric.name}${suffix}`,
        `${underscores}_bucket`,
        metric.name,
      ]) {
        expect({ name, metric: genAiMetricOf(name)?.name }).toEqual({ name, metric: metric.name });
      }
      expect(genAiMetricOf(`${underscores}${suffix}_count`)).toBeUndefined();
      expect(genAiMetricOf(`${underscores}${suffix}_sum`)).toBeUndefined();
    }
  );

  it('does not take other histograms for GenAI ones', () => {
    for (const name of ['http_request_duration_seconds_bucket', 'model_prediction_score_bucket', 'gen_ai_usage_cost']) {
      expect(genAiMetricOf(name)).toBeUndefined();
    }
  });

  it('finds the metric in a query, bare or quoted', () => {
    expect(
      genAiMetricInQuery(
        'histogram_quantile(0.95, sum by (le) (rate(gen_ai_client_operation_duration_seconds_bucket[5m])))'
      )?.name
    ).toBe('gen_ai.client.operation.duration');
    expect(
      genAiMetricInQuery('increase({"gen_ai.server.time_to_first_token_seconds", "gen_ai.system"="openai"}[5m])')?.name
    ).toBe('gen_ai.server.time_to_first_token');
    expect(genAiMetricInQuery('sum(rate(http_requests_total[5m]))')).toBeUndefined();
  });

  it('uses the buckets the conventions advise', () => {
    expect(TOKEN_BUCKETS).toHaveLength(14);
    expect(TOKEN_BUCKETS[13]).toBe(67108864);
    const duration = GENAI_METRICS.find((metric) => metric.name === 'gen_ai.client.operation.duration')!;
    expect(duration.buckets).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    const ttft = GENAI_METRICS.find((metric) => metric.name === 'gen_ai.server.time_to_first_token')!;
    expect(ttft.buckets[0]).toBe(0.001);
    expect(ttft.buckets[ttft.buckets.length - 1]).toBe(10);
  });
});

const FORMS: NameForm[] = ['underscores', 'utf8'];
const PROVIDERS: ProviderAttribute[] = ['gen_ai.provider.name', 'gen_ai.system'];
const cases = GENAI_METRICS.flatMap((metric) =>
  FORMS.flatMap((form) => PROVIDERS.map((provider) => [metric.name, form, provider, metric] as const))
);

describe('GenAI histograms in Grafana Prometheus frames', () => {
  it.each(cases)('%s, %s names, provider as %s: named, recognised and compared', (_name, form, provider, metric) => {
    const tokenUsage = metric.unit === '{token}' && !metric.tokenType;
    const types = tokenUsage ? ['input', 'output'] : [undefined];
    const frames = types.flatMap((type) => {
      const labels = attributeLabels(form, provider, type ? { 'gen_ai.token.type': type } : {});
      // Output tokens (and every duration) move up two buckets half-way; input tokens stay where they are.
      const increases = shiftingIncreases(metric.buckets, 5, type === 'input' ? 5 : 7);
      return prometheusFrames(bucketName(metric, form), labels, metric.buckets, increases, increaseQuery(metric, form));
    });
    const input = readHistogramInput(frames);
    expect(input.problems).toEqual([]);
    const measure = metric.unit === 's' ? metric.title : metric.tokenType ? `${metric.tokenType} tokens` : undefined;
    const names = tokenUsage
      ? ['input tokens · gpt-4o · chat', 'output tokens · gpt-4o · chat']
      : [`${measure} · gpt-4o · chat`];
    expect(input.features.map((feature) => feature.feature).sort()).toEqual(names);
    for (const name of names) {
      expect(input.genai[name]).toMatchObject({ metric: { name: metric.name }, provider: 'openai', model: 'gpt-4o' });
      const feature = input.features.find((candidate) => candidate.feature === name)!;
      expect(feature.buckets.map((bucket) => bucket.le)).toEqual([...metric.buckets, Infinity]);
    }

    const drift = readDriftInput(frames, { inputKind: 'auto', features: [], method: 'auto', threshold: 0 });
    const result = computeDriftOverTime(drift.features, {
      range: RANGE,
      baseline: { mode: 'firstPercent', percent: 25 },
      windowMs: 5 * MINUTE,
    });
    const moved = result.features.find((feature) => feature.feature === names[names.length - 1])!;
    expect(moved).toMatchObject({ drifted: true, method: metric.unit === '{token}' ? 'ks' : 'jensenshannon' });
    if (metric.unit === '{token}') {
      expect(drift.notes[moved.feature]).toBe(COARSE_TOKEN_BUCKETS_NOTE);
      expect(moved.reason).toMatch(/power-of-4 buckets/);
      // ks is the share of requests that crossed a bound: the current period (the last 30 steps) holds 20
      // steps after the shift.
      expect(moved.score).toBeCloseTo(20 / 30, 12);
    } else {
      expect(drift.notes[moved.feature]).toBeUndefined();
    }
    if (tokenUsage) {
      expect(result.features.find((feature) => feature.feature === names[0])).toMatchObject({
        drifted: false,
        score: 0,
      });
    }
  });

  it('names series from the query when functions dropped __name__, and from the token type label alone', () => {
    const labels = attributeLabels('utf8', 'gen_ai.provider.name', { 'gen_ai.token.type': 'output' });
    const increases = shiftingIncreases(TOKEN_BUCKETS, 4, 5);
    const metric = GENAI_METRICS[0];
    const fromQuery = readHistogramInput(
      prometheusFrames(undefined, labels, TOKEN_BUCKETS, increases, increaseQuery(metric, 'utf8'))
    );
    expect(fromQuery.features.map((feature) => feature.feature)).toEqual(['output tokens · gpt-4o · chat']);
    const fromLabels = readHistogramInput(
      prometheusFrames(undefined, labels, TOKEN_BUCKETS, increases, 'sum by (le) (x)')
    );
    expect(Object.keys(fromLabels.genai)).toEqual(['output tokens · gpt-4o · chat']);
  });

  it('adds the provider to names only when two providers serve the same model', () => {
    const metric = GENAI_METRICS[0];
    const frames = ['openai', 'azure.ai.openai'].flatMap((provider) =>
      prometheusFrames(
        bucketName(metric, 'underscores'),
        {
          ...attributeLabels('underscores', 'gen_ai.provider.name', { 'gen_ai.token.type': 'output' }),
          gen_ai_provider_name: provider,
        },
        TOKEN_BUCKETS,
        shiftingIncreases(TOKEN_BUCKETS, 4, 4),
        increaseQuery(metric, 'underscores')
      )
    );
    expect(readHistogramInput(frames).features.map((feature) => feature.feature)).toEqual([
      'output tokens · gpt-4o · chat · openai',
      'output tokens · gpt-4o · chat · azure.ai.openai',
    ]);
  });

  it('keeps the feature label first: a non-GenAI histogram reads as before', () => {
    const frames = prometheusFrames(
      'model_feature_value_bucket',
      { feature: 'prompt_tokens' },
      TOKEN_BUCKETS,
      shiftingIncreases(TOKEN_BUCKETS, 4, 4),
      'sum by (le, feature) (increase(model_feature_value_bucket[1m]))'
    );
    const input = readHistogramInput(frames);
    expect(input.features.map((feature) => feature.feature)).toEqual(['prompt_tokens']);
    expect(input.genai).toEqual({});
  });

  it("reads Grafana's heatmap format (heatmap-rows, de-accumulated over le)", () => {
    const metric = GENAI_METRICS[0];
    const cumulative = shiftingIncreases(TOKEN_BUCKETS, 4, 6);
    const labels = attributeLabels('underscores', 'gen_ai.system', { 'gen_ai.token.type': 'output' });
    const bounds = [...TOKEN_BUCKETS, Infinity];
    const frame: DataFrame = {
      refId: 'A',
      length: STEPS,
      meta: { type: DataFrameType.HeatmapRows, executedQueryString: `Expr: ${increaseQuery(metric, 'underscores')}` },
      fields: [
        { name: 'Time', type: FieldType.time, values: times, config: {} },
        ...bounds.map((bound, b) => ({
          name: formatLe(bound),
          type: FieldType.number,
          values: cumulative[b].map((value, i) => value - (b > 0 ? cumulative[b - 1][i] : 0)),
          labels: { ...labels, le: formatLe(bound) },
          config: { displayNameFromDS: formatLe(bound) },
        })),
      ],
    };
    const input = readHistogramInput([frame]);
    expect(input.features.map((feature) => feature.feature)).toEqual(['output tokens · gpt-4o · chat']);
    expect(input.genai['output tokens · gpt-4o · chat'].provider).toBe('openai');
  });
});

/**
 * A native histogram with the convention's buckets as custom buckets (what `convert_classic_histograms_to_nhcb`
 * makes), one per step: `count` observations in the bucket (bounds[bucket - 1], bounds[bucket]].
 */
function nhcbBuckets(bucket: number, count: number): Array<[number, string, string, string]> {
  const lower = bucket === 0 ? '-Inf' : String(TOKEN_BUCKETS[bucket - 1]);
  return [[0, lower, String(TOKEN_BUCKETS[bucket]), String(count)]];
}

describe('GenAI native histograms', () => {
  it.each(FORMS)(
    "reads custom-bucket native histograms in Grafana's heatmap-cells frames (%s names in the query)",
    (form) => {
      const metric = GENAI_METRICS[0];
      const labels = attributeLabels(form, 'gen_ai.provider.name', { 'gen_ai.token.type': 'output' });
      const selector = form === 'utf8' ? `{"${prometheusName(metric, form)}"}` : prometheusName(metric, form);
      // Bucket 0 is (-Inf, 1]: the first custom bucket is open below.
      const rows = times.map((time, i) => ({ time, bucket: i < STEPS / 2 ? 0 : 4 }));
      const cells: DataFrame = {
        refId: 'A',
        length: rows.length,
        meta: {
          type: DataFrameType.HeatmapCells,
          typeVersion: [0, 0],
          executedQueryString: `Expr: sum by (gen_ai_token_type) (increase(${selector}[1m]))`,
        },
        fields: [
          { name: 'xMax', type: FieldType.time, values: rows.map((row) => row.time), labels, config: {} },
          {
            name: 'yMin',
            type: FieldType.number,
            values: rows.map((row) => (row.bucket === 0 ? -Infinity : TOKEN_BUCKETS[row.bucket - 1])),
            labels,
            config: {},
          },
          {
            name: 'yMax',
            type: FieldType.number,
            values: rows.map((row) => TOKEN_BUCKETS[row.bucket]),
            labels,
            config: {},
          },
          { name: 'count', type: FieldType.number, values: rows.map(() => 50), labels, config: {} },
          { name: 'yLayout', type: FieldType.number, values: rows.map(() => 0), labels, config: {} },
        ],
      };
      const input = readHistogramInput([cells]);
      expect(input.problems).toEqual([]);
      expect(input.features.map((feature) => feature.feature)).toEqual(['output tokens · gpt-4o · chat']);
      const [feature] = input.features;
      const inf = feature.buckets.find((bucket) => bucket.le === Infinity)!;
      expect(Array.from(counterIncreases(inf, [T0, RANGE.to]))).toEqual([50 * STEPS]);
    }
  );

  it('reads the HTTP API histogram objects of custom buckets, "-Inf" lower bound included', () => {
    const values = times.map((_, i) => ({ count: '10', sum: '5', buckets: nhcbBuckets(i < STEPS / 2 ? 0 : 3, 10) }));
    const frame: DataFrame = {
      refId: 'A',
      length: STEPS,
      fields: [
        { name: 'Time', type: FieldType.time, values: times, config: {} },
        {
          name: 'Value',
          type: FieldType.other,
          values,
          labels: {
            __name__: 'gen_ai.client.token.usage',
            ...attributeLabels('utf8', 'gen_ai.system', { 'gen_ai.token.type': 'output' }),
          },
          config: {},
        },
      ],
    };
    const input = readHistogramInput([frame]);
    expect(input.problems).toEqual([]);
    expect(input.genai['output tokens · gpt-4o · chat']).toMatchObject({ provider: 'openai', tokenType: 'output' });
    const first = input.features[0].buckets.find((bucket) => bucket.le === 1)!;
    expect(Array.from(counterIncreases(first, [T0, RANGE.to]))).toEqual([10 * (STEPS / 2)]);
  });
});

describe('GenAI duration histograms on the timeline', () => {
  it.each(durationMetrics.flatMap((metric) => FORMS.map((form) => [metric.name, form, metric] as const)))(
    '%s (%s names) is one p95 lane, not a lane per bucket',
    (_name, form, metric) => {
      const labels = attributeLabels(form, 'gen_ai.system');
      const increases = shiftingIncreases(metric.buckets, 3, 8);
      const frames = prometheusFrames(
        bucketName(metric, form),
        labels,
        metric.buckets,
        increases,
        increaseQuery(metric, form)
      );
      const lanes = readTimelineLanes(frames, RANGE);
      expect(lanes.map((lane) => lane.name)).toEqual([`p95 ${metric.title} · gpt-4o · chat`]);
      const [lane] = lanes;
      expect(lane.unit).toBe('s');
      // As histogram_quantile(0.95, …) answers for each step's buckets.
      const bounds = [...metric.buckets, Infinity];
      const expected = (step: number) =>
        bucketQuantile(
          0.95,
          bounds.map((le, b) => ({ le, count: increases[b][step] }))
        );
      expect(lane.values[0]).toBeCloseTo(expected(0), 12);
      expect(lane.values[STEPS - 1]).toBeCloseTo(expected(STEPS - 1), 12);
      expect(lane.values[STEPS - 1]).toBeGreaterThan(lane.values[0]);
      expect(Array.from(lane.times)).toEqual(times);
    }
  );

  it('leaves histograms it cannot read to the plain metric lanes', () => {
    const metric = durationMetrics[0];
    const frames = prometheusFrames(
      bucketName(metric, 'underscores'),
      attributeLabels('underscores', 'gen_ai.provider.name'),
      [0.5],
      shiftingIncreases([0.5], 0, 0),
      increaseQuery(metric, 'underscores')
    );
    frames[0].fields[1].labels!.le = 'half';
    expect(readTimelineLanes(frames, RANGE)).toHaveLength(2);
  });

  it('leaves token histograms and other series to the metric lanes', () => {
    const metric = tokenMetrics[0];
    const frames = prometheusFrames(
      bucketName(metric, 'underscores'),
      attributeLabels('underscores', 'gen_ai.provider.name', { 'gen_ai.token.type': 'output' }),
      [1, 4],
      shiftingIncreases([1, 4], 0, 1),
      increaseQuery(metric, 'underscores')
    );
    expect(readTimelineLanes(frames, RANGE)).toHaveLength(3);
  });
});
