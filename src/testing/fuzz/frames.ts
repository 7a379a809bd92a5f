/**
 * fast-check arbitraries of Grafana data frames for the fuzz suite: the shapes the readers accept (raw
 * sample tables, Prometheus bucket series, heatmap rows and cells, native histograms, logs, spans,
 * annotations), then mutated as a half-broken data source or a transformation leaves them: a `length` that
 * lies, a field cut short, a column of junk, a wrong field type, a lost time field.
 */
import fc from 'fast-check';
import { DataFrame, FieldType } from '@grafana/data';
import { anyDouble, EPOCH, HOUR, junkValue, nativeHistogram, pick, timesFor } from './values';

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
  { weight: 1, arbitrary: fc.constant<DataFrame[]>([]) }
);

/** Histogram frames of the three shapes, mutated. */
export const histogramSeries: fc.Arbitrary<DataFrame[]> = fc.oneof(
  mutatedSeries(bucketSeriesFrames),
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
