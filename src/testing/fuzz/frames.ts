/**
 * fast-check arbitraries of Grafana data frames for the fuzz suite: the shapes the readers accept (raw
 * sample tables, Prometheus bucket series, heatmap rows and cells, native histograms, logs, spans,
 * annotations), then mutated as a half-broken data source or a transformation leaves them: a `length` that
 * lies, a field cut short, a column of junk, a wrong field type, a lost time field.
 */
import fc from 'fast-check';
import { DataFrame, FieldType } from '@grafana/data';
import type { StoredAnnotation } from '../../data/annotations';
import { anyDouble, EPOCH, HOUR, junkValue, mostly, nativeHistogram, pick, timesFor } from './values';

interface FieldSpec {
  name: string;
  type: FieldType;
  values: unknown[];
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
}

interface FrameSpec {
  name?: string;
  refId?: string;
  fields: FieldSpec[];
  meta?: Record<string, unknown>;
}

/** A plain DataFrame as a data source hands it over: `length` from the longest field. */
function toFrame(spec: FrameSpec): DataFrame {
  let length = 0;
  for (const field of spec.fields) {
    length = Math.max(length, field.values.length);
  }
  return {
    name: spec.name,
    refId: spec.refId ?? 'A',
    meta: spec.meta,
    length,
    fields: spec.fields.map((field) => ({ config: {}, ...field })),
  } as DataFrame;
}

const rows = fc.integer({ min: 0, max: 200 });

/** A raw sample table: time, numeric features, a category, a score, an outcome and sometimes a class. */
export const sampleTable: fc.Arbitrary<DataFrame> = rows.chain((length) => {
  const column = <T>(values: fc.Arbitrary<T>) => fc.array(values, { minLength: length, maxLength: length });
  return fc
    .record({
      times: timesFor(length),
      feature: column(
        fc.oneof(
          { weight: 6, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
          { weight: 1, arbitrary: junkValue }
        )
      ),
      other: column(fc.integer({ min: 0, max: 3 })),
      category: fc.oneof(
        column(fc.constantFrom('a', 'b', 'c', null, '')),
        // A category with a value per row: one bin per value.
        fc.constant(Array.from({ length }, (_, i) => `user-${i}`))
      ),
      score: column(
        fc.oneof(
          { weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
          { weight: 1, arbitrary: junkValue }
        )
      ),
      clicked: column(fc.constantFrom(0, 1, true, false, 'yes', null, NaN)),
      withClass: fc.boolean(),
      classes: column(fc.constantFrom('cat', 'dog', 1, 0, null)),
    })
    .map(({ times, feature, other, category, score, clicked, withClass, classes }) =>
      toFrame({
        name: 'samples',
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          { name: 'feature_a', type: FieldType.number, values: feature },
          { name: 'feature_b', type: FieldType.number, values: other },
          { name: 'segment', type: FieldType.string, values: category },
          { name: 'score', type: FieldType.number, values: score },
          { name: 'clicked', type: FieldType.number, values: clicked },
          ...(withClass ? [{ name: 'predicted_class', type: FieldType.string, values: classes }] : []),
        ],
      })
    );
});

/** `le` labels: usually a histogram's bounds with +Inf, sometimes without it or with one that is no bound. */
const leLabels: fc.Arbitrary<string[]> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .uniqueArray(fc.constantFrom('0.1', '0.5', '1', '2.5', '10'), { maxLength: 5 })
      .map((bounds) => [...bounds, '+Inf']),
  },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fc.constantFrom('0.1', '0.5', '1', '2.5', '10', '+Inf', 'Inf', 'x', '-1'), {
      minLength: 1,
      maxLength: 6,
    }),
  }
);

/** Counter or per-interval increase values of one bucket series. */
function bucketValues(length: number, scale: number, counter: boolean): fc.Arbitrary<unknown[]> {
  return fc
    .array(fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: junkValue }), {
      minLength: length,
      maxLength: length,
    })
    .map((steps) => {
      let running = 0;
      return steps.map((step) =>
        typeof step === 'number' ? (counter ? (running += step * scale) : step * scale) : step
      );
    });
}

/** The numeric order of `le` labels, +Inf last; labels that are no bound sort first. */
function leOrder(les: string[]): number[] {
  const value = (le: string) => (/inf/i.test(le) ? Infinity : Number.isNaN(Number(le)) ? -Infinity : Number(le));
  return les.map((_, i) => i).sort((a, b) => value(les[a]) - value(les[b]));
}

/**
 * One histogram's bucket values, one array per `le` in `les` order: per-interval observations added up over
 * le (so each bucket counts those at or below its bound), and over time for counters; now and then a junk
 * value in place of a count.
 */
function histogramValues(les: string[], length: number, counter: boolean): fc.Arbitrary<unknown[][]> {
  const cell = fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 0, max: 20 }) },
    { weight: 1, arbitrary: junkValue }
  );
  return fc
    .array(fc.array(cell, { minLength: length, maxLength: length }), { minLength: les.length, maxLength: les.length })
    .map((rises) => {
      const values: unknown[][] = les.map(() => new Array<unknown>(length));
      const order = leOrder(les);
      for (let i = 0; i < length; i++) {
        let below = 0;
        for (const b of order) {
          const rise = rises[b][i];
          if (typeof rise === 'number') {
            below += rise;
            values[b][i] = below;
          } else {
            values[b][i] = rise;
          }
        }
      }
      if (counter) {
        for (const series of values) {
          let running = 0;
          for (let i = 0; i < length; i++) {
            const value = series[i];
            if (typeof value === 'number') {
              running += value;
              series[i] = running;
            }
          }
        }
      }
      return values;
    });
}

/** Prometheus bucket series, one frame per series (the "Time series" format), sharing one times array. */
export const bucketSeriesFrames: fc.Arbitrary<DataFrame[]> = fc
  .record({
    length: fc.integer({ min: 0, max: 120 }),
    les: leLabels,
    features: fc.uniqueArray(fc.constantFrom('latency', 'tokens', 'score'), { minLength: 1, maxLength: 2 }),
    counter: fc.boolean(),
    query: fc.constantFrom(undefined, 'sum by (le) (increase(x_bucket[5m]))', 'x_bucket'),
    unit: fc.constantFrom(undefined, 's', 'short'),
  })
  .chain(({ length, les, features, counter, query, unit }) =>
    fc
      .record({
        times: timesFor(length),
        values: fc.array(histogramValues(les, length, counter), {
          minLength: features.length,
          maxLength: features.length,
        }),
      })
      .map(({ times, values }) =>
        features.flatMap((feature, f) =>
          les.map((le, b) =>
            toFrame({
              meta: query ? { executedQueryString: query } : undefined,
              fields: [
                { name: 'Time', type: FieldType.time, values: times },
                {
                  name: 'Value',
                  type: FieldType.number,
                  values: values[f][b],
                  labels: { le, feature, __name__: `${feature}_bucket` },
                  config: unit ? { unit } : {},
                },
              ],
            })
          )
        )
      )
  );

/** Grafana's heatmap format: a time field and one number field per bucket, named by its bound. */
export const heatmapRowsFrame: fc.Arbitrary<DataFrame> = fc
  .record({ length: fc.integer({ min: 0, max: 120 }), les: leLabels, typed: fc.boolean(), counter: fc.boolean() })
  .chain(({ length, les, typed, counter }) =>
    fc
      .record({
        times: timesFor(length),
        // Grafana's heatmap format holds per-bucket counts; an untyped frame may hold cumulative ones.
        values: typed
          ? fc.array(bucketValues(length, 1, counter), { minLength: les.length, maxLength: les.length })
          : histogramValues(les, length, counter),
      })
      .map(({ times, values }) =>
        toFrame({
          name: 'latency',
          meta: typed ? { type: 'heatmap-rows' } : undefined,
          fields: [
            { name: 'Time', type: FieldType.time, values: times },
            ...les.map((le, b) => ({ name: le, type: FieldType.number, values: values[b] })),
          ],
        })
      )
  );

/** Native histograms as heatmap cells: one row per (time, bucket). */
export const heatmapCellsFrame: fc.Arbitrary<DataFrame> = fc
  .array(
    fc.record({
      time: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 50 }).map((i) => EPOCH + i * HOUR) },
        { weight: 1, arbitrary: junkValue }
      ),
      lower: fc.oneof(
        { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
        { weight: 1, arbitrary: junkValue }
      ),
      width: fc.oneof(
        { weight: 6, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) },
        { weight: 1, arbitrary: anyDouble }
      ),
      count: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: junkValue }),
      layout: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 150 }
  )
  .map((cells) =>
    toFrame({
      name: 'latency',
      meta: { type: 'heatmap-cells' },
      fields: [
        { name: 'xMax', type: FieldType.time, values: cells.map((c) => c.time) },
        { name: 'yMin', type: FieldType.number, values: cells.map((c) => c.lower) },
        {
          name: 'yMax',
          type: FieldType.number,
          values: cells.map((c) =>
            typeof c.lower === 'number' && typeof c.width === 'number' ? c.lower + c.width : c.width
          ),
        },
        { name: 'count', type: FieldType.number, values: cells.map((c) => c.count) },
        { name: 'yLayout', type: FieldType.number, values: cells.map((c) => c.layout) },
      ],
    })
  );

/** Native histograms as the Prometheus API's `histogram` objects, one per row. */
export const nativeFieldFrame: fc.Arbitrary<DataFrame> = fc
  .integer({ min: 0, max: 60 })
  .chain((length) =>
    fc.record({
      times: timesFor(length),
      histograms: fc.array(fc.oneof({ weight: 8, arbitrary: nativeHistogram }, { weight: 1, arbitrary: junkValue }), {
        minLength: length,
        maxLength: length,
      }),
    })
  )
  .map(({ times, histograms }) =>
    toFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: times },
        { name: 'Value', type: FieldType.other, values: histograms, labels: { feature: 'latency' } },
      ],
    })
  );

/** A Loki logs frame. */
export const logsFrame: fc.Arbitrary<DataFrame> = rows.chain((length) =>
  fc
    .record({
      times: timesFor(length),
      lines: fc.array(
        fc.oneof(
          fc.constantFrom(
            'GET /api 200 in 12ms',
            '{"msg":"timeout after 30s","level":"error"}',
            '{"msg":',
            'disk 91% full'
          ),
          fc.string({ maxLength: 20 }),
          junkValue
        ),
        { minLength: length, maxLength: length }
      ),
      levels: fc.array(fc.constantFrom('error', 'warn', 'info', 'ERR', 'x', null), {
        minLength: length,
        maxLength: length,
      }),
      labelled: fc.boolean(),
    })
    .map(({ times, lines, levels, labelled }) =>
      toFrame({
        meta: { type: 'log-lines' },
        fields: [
          { name: 'timestamp', type: FieldType.time, values: times },
          { name: 'body', type: FieldType.string, values: lines },
          labelled
            ? { name: 'labels', type: FieldType.other, values: levels.map((level) => ({ level })) }
            : { name: 'level', type: FieldType.string, values: levels },
        ],
      })
    )
);

/** A Tempo span table. */
export const tracesFrame: fc.Arbitrary<DataFrame> = rows.chain((length) =>
  fc
    .record({
      times: timesFor(length),
      durations: fc.array(
        fc.oneof(
          { weight: 6, arbitrary: fc.double({ min: 0, max: 5000, noNaN: true }) },
          { weight: 1, arbitrary: junkValue }
        ),
        {
          minLength: length,
          maxLength: length,
        }
      ),
      parents: fc.array(fc.constantFrom('', 'p1', null), { minLength: length, maxLength: length }),
      statuses: fc.array(fc.constantFrom(0, 2, 'error', 'ok', null), { minLength: length, maxLength: length }),
      names: fc.array(fc.constantFrom('GET /a', 'db.query', null), { minLength: length, maxLength: length }),
    })
    .map(({ times, durations, parents, statuses, names }) =>
      toFrame({
        fields: [
          { name: 'startTime', type: FieldType.time, values: times },
          { name: 'duration', type: FieldType.number, values: durations },
          { name: 'traceID', type: FieldType.string, values: times.map((_, i) => `t${i % 7}`) },
          { name: 'spanID', type: FieldType.string, values: times.map((_, i) => `s${i}`) },
          { name: 'parentSpanID', type: FieldType.string, values: parents },
          { name: 'statusCode', type: FieldType.number, values: statuses },
          { name: 'name', type: FieldType.string, values: names },
        ],
      })
    )
);

/** Grafana's annotation frame (PanelData.annotations). */
export const annotationFrame: fc.Arbitrary<DataFrame> = fc
  .array(
    fc.record({
      time: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 200 }).map((i) => EPOCH + i * HOUR) },
        { weight: 1, arbitrary: junkValue }
      ),
      timeEnd: fc.oneof(
        fc.integer({ min: 0, max: 200 }).map((i) => EPOCH + i * HOUR),
        junkValue
      ),
      text: junkValue,
      tags: fc.oneof(
        fc.constantFrom(
          ['deploy'],
          ['incident'],
          ['incident', 'ongoing'],
          ['config'],
          ['rollback', 'deploy'],
          [],
          'deploy,model'
        ),
        junkValue
      ),
      id: fc.oneof(fc.integer({ min: 1, max: 99 }), junkValue),
      isRegion: fc.oneof(fc.boolean(), junkValue),
    }),
    { maxLength: 20 }
  )
  .map((events) =>
    toFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: events.map((e) => e.time) },
        { name: 'timeEnd', type: FieldType.time, values: events.map((e) => e.timeEnd) },
        { name: 'text', type: FieldType.string, values: events.map((e) => e.text) },
        { name: 'tags', type: FieldType.other, values: events.map((e) => e.tags) },
        { name: 'id', type: FieldType.string, values: events.map((e) => e.id) },
        { name: 'isRegion', type: FieldType.boolean, values: events.map((e) => e.isRegion) },
      ],
    })
  );

const FIELD_NAMES = [
  'time',
  'Time',
  'Value',
  'score',
  'le',
  'feature_a',
  'line',
  'level',
  'labels',
  'duration',
  'traceID',
  'spanID',
  'xMax',
  'yMax',
  'count',
  'text',
  'tags',
  'clicked',
  '+Inf',
  '0.5',
  'body',
];
const FIELD_TYPES = [FieldType.time, FieldType.number, FieldType.string, FieldType.boolean, FieldType.other];

/** A frame of random fields and junk values. */
export const randomFrame: fc.Arbitrary<DataFrame> = fc
  .record({
    fields: fc.array(
      fc.record({
        name: pick(FIELD_NAMES),
        type: pick(FIELD_TYPES),
        values: fc.array(junkValue, { maxLength: 30 }),
        labels: fc.option(
          fc.record(
            { le: fc.constantFrom('0.5', '+Inf', 'x'), feature: fc.constantFrom('a', 'b') },
            { requiredKeys: [], noNullPrototype: true }
          ),
          { nil: undefined }
        ),
      }),
      { maxLength: 5 }
    ),
    meta: fc.option(
      fc.record(
        {
          type: fc.constantFrom('heatmap-rows', 'heatmap-cells', 'log-lines', 'timeseries-multi'),
          preferredVisualisationType: fc.constantFrom('trace', 'graph'),
        },
        { requiredKeys: [], noNullPrototype: true }
      ),
      { nil: undefined }
    ),
  })
  .map((spec) => toFrame(spec as FrameSpec));

type Mutation = (frame: DataFrame, pick: number) => DataFrame;

const MUTATIONS: Record<string, Mutation> = {
  // The frame says it is far longer (or shorter) than its fields: readers must go by the fields.
  lyingLength: (frame, pick) => ({ ...frame, length: [1e9, 1e8, 0, -1, NaN][pick % 5] }),
  shortField: (frame, pick) => {
    const fields = frame.fields.slice();
    const i = pick % Math.max(1, fields.length);
    if (fields[i]) {
      fields[i] = { ...fields[i], values: fields[i].values.slice(0, Math.floor(fields[i].values.length / 2)) };
    }
    return { ...frame, fields };
  },
  junkField: (frame, pick) => {
    const fields = frame.fields.slice();
    const i = pick % Math.max(1, fields.length);
    if (fields[i]) {
      const junk = [NaN, 'x', null, {}, -1, 1e308, undefined, true];
      fields[i] = {
        ...fields[i],
        values: fields[i].values.map((_: unknown, row: number) => junk[(row + pick) % junk.length]),
      };
    }
    return { ...frame, fields };
  },
  wrongType: (frame, pick) => {
    const fields = frame.fields.slice();
    const i = pick % Math.max(1, fields.length);
    if (fields[i]) {
      fields[i] = { ...fields[i], type: FIELD_TYPES[pick % FIELD_TYPES.length] };
    }
    return { ...frame, fields };
  },
  noTime: (frame) => ({ ...frame, fields: frame.fields.filter((field) => field.type !== FieldType.time) }),
};

/** A frame, untouched most of the time, else with one of the mutations applied. */
export function mutated(frames: fc.Arbitrary<DataFrame>): fc.Arbitrary<DataFrame> {
  return fc.oneof(
    { weight: 3, arbitrary: frames },
    {
      weight: 1,
      arbitrary: fc
        .tuple(frames, pick(Object.keys(MUTATIONS)), fc.nat())
        .map(([frame, name, pick]) => MUTATIONS[name](frame, pick)),
    }
  );
}

/** A list of frames, each possibly mutated. */
export function mutatedSeries(frames: fc.Arbitrary<DataFrame[]>): fc.Arbitrary<DataFrame[]> {
  return fc.oneof(
    { weight: 3, arbitrary: frames },
    {
      weight: 1,
      arbitrary: fc
        .tuple(frames, pick(Object.keys(MUTATIONS)), fc.nat())
        .map(([series, name, pick]) =>
          series.map((frame, i) => (i === pick % Math.max(1, series.length) ? MUTATIONS[name](frame, pick) : frame))
        ),
    }
  );
}

/** Metric names of OpenTelemetry GenAI histograms in the forms an OTLP pipeline gives them, and near misses. */
export const GENAI_NAMES = [
  'gen_ai_client_token_usage_bucket',
  'gen_ai.client.token.usage_bucket',
  'gen_ai_client_operation_duration_seconds_bucket',
  'gen_ai.client.operation.duration',
  'gen_ai_server_time_to_first_token_seconds_bucket',
  'gen_ai_server_time_per_output_token_bucket',
  'gen_ai_client_inference_operation_output_tokens_bucket',
  'gen_ai_client_token_usage',
  'gen_ai_client_operation_duration_bucket_bucket',
  'gen_ai',
  '',
];

/** GenAI attribute labels, dotted or underscored, with values that are empty or junk now and then. */
export const genAiLabels: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    __name__: pick(GENAI_NAMES),
    gen_ai_token_type: fc.constantFrom('input', 'output', '', 'x'),
    'gen_ai.token.type': fc.constantFrom('input', 'output'),
    gen_ai_request_model: fc.constantFrom('gpt-4o', 'claude', '', '{x}'),
    gen_ai_response_model: fc.constantFrom('gpt-4o-2024', ''),
    gen_ai_operation_name: fc.constantFrom('chat', 'embeddings', ''),
    gen_ai_provider_name: fc.constantFrom('openai', 'anthropic', ''),
    gen_ai_system: fc.constantFrom('openai', 'az.ai.inference'),
    'error.type': fc.constantFrom('timeout', '500', ''),
  },
  { requiredKeys: [], noNullPrototype: true }
);

const GENAI_QUERIES = [
  'sum by (le, gen_ai_token_type) (increase(gen_ai_client_token_usage_bucket[5m]))',
  'histogram_quantile(0.95, sum by (le) (rate({"gen_ai.client.operation.duration_seconds_bucket"}[5m])))',
  'sum by (le) (increase(gen_ai_server_time_to_first_token_seconds_bucket{model="x"}[1m]))',
  'rate(x_bucket[5m])',
  '{"gen_ai.client.token.usage" ',
];

/** GenAI histograms as Prometheus bucket series: the bucket frames, named and labelled as GenAI series. */
export const genAiBucketSeriesFrames: fc.Arbitrary<DataFrame[]> = fc
  .tuple(bucketSeriesFrames, genAiLabels, fc.option(pick(GENAI_QUERIES), { nil: undefined }), fc.boolean())
  .map(([frames, labels, query, keepName]) =>
    frames.map((frame) => ({
      ...frame,
      meta: query ? { executedQueryString: query } : frame.meta,
      fields: frame.fields.map((field) => {
        if (!field.labels) {
          return field;
        }
        // GenAI series carry no feature label: the model (here, one per bucket set) tells them apart.
        const merged: Record<string, string> = {
          ...labels,
          le: field.labels.le,
          gen_ai_request_model: field.labels.feature,
        };
        if (!keepName) {
          // Every PromQL function drops the name: the query text tells the metric then.
          delete merged.__name__;
        }
        return { ...field, labels: merged };
      }),
    }))
  );

/** Finish reasons as Tempo hands them over: a list, a JSON list in text, comma-separated text, one value, junk. */
const finishReasons = fc.oneof(
  fc.constantFrom('stop', 'length', '["stop"]', '["length","stop"]', 'stop,length', "['stop']", '[', '[]', '', null),
  fc.array(fc.constantFrom('stop', 'length', 'tool_calls', '', null), { maxLength: 3 }),
  junkValue
);

/** A Tempo span table with GenAI attributes, under their current, `span.`-scoped or older names. */
export const genAiSpansFrame: fc.Arbitrary<DataFrame> = rows.chain((length) => {
  const column = <T>(values: fc.Arbitrary<T>) => fc.array(values, { minLength: length, maxLength: length });
  return fc
    .record({
      times: timesFor(length),
      scoped: fc.boolean(),
      legacy: fc.boolean(),
      withOperation: fc.boolean(),
      operations: column(fc.constantFrom('chat', 'embeddings', '', null)),
      tokens: column(fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.constantFrom('120', '1e3', 'x', ''), junkValue)),
      reasons: column(finishReasons),
      errors: column(fc.constantFrom('', '', 'timeout', 'rate_limit', null)),
      statuses: column(fc.constantFrom(0, 2, 'error', 'STATUS_CODE_ERROR', 'ok', null)),
      durations: column(fc.oneof(fc.double({ min: 0, max: 5e9, noNaN: true }), junkValue)),
    })
    .map(({ times, scoped, legacy, withOperation, operations, tokens, reasons, errors, statuses, durations }) => {
      const name = (attribute: string) => (scoped ? `span.${attribute}` : attribute);
      return toFrame({
        meta: { preferredVisualisationType: 'table' },
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          { name: 'traceIdHidden', type: FieldType.string, values: times.map((_, i) => `t${i % 5}`) },
          { name: 'spanID', type: FieldType.string, values: times.map((_, i) => `s${i}`) },
          { name: 'name', type: FieldType.string, values: times.map(() => 'chat gpt-4o') },
          ...(withOperation
            ? [{ name: name('gen_ai.operation.name'), type: FieldType.string, values: operations }]
            : []),
          {
            name: name(legacy ? 'gen_ai.usage.completion_tokens' : 'gen_ai.usage.output_tokens'),
            type: FieldType.string,
            values: tokens,
          },
          {
            name: legacy ? 'llm.response.finish_reason' : name('gen_ai.response.finish_reasons'),
            type: FieldType.other,
            values: reasons,
          },
          { name: name('error.type'), type: FieldType.string, values: errors },
          { name: 'statusCode', type: FieldType.string, values: statuses },
          { name: 'duration', type: FieldType.number, values: durations },
        ],
      });
    });
});

const RECORDED_NAMES = [
  'driftline:feature_drift:psi',
  'driftline:feature_drift:jensenshannon',
  'driftline:feature_drift:ks',
  'driftline:feature_drift:hellinger',
  'driftline:feature_drift:kl',
  'driftline:feature_drift:',
  'other_metric',
];

/** Drift scores a Prometheus rule recorded (`driftline:feature_drift:<method>`), one frame per series. */
export const recordedDriftFrames: fc.Arbitrary<DataFrame[]> = fc
  .record({
    length: fc.integer({ min: 0, max: 150 }),
    series: fc.array(
      fc.record({
        name: fc.oneof(
          { weight: 6, arbitrary: pick(RECORDED_NAMES.slice(0, 4)) },
          { weight: 1, arbitrary: pick(RECORDED_NAMES) }
        ),
        labels: fc.record(
          {
            feature: fc.constantFrom('latency', 'tokens', 'a', ''),
            model: fc.constantFrom('reco', 'rank'),
            instance: fc.constantFrom('x:1', 'y:2'),
          },
          { requiredKeys: [], noNullPrototype: true }
        ),
        keepName: fc.boolean(),
        interval: fc.option(fc.oneof(fc.constantFrom(60_000, 15_000, 0, -1), anyDouble), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 }
    ),
    query: fc.option(
      fc.constantFrom(
        'driftline:feature_drift:psi',
        '{__name__=~"driftline:feature_drift:.*"}',
        'driftline:feature_drift:psi or driftline:feature_drift:ks'
      ),
      { nil: undefined }
    ),
  })
  .chain(({ length, series, query }) =>
    fc
      .tuple(
        timesFor(length),
        fc.array(
          fc.array(
            fc.oneof(
              { weight: 8, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) },
              { weight: 1, arbitrary: anyDouble },
              { weight: 1, arbitrary: junkValue }
            ),
            { minLength: length, maxLength: length }
          ),
          { minLength: series.length, maxLength: series.length }
        )
      )
      .map(([times, values]) =>
        series.map((entry, i) =>
          toFrame({
            meta: query ? { executedQueryString: query } : undefined,
            fields: [
              {
                name: 'Time',
                type: FieldType.time,
                values: times,
                config: entry.interval === undefined ? {} : { interval: entry.interval },
              },
              {
                name: 'Value',
                type: FieldType.number,
                values: values[i],
                labels: entry.keepName ? { __name__: entry.name, ...entry.labels } : entry.labels,
              },
            ],
          })
        )
      )
  );

/** Frames of any of the shapes the panels read, in a list of one to three, mutated. */
export const anySeries: fc.Arbitrary<DataFrame[]> = fc.oneof(
  { weight: 3, arbitrary: mutatedSeries(fc.array(sampleTable, { minLength: 1, maxLength: 2 })) },
  { weight: 3, arbitrary: mutatedSeries(bucketSeriesFrames) },
  {
    weight: 2,
    arbitrary: mutatedSeries(
      fc.array(fc.oneof(heatmapRowsFrame, heatmapCellsFrame, nativeFieldFrame), { minLength: 1, maxLength: 2 })
    ),
  },
  {
    weight: 3,
    arbitrary: mutatedSeries(
      fc.array(fc.oneof(logsFrame, tracesFrame, randomFrame, sampleTable), { minLength: 1, maxLength: 3 })
    ),
  },
  { weight: 1, arbitrary: mutatedSeries(genAiBucketSeriesFrames) },
  {
    weight: 1,
    arbitrary: mutatedSeries(fc.array(fc.oneof(genAiSpansFrame, tracesFrame), { minLength: 1, maxLength: 2 })),
  },
  { weight: 1, arbitrary: mutatedSeries(recordedDriftFrames) },
  { weight: 1, arbitrary: fc.constant<DataFrame[]>([]) }
);

/** Histogram frames of the three shapes, mutated. */
export const histogramSeries: fc.Arbitrary<DataFrame[]> = fc.oneof(
  mutatedSeries(bucketSeriesFrames),
  mutatedSeries(genAiBucketSeriesFrames),
  mutatedSeries(
    fc.array(fc.oneof(heatmapRowsFrame, heatmapCellsFrame, nativeFieldFrame), { minLength: 1, maxLength: 2 })
  )
);

/** Raw sample tables, mutated. */
export const sampleSeries: fc.Arbitrary<DataFrame[]> = mutatedSeries(
  fc.array(sampleTable, { minLength: 1, maxLength: 2 })
);

/** Annotation frames, mutated. */
export const annotationSeries: fc.Arbitrary<DataFrame[] | undefined> = fc.oneof(
  mutatedSeries(fc.array(annotationFrame, { maxLength: 2 })),
  fc.constant(undefined)
);

/** An annotation as Grafana's HTTP API or the outbox store it, with times that are no times now and then. */
export const storedAnnotation: fc.Arbitrary<StoredAnnotation> = fc.record(
  {
    id: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.string({ maxLength: 4 })),
    time: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
    timeEnd: fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR }))
    ),
    isRegion: fc.option(fc.boolean(), { nil: undefined }),
    text: fc.string({ maxLength: 12 }),
    tags: fc.constantFrom(
      [],
      ['deploy'],
      ['incident', 'ongoing'],
      ['config', 'x'],
      ['Ongoing'],
      ['rollback', 'deploy']
    ),
    login: fc.option(fc.constantFrom('admin', ''), { nil: undefined }),
  },
  { requiredKeys: ['id', 'time', 'text', 'tags'] }
);
